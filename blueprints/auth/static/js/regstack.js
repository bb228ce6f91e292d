// regstack account pages: the behaviour behind the server-rendered forms.
// Every page is the same HTML for every visitor; this script finds its API
// and page prefixes in data-rs-* attributes of <body>, talks JSON to the
// API and keeps the session token in localStorage (the bearer transport) or
// leaves it to the HttpOnly session cookie (the cookie transport).
// It is loaded with defer and never inline, so the pages work under a
// Content-Security-Policy without 'unsafe-inline'.
(function () {
  "use strict";

  var TOKEN_KEY = "regstack.access_token";
  var MFA_KEY = "regstack.mfa_pending";
  var REDIRECT_DELAY_MS = 1200;

  var body = document.body;
  var api = (body.dataset.rsApi || "/api/auth").replace(/\/+$/, "");
  var ui = (body.dataset.rsUi || "/account").replace(/\/+$/, "");
  var page = body.dataset.rsPage || "";
  // transport is "bearer" or "cookie". The session helpers below and
  // call() are the only places that know where the session lives. With
  // the cookie transport the token is in an HttpOnly cookie this script
  // cannot read: it keeps only a marker that a sign-in happened here (never
  // the token), and the API (GET /me) says whether the session is valid.
  var transport = body.dataset.rsTransport || "bearer";
  var cookieMode = transport === "cookie";
  var SESSION_MARK = "regstack.session";

  // The login page's banners for ?error=<code>, set by the OAuth callback.
  var ERROR_CODES = {
    oauth_failed: "Sign-in with the provider failed. Please try again.",
    missing_code_or_state: "The provider's answer was incomplete. Please try again.",
    unknown_provider: "That sign-in provider is not available.",
    bad_state: "The sign-in request could not be verified. Please start again.",
    state_expired: "The sign-in request expired. Please start again.",
    token_exchange_failed: "The provider did not confirm the sign-in. Please try again.",
    id_token_failed: "The provider's identity could not be verified. Please try again.",
    email_in_use: "An account with this email already exists. Sign in with your password, then connect the provider from your account page.",
    email_required: "The provider did not share an email address, which an account needs. Allow access to your email at the provider, or register with a password.",
    identity_in_use: "This provider account is already connected to another user.",
    already_linked: "A provider account of this kind is already connected to your account.",
    user_inactive: "This account is disabled."
  };

  // --- session -----------------------------------------------------------

  function storedToken() {
    try { return window.localStorage.getItem(cookieMode ? SESSION_MARK : TOKEN_KEY); } catch (e) { return null; }
  }
  function storeToken(token) {
    try {
      if (cookieMode) { window.localStorage.setItem(SESSION_MARK, "cookie"); } else { window.localStorage.setItem(TOKEN_KEY, token); }
    } catch (e) { /* private mode: session lasts this page */ }
  }
  function clearToken() {
    try {
      window.localStorage.removeItem(TOKEN_KEY);
      window.localStorage.removeItem(SESSION_MARK);
    } catch (e) { /* nothing stored */ }
  }
  function pendingMFA() {
    try { return window.sessionStorage.getItem(MFA_KEY); } catch (e) { return null; }
  }
  function storePendingMFA(token) {
    try { window.sessionStorage.setItem(MFA_KEY, token); } catch (e) { /* ignored */ }
  }
  function clearPendingMFA() {
    try { window.sessionStorage.removeItem(MFA_KEY); } catch (e) { /* ignored */ }
  }

  function go(path) { window.location.assign(ui + path); }
  function goLater(path) { window.setTimeout(function () { go(path); }, REDIRECT_DELAY_MS); }
  function query(name) { return new URLSearchParams(window.location.search).get(name); }

  // --- messages ----------------------------------------------------------

  var messageEl = document.querySelector("[data-rs-message]");
  function show(text, tone) {
    if (!messageEl) { return; }
    messageEl.textContent = text;
    messageEl.setAttribute("data-rs-tone", tone);
    messageEl.setAttribute("role", tone === "error" ? "alert" : "status");
    messageEl.hidden = false;
  }
  function hideMessage() { if (messageEl) { messageEl.hidden = true; } }
  function setStatus(text) {
    var el = document.querySelector("[data-rs-status]");
    if (el) { el.textContent = text; }
  }

  // errorText is the API's detail: a string as it is, a validation list as
  // its msg values joined by "; ", anything else the action's fallback.
  function errorText(data, fallback) {
    var d = data && data.detail;
    if (typeof d === "string" && d !== "") { return d; }
    if (Array.isArray(d)) {
      var msgs = d.map(function (x) { return x && x.msg; }).filter(function (m) { return typeof m === "string" && m !== ""; });
      if (msgs.length) { return msgs.join("; "); }
    }
    return fallback;
  }

  // --- API ---------------------------------------------------------------

  function APIError(status, data, fallback) {
    this.status = status;
    this.data = data;
    this.message = errorText(data, fallback);
  }

  // call sends one JSON request. With opts.auth the stored session goes
  // along; without one the visitor is sent to the login page.
  function call(method, path, payload, opts) {
    opts = opts || {};
    var headers = { "content-type": "application/json" };
    if (opts.auth && !cookieMode) {
      var token = storedToken();
      if (!token) {
        go("/login");
        return new Promise(function () { /* never settles: the page is leaving */ });
      }
      headers.authorization = "Bearer " + token;
    }
    var init = { method: method, headers: headers, credentials: "same-origin" };
    if (payload !== undefined) { init.body = JSON.stringify(payload); }
    return window.fetch(api + path, init).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
        if (!res.ok) { throw new APIError(res.status, data, opts.fallback || "Something went wrong. Please try again."); }
        return data;
      });
    }, function () {
      throw new APIError(0, null, "The server could not be reached. Please try again.");
    });
  }

  // --- forms -------------------------------------------------------------

  function form(name) { return document.querySelector('form[data-rs-form="' + name + '"]'); }
  function value(f, name) {
    var el = f.elements.namedItem(name);
    return el ? el.value : "";
  }

  // onSubmit wires a form: the submit button is disabled while the request
  // is in flight, and a failure shows its error text.
  function onSubmit(name, handler, fallback) {
    var f = form(name);
    if (!f) { return null; }
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var buttons = f.querySelectorAll("button[type=submit]");
      buttons.forEach(function (b) { b.disabled = true; });
      hideMessage();
      Promise.resolve().then(function () { return handler(f); }).catch(function (err) {
        show(err instanceof APIError ? err.message : (fallback || "Something went wrong. Please try again."), "error");
      }).then(function () {
        buttons.forEach(function (b) { b.disabled = false; });
      });
    });
    return f;
  }

  // --- pages -------------------------------------------------------------

  var pages = {};

  pages.login = function () {
    var code = query("error");
    if (code) {
      show(ERROR_CODES[code] || "Sign-in failed (" + code + ").", "error");
    }
    if (storedToken()) { go("/me"); return; }
    onSubmit("login", function (f) {
      return call("POST", "/login", { email: value(f, "email"), password: value(f, "password") },
        { fallback: "Sign-in failed." }).then(function (data) {
        if (data && data.status === "mfa_required") {
          storePendingMFA(data.mfa_pending_token);
          go("/mfa-confirm");
          return;
        }
        storeToken(data.access_token);
        go("/me");
      });
    });
  };

  pages["mfa-confirm"] = function () {
    var pending = pendingMFA();
    if (!pending) { go("/login"); return; }
    onSubmit("mfa-confirm", function (f) {
      return call("POST", "/login/mfa-confirm", { mfa_pending_token: pending, code: value(f, "code") },
        { fallback: "That code did not work." }).then(function (data) {
        clearPendingMFA();
        storeToken(data.access_token);
        go("/me");
      });
    });
  };

  pages.register = function () {
    if (storedToken()) { go("/me"); return; }
    onSubmit("register", function (f) {
      return call("POST", "/register", {
        email: value(f, "email"),
        password: value(f, "password"),
        full_name: value(f, "full_name").trim()
      }, { fallback: "Registration failed." }).then(function (data) {
        f.reset();
        if (data && data.status === "pending_verification") {
          show("Check your inbox: we sent you a link to confirm your email address.", "success");
        } else {
          show("Your account is ready. You can sign in now.", "success");
        }
      });
    });
  };

  pages.forgot = function () {
    onSubmit("forgot", function (f) {
      return call("POST", "/forgot-password", { email: value(f, "email") },
        { fallback: "The request failed." }).then(function () {
        show("If an account exists for that address, a reset link is on its way.", "success");
      });
    });
  };

  pages.reset = function () {
    var f = form("reset");
    var token = query("token") || "";
    var hidden = f && f.querySelector("[data-rs-token]");
    if (hidden) { hidden.value = token; }
    if (!token) { show("This reset link is incomplete. Request a new one.", "error"); }
    onSubmit("reset", function (f) {
      return call("POST", "/reset-password", { token: value(f, "token"), new_password: value(f, "new_password") },
        { fallback: "The password could not be reset." }).then(function () {
        clearToken();
        show("Your password has been changed. Taking you to sign in…", "success");
        goLater("/login");
      });
    });
  };

  // confirmToken posts the ?token= of a link page as soon as it opens.
  function confirmToken(path, done, failed) {
    var token = query("token") || "";
    var hidden = document.querySelector("[data-rs-token]");
    if (hidden) { hidden.value = token; }
    if (!token) {
      setStatus("This link is incomplete.");
      show("Open the link from your email again, or request a new one.", "error");
      return;
    }
    call("POST", path, { token: token }, { fallback: failed }).then(function () {
      setStatus(done);
      show(done, "success");
    }, function (err) {
      setStatus(failed);
      show(err.message, "error");
    });
  }

  pages.verify = function () {
    confirmToken("/verify", "Your email is confirmed. You can sign in now.", "This link could not be used.");
  };

  pages["confirm-email-change"] = function () {
    // A confirmed change signs out every session, this one included.
    clearToken();
    confirmToken("/confirm-email-change", "Your new email is confirmed. Sign in with it.", "This link could not be used.");
  };

  pages["oauth-complete"] = function () {
    var id = query("id");
    if (!id) { setStatus("This sign-in link is incomplete."); go("/login?error=oauth_failed"); return; }
    call("POST", "/oauth/exchange", { id: id }, { fallback: "Sign-in failed." }).then(function (data) {
      if (data && data.status === "mfa_required") {
        storePendingMFA(data.mfa_pending_token);
        go("/mfa-confirm");
        return;
      }
      storeToken(data.access_token);
      var to = data.redirect_to;
      if (typeof to === "string" && to.charAt(0) === "/" && to.charAt(1) !== "/") {
        window.location.assign(to);
      } else {
        go("/me");
      }
    }, function (err) {
      setStatus(err.message);
      show(err.message, "error");
    });
  };

  function fillAccount(user) {
    var fields = document.querySelectorAll("[data-rs-account] [data-rs-field]");
    fields.forEach(function (el) {
      var key = el.getAttribute("data-rs-field");
      var v = user[key];
      if (key === "is_verified") {
        v = v ? "yes" : "no";
      } else if (key === "created_at" && v) {
        var d = new Date(v);
        v = isNaN(d.getTime()) ? v : d.toLocaleString();
      }
      el.textContent = (v === null || v === undefined || v === "") ? "—" : String(v);
    });
    var name = form("update-profile");
    if (name) { name.elements.namedItem("full_name").value = user.full_name || ""; }
    var mfa = document.querySelector("[data-rs-mfa-section]");
    if (mfa) {
      var on = !!user.is_mfa_enabled;
      var status = mfa.querySelector("[data-rs-mfa-status]");
      if (status) { status.textContent = on ? "Two-step sign-in is on." : "Two-step sign-in is off."; }
      mfa.querySelector("[data-rs-mfa-enable]").hidden = on;
      mfa.querySelector("[data-rs-mfa-disable]").hidden = !on;
    }
  }

  function signOut() {
    clearToken();
    go("/login");
  }

  function loadOAuth() {
    var list = document.querySelector("[data-rs-oauth-list]");
    if (!list) { return; }
    var status = document.querySelector("[data-rs-oauth-status]");
    call("GET", "/oauth/providers", undefined, { auth: true }).then(function (data) {
      list.textContent = "";
      var providers = (data && data.providers) || [];
      providers.forEach(function (p) {
        if (p.available === false) { return; }
        var li = document.createElement("li");
        li.textContent = p.name + " ";
        var b = document.createElement("button");
        b.type = "button";
        b.className = "rs-btn rs-btn-ghost";
        if (p.linked) {
          b.textContent = "Unlink";
          b.addEventListener("click", function () {
            if (!window.confirm("Disconnect " + p.name + "?")) { return; }
            call("DELETE", "/oauth/" + p.name + "/link", undefined, { auth: true }).then(loadOAuth, function (err) { show(err.message, "error"); });
          });
        } else {
          b.textContent = "Connect";
          b.addEventListener("click", function () {
            call("POST", "/oauth/" + p.name + "/link/start", {}, { auth: true }).then(function (d) {
              window.location.assign(d.authorization_url);
            }, function (err) { show(err.message, "error"); });
          });
        }
        li.appendChild(b);
        list.appendChild(li);
      });
      if (status) { status.textContent = providers.length ? "" : "No providers are available."; }
    }, function (err) {
      if (status) { status.textContent = err.message; }
    });
  }

  pages.me = function () {
    // With the cookie a session may exist without the marker (a sign-in in
    // another tab's storage scope): GET /me decides.
    if (!cookieMode && !storedToken()) { go("/login"); return; }
    call("GET", "/me", undefined, { auth: true }).then(fillAccount, function () {
      clearToken();
      go("/login");
    });
    loadOAuth();

    onSubmit("update-profile", function (f) {
      var name = value(f, "full_name").trim();
      return call("PATCH", "/me", { full_name: name === "" ? null : name },
        { auth: true, fallback: "The profile could not be saved." }).then(function (user) {
        fillAccount(user);
        show("Profile saved.", "success");
      });
    });

    onSubmit("change-password", function (f) {
      return call("POST", "/change-password", {
        current_password: value(f, "current_password"),
        new_password: value(f, "new_password")
      }, { auth: true, fallback: "The password could not be changed." }).then(function () {
        f.reset();
        clearToken();
        show("Password changed. Sign in again with the new one…", "success");
        goLater("/login");
      });
    });

    onSubmit("change-email", function (f) {
      var to = value(f, "new_email");
      return call("POST", "/change-email", {
        new_email: to,
        current_password: value(f, "current_password")
      }, { auth: true, fallback: "The email could not be changed." }).then(function () {
        f.reset();
        show("We sent a confirmation link to " + to + ". Your email changes when you open it.", "success");
      });
    });

    onSubmit("delete-account", function (f) {
      if (!window.confirm("Delete your account? This cannot be undone.")) { return null; }
      return call("DELETE", "/account", { current_password: value(f, "current_password") },
        { auth: true, fallback: "The account could not be deleted." }).then(signOut);
    });

    var phoneSetupToken = null; // only in memory: it lets the code confirm the phone.
    var confirmForm = form("phone-setup-confirm");
    onSubmit("phone-setup-start", function (f) {
      return call("POST", "/phone/start", {
        phone_number: value(f, "phone_number"),
        current_password: value(f, "current_password")
      }, { auth: true, fallback: "The code could not be sent." }).then(function (data) {
        phoneSetupToken = data && data.pending_token;
        if (confirmForm) { confirmForm.hidden = false; }
        show("We sent a code to your phone.", "success");
      });
    });
    onSubmit("phone-setup-confirm", function (f) {
      return call("POST", "/phone/confirm", { pending_token: phoneSetupToken, code: value(f, "code") },
        { fallback: "That code did not work." }).then(function () {
        show("Two-step sign-in is on.", "success");
        window.setTimeout(function () { window.location.reload(); }, REDIRECT_DELAY_MS);
      });
    });
    onSubmit("mfa-disable", function (f) {
      return call("DELETE", "/phone", { current_password: value(f, "current_password") },
        { auth: true, fallback: "Two-step sign-in could not be turned off." }).then(function () {
        window.location.reload();
      });
    });

    var logout = document.querySelector('[data-rs-action="logout"]');
    if (logout) {
      logout.addEventListener("click", function () {
        logout.disabled = true;
        call("POST", "/logout", undefined, { auth: true }).then(signOut, signOut);
      });
    }
  };

  if (transport !== "bearer" && !cookieMode && window.console) {
    window.console.warn("regstack: unknown transport " + transport + "; using bearer tokens");
  }
  if (Object.prototype.hasOwnProperty.call(pages, page)) { pages[page](); }
}());
