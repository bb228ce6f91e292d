// The OAuth setup wizard's page: shows one step at a time, asks the
// server to validate a step before moving on (the server's rules are the
// only ones), and writes through /api/write. Every API call carries the
// launch token in X-Wizard-Token.
(function () {
  "use strict";

  var root = document.getElementById("wizard-root");
  var token = root.dataset.token;
  var form = root.querySelector("[data-w-form]");
  var steps = root.querySelectorAll("[data-w-step]");
  var backBtn = root.querySelector("[data-w-back]");
  var nextBtn = root.querySelector("[data-w-next]");
  var writeBtn = root.querySelector("[data-w-write]");
  var doneBtn = root.querySelector("[data-w-done]");
  var statusEl = root.querySelector("[data-w-status]");
  var state = null;
  var current = 0;

  function api(method, path, body) {
    var init = { method: method, headers: { "X-Wizard-Token": token } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (r) {
      return r.json().then(function (j) { return { status: r.status, body: j }; });
    });
  }

  function field(name) { return form.elements.namedItem(name); }

  function payload() {
    var p = {
      base_url: field("base_url").value.trim(),
      redirect_uri: field("redirect_uri").value.trim(),
      client_id: field("client_id").value.trim(),
      client_secret: field("client_secret").value,
      auto_link_verified_emails: field("auto_link_verified_emails").checked,
      enforce_mfa_on_oauth_signin: field("enforce_mfa_on_oauth_signin").checked
    };
    if (state && state.existing_oauth) { p.replace_existing = field("replace_existing").checked; }
    return p;
  }

  function redirect() {
    var p = payload();
    if (p.redirect_uri) { return p.redirect_uri; }
    return p.base_url.replace(/\/+$/, "") + state.api_prefix.replace(/\/+$/, "") + "/oauth/google/callback";
  }

  function clearErrors() {
    root.querySelectorAll("[data-w-error]").forEach(function (el) { el.textContent = ""; });
    root.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    statusEl.textContent = "";
  }

  function showErrors(errors) {
    (errors || []).forEach(function (e) {
      var el = root.querySelector('[data-w-error="' + e.field + '"]') || root.querySelector('[data-w-error="_form"]');
      el.textContent = e.message;
      var input = field(e.field);
      if (input && input.classList) { input.classList.add("has-error"); }
    });
  }

  function fillReview() {
    var p = payload();
    var show = {
      base_url: p.base_url, redirect: redirect(), client_id: p.client_id,
      client_secret: p.client_secret ? "•".repeat(Math.min(p.client_secret.length, 12)) + " (" + p.client_secret.length + " characters)" : "",
      auto_link_verified_emails: p.auto_link_verified_emails ? "on" : "off",
      enforce_mfa_on_oauth_signin: p.enforce_mfa_on_oauth_signin ? "on" : "off"
    };
    root.querySelectorAll("[data-w-show]").forEach(function (el) { el.textContent = show[el.dataset.wShow]; });
  }

  function go(n) {
    current = n;
    steps.forEach(function (s) { s.hidden = Number(s.dataset.wStep) !== n; });
    root.querySelector("[data-w-progress]").textContent = "Step " + (n + 1) + " of " + state.num_steps;
    root.querySelectorAll("[data-w-redirect]").forEach(function (el) { el.textContent = redirect(); });
    if (n === 10) { fillReview(); }
    backBtn.disabled = n === 0;
    nextBtn.hidden = n === steps.length - 1;
    writeBtn.hidden = n !== steps.length - 1;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    var from = current;
    api("POST", "/api/step/" + from + "/validate", payload()).then(function (r) {
      if (r.body.ok) { go(from + 1); return; }
      if (typeof r.body.jump_to === "number") { go(r.body.jump_to); }
      showErrors(r.body.errors);
    }).catch(function (err) { statusEl.textContent = "Request failed: " + err; });
  });

  backBtn.addEventListener("click", function () {
    clearErrors();
    if (current > 0) { go(current - 1); }
  });

  root.querySelectorAll("[data-w-goto]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      clearErrors();
      go(Number(a.dataset.wGoto));
    });
  });

  field("base_url").addEventListener("input", function () {
    root.querySelectorAll("[data-w-redirect]").forEach(function (el) { el.textContent = redirect(); });
  });

  writeBtn.addEventListener("click", function () {
    clearErrors();
    writeBtn.disabled = true;
    api("POST", "/api/write", payload()).then(function (r) {
      writeBtn.disabled = false;
      if (r.status === 200 && r.body.ok) {
        root.querySelectorAll("[data-w-result]").forEach(function (el) { el.textContent = r.body[el.dataset.wResult]; });
        root.querySelector("[data-w-success]").hidden = false;
        writeBtn.hidden = true;
        return;
      }
      if (typeof r.body.jump_to === "number") { go(r.body.jump_to); }
      if (r.body.errors) { showErrors(r.body.errors); } else { statusEl.textContent = r.body.detail || "Write failed."; }
    }).catch(function (err) { writeBtn.disabled = false; statusEl.textContent = "Request failed: " + err; });
  });

  doneBtn.addEventListener("click", function () {
    api("POST", "/api/done").then(function () {
      statusEl.textContent = "Finished: you can close this tab.";
      doneBtn.disabled = true;
    });
  });

  api("GET", "/api/state").then(function (r) {
    state = r.body;
    root.querySelector("[data-w-target]").textContent = state.target_dir;
    root.querySelectorAll("[data-w-config]").forEach(function (el) { el.textContent = state.config_file; });
    root.querySelectorAll("[data-w-secrets]").forEach(function (el) { el.textContent = state.secrets_file; });
    root.querySelector("[data-w-existing-none]").hidden = state.existing_oauth;
    root.querySelector("[data-w-existing-some]").hidden = !state.existing_oauth;
    field("base_url").value = state.base_url;
    root.dataset.ready = "true";
    go(0);
  });
})();
