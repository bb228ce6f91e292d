// The theme designer's page: loads the variables and their defaults from
// /api/state, shows one input per variable for the selected scheme, sends
// every edit to the preview (the real pages in an iframe, restyled by the
// designer's preview stylesheet), and saves through /api/save. Every API
// call carries the launch token in X-Wizard-Token, every preview URL in
// its query.
(function () {
  "use strict";

  var root = document.getElementById("designer-root");
  var token = root.dataset.token;
  var fieldsEl = root.querySelector("[data-d-fields]");
  var frame = root.querySelector("[data-d-frame]");
  var pageEl = root.querySelector("[data-d-page]");
  var previewScheme = "light";
  var statusEl = root.querySelector("[data-d-status]");
  var errorsEl = root.querySelector("[data-d-errors]");
  var schemeEl = root.querySelector("[data-d-scheme]");
  var state = null;
  var scope = "light";
  var values = { light: {}, dark: {} };
  var fieldErrors = { light: {}, dark: {} };

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

  function copy(m) {
    var out = {};
    Object.keys(m || {}).forEach(function (k) { out[k] = m[k]; });
    return out;
  }

  function merged(base, over) {
    var out = copy(base);
    Object.keys(over || {}).forEach(function (k) { out[k] = over[k]; });
    return out;
  }

  // The dark scheme inherits every light value it does not set.
  function effective(name) {
    if (scope === "dark" && values.dark[name]) { return values.dark[name]; }
    return values.light[name] || "";
  }

  // The preview is the real page in the iframe. Edits go to the server
  // (POST /api/preview), which serves them as the page's last stylesheet;
  // the frame then reloads just that stylesheet. The scheme picks which
  // values the stylesheet sets, whatever the browser prefers.
  var previewSeq = 0;
  var previewTimer = null;

  function frameURL() {
    return "/preview/page/" + encodeURIComponent(pageEl.value || "login") +
      "?token=" + encodeURIComponent(token) + "&scheme=" + previewScheme;
  }

  function reloadFrameCSS() {
    var doc = frame.contentDocument;
    var link = doc && doc.querySelector('link[href^="/preview/theme.css"]');
    if (!link) { frame.src = frameURL(); return; }
    previewSeq += 1;
    link.href = "/preview/theme.css?token=" + encodeURIComponent(token) +
      "&scheme=" + previewScheme + "&n=" + previewSeq;
  }

  function applyPreview() {
    schemeEl.textContent = "(" + previewScheme + ")";
    if (previewTimer) { clearTimeout(previewTimer); }
    previewTimer = setTimeout(function () {
      api("POST", "/api/preview", { light: values.light, dark: values.dark }).then(reloadFrameCSS);
    }, 120);
  }

  function selectPreviewScheme(s) {
    previewScheme = s;
    root.querySelectorAll("[data-d-preview-scheme]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.dPreviewScheme === s ? "true" : "false");
    });
    schemeEl.textContent = "(" + s + ")";
    frame.src = frameURL();
  }

  function setStatus(text, tone) {
    statusEl.textContent = text;
    if (tone) { statusEl.dataset.tone = tone; } else { delete statusEl.dataset.tone; }
  }

  function renderFields() {
    fieldsEl.textContent = "";
    state.schema.all_vars.forEach(function (name) {
      var row = document.createElement("div");
      row.className = "d-field";
      row.dataset.dVar = name;
      if (fieldErrors[scope][name]) { row.classList.add("has-error"); }
      var id = "d-" + scope + name;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = name;
      var input = document.createElement("input");
      input.id = id;
      input.name = name;
      input.type = "text";
      input.spellcheck = false;
      input.value = scope === "dark" ? (values.dark[name] || "") : (values.light[name] || "");
      if (scope === "dark") { input.placeholder = "inherits " + (values.light[name] || ""); }
      if (fieldErrors[scope][name]) {
        input.setAttribute("aria-invalid", "true");
        input.title = fieldErrors[scope][name];
      }
      var swatch = document.createElement("span");
      swatch.className = "d-swatch";
      swatch.setAttribute("aria-hidden", "true");
      if (state.schema.color_vars.indexOf(name) < 0) { swatch.classList.add("d-swatch-none"); }
      function paint() {
        if (state.schema.color_vars.indexOf(name) >= 0) { swatch.style.background = effective(name); }
      }
      input.addEventListener("input", function () {
        values[scope][name] = input.value.trim();
        paint();
        applyPreview();
      });
      paint();
      row.appendChild(label);
      row.appendChild(input);
      row.appendChild(swatch);
      fieldsEl.appendChild(row);
    });
  }

  function selectScope(s) {
    scope = s;
    root.querySelectorAll("[data-d-scope]").forEach(function (tab) {
      tab.setAttribute("aria-selected", tab.dataset.dScope === s ? "true" : "false");
    });
    renderFields();
    selectPreviewScheme(s);
  }

  function showErrors(errors) {
    fieldErrors = { light: {}, dark: {} };
    errorsEl.textContent = "";
    errors.forEach(function (e) {
      fieldErrors[e.scope || "light"][e.field] = e.message;
      var li = document.createElement("li");
      li.textContent = (e.scope === "dark" ? "dark " : "") + e.field + ": " + e.message;
      errorsEl.appendChild(li);
    });
    renderFields();
  }

  function save(ev) {
    ev.preventDefault();
    setStatus("Saving…");
    api("POST", "/api/save", { light: values.light, dark: values.dark }).then(function (r) {
      if (r.status === 200 && r.body.ok) {
        showErrors([]);
        setStatus("Saved " + r.body.target_path + " (" + r.body.light_count + " light, " +
          r.body.dark_count + " dark, " + r.body.bytes_written + " bytes).", "ok");
      } else if (r.status === 422) {
        showErrors(r.body.errors || []);
        setStatus("Nothing written: fix the highlighted values.", "error");
      } else {
        setStatus((r.body && r.body.detail) || ("Save failed (" + r.status + ")."), "error");
      }
    }, function () { setStatus("The designer is not reachable; was it stopped?", "error"); });
  }

  function reset() {
    values = { light: copy(state.defaults.light), dark: copy(state.defaults.dark) };
    showErrors([]);
    setStatus("Defaults restored (not saved yet).");
    applyPreview();
  }

  function done() {
    api("POST", "/api/done").then(function () {
      setStatus("The designer has stopped; you can close this tab.", "ok");
    });
  }

  root.querySelectorAll("[data-d-scope]").forEach(function (tab) {
    tab.addEventListener("click", function () { selectScope(tab.dataset.dScope); });
  });
  root.querySelector("[data-d-form]").addEventListener("submit", save);
  root.querySelector("[data-d-reset]").addEventListener("click", reset);
  root.querySelector("[data-d-done]").addEventListener("click", done);
  root.dataset.pages.split(",").forEach(function (name) {
    var opt = document.createElement("option");
    opt.value = name;
    opt.textContent = name;
    pageEl.appendChild(opt);
  });
  pageEl.addEventListener("change", function () { frame.src = frameURL(); });
  root.querySelectorAll("[data-d-preview-scheme]").forEach(function (b) {
    b.addEventListener("click", function () { selectPreviewScheme(b.dataset.dPreviewScheme); });
  });

  api("GET", "/api/state").then(function (r) {
    state = r.body;
    root.querySelector("[data-d-target]").textContent = state.target_dir + "/" + state.filename;
    values = {
      light: merged(state.defaults.light, state.existing.light),
      dark: merged(state.defaults.dark, state.existing.dark)
    };
    selectScope("light");
  }, function () { setStatus("Could not load the designer's state.", "error"); });
}());
