//regstack:feature ui

package auth

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// uiEnv is a test environment with the pages on.
func uiEnv(t *testing.T, mutate ...func(*Config)) *testEnv {
	t.Helper()
	return newTestEnv(t, append([]func(*Config){func(c *Config) { c.EnableUIRouter = true }}, mutate...)...)
}

// get sends a GET for an absolute path to h.
func get(t *testing.T, h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestPagesRender: every page of the reference answers 200 at ui_prefix
// with its H1, its data-rs-page, its forms and the security headers.
func TestPagesRender(t *testing.T) {
	e := uiEnv(t, func(c *Config) {
		c.EnablePasswordReset = true
		c.EnableAccountDeletion = true
	})
	cases := []struct {
		path, h1 string
		markers  []string
	}{
		{"/login", "Sign in", []string{`data-rs-form="login"`, `name="email"`, `name="password"`, `minlength="8"`, `href="/account/register"`, `href="/account/forgot"`}},
		{"/register", "Create your account", []string{`data-rs-form="register"`, `name="full_name"`, `name="password"`}},
		{"/forgot", "Reset your password", []string{`data-rs-form="forgot"`, `name="email"`}},
		{"/reset", "Choose a new password", []string{`data-rs-form="reset"`, `type="hidden" name="token" data-rs-token`, `name="new_password"`}},
		{"/verify", "Confirming your email…", []string{`data-rs-status`, `data-rs-token`}},
		{"/confirm-email-change", "Confirming your new email…", []string{`data-rs-status`}},
		{"/me", "Your account", []string{`data-rs-account`, `data-rs-field="email"`, `data-rs-field="full_name"`, `data-rs-field="is_verified"`, `data-rs-field="created_at"`,
			`data-rs-form="update-profile"`, `data-rs-form="change-password"`, `data-rs-form="change-email"`, `name="new_email"`, `data-rs-form="delete-account"`, `data-rs-action="logout"`}},
		{"/mfa-confirm", "Enter your sign-in code", []string{`data-rs-form="mfa-confirm"`, `name="code"`}},
		{"/oauth-complete", "Signing you in…", []string{`<noscript>`, `href="/account/login"`}},
	}
	for _, c := range cases {
		rec := get(t, e.handler, "/account"+c.path)
		body := rec.Body.String()
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" {
			t.Fatalf("GET /account%s: %d %s", c.path, rec.Code, rec.Header().Get("Content-Type"))
		}
		want := append([]string{
			`<h1 class="rs-title">` + c.h1 + `</h1>`,
			`<html lang="en" data-rs-page>`,
			`<body data-rs-api="/api/auth" data-rs-ui="/account" data-rs-page="` + strings.TrimPrefix(c.path, "/") + `" data-rs-transport="bearer">`,
			`<p class="rs-message" data-rs-message`,
			`href="/regstack-static/css/core.css?v=`,
			`href="/regstack-static/css/theme.css?v=`,
			`src="/regstack-static/js/regstack.js?v=`,
			`Powered by <a href="https://github.com/jdrumgoole/regstack">regstack</a>`,
		}, c.markers...)
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("GET /account%s: no %s in\n%s", c.path, w, body)
			}
		}
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
			if rec.Header().Get(h) == "" {
				t.Errorf("GET /account%s: no %s header", c.path, h)
			}
		}
	}
}

// TestPagesSectionsFollowFlags: the me page's deletion and 2FA sections
// and the login page's links follow the flags.
func TestPagesSectionsFollowFlags(t *testing.T) {
	e := uiEnv(t, func(c *Config) {
		c.AllowRegistration = false
		c.EnablePasswordReset = false
		c.EnableAccountDeletion = false
	})
	login := get(t, e.handler, "/account/login").Body.String()
	me := get(t, e.handler, "/account/me").Body.String()
	for _, absent := range []string{`href="/account/register"`, `href="/account/forgot"`} {
		if strings.Contains(login, absent) {
			t.Errorf("login page has %s with the flag off", absent)
		}
	}
	for _, absent := range []string{`data-rs-form="delete-account"`, `data-rs-mfa-section`, `data-rs-oauth-section`} {
		if strings.Contains(me, absent) {
			t.Errorf("me page has %s with the flag off", absent)
		}
	}
}

var (
	tagPattern    = regexp.MustCompile(`(?s)<[a-zA-Z][^>]*>`)
	inlineHandler = regexp.MustCompile(`(?i)\s(on[a-z]+|style)\s*=`)
)

// TestPagesCSPClean: no page has a <style> element, an inline script, a
// style= attribute or an on*= handler, so the strict policy holds; and
// the policy itself allows no inline code.
func TestPagesCSPClean(t *testing.T) {
	e := uiEnv(t, func(c *Config) {
		c.EnablePasswordReset = true
		c.EnableAccountDeletion = true
		c.ThemeCSSURL = "https://cdn.example.com/brand.css"
		c.BrandLogoURL = "https://img.example.com/logo.svg"
	})
	for _, p := range uiPages() {
		rec := get(t, e.handler, "/account"+p.path)
		for _, tag := range tagPattern.FindAllString(rec.Body.String(), -1) {
			lower := strings.ToLower(tag)
			switch {
			case strings.HasPrefix(lower, "<style"):
				t.Errorf("%s: <style> element %s", p.path, tag)
			case strings.HasPrefix(lower, "<script") && !strings.Contains(lower, " src="):
				t.Errorf("%s: inline script %s", p.path, tag)
			case inlineHandler.MatchString(tag):
				t.Errorf("%s: inline attribute in %s", p.path, tag)
			}
		}
		csp := rec.Header().Get("Content-Security-Policy")
		want := "default-src 'none'; script-src 'self'; style-src 'self' https://cdn.example.com; img-src 'self' data: https://img.example.com; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
		if csp != want {
			t.Errorf("%s: CSP %q\nwant %q", p.path, csp, want)
		}
		if !strings.Contains(rec.Body.String(), `<link rel="stylesheet" href="https://cdn.example.com/brand.css">`) {
			t.Errorf("%s: theme_css_url not linked last", p.path)
		}
	}
}

// TestStaticFiles: the three files are served with validators; a
// fingerprinted URL may be cached for a year, a bare one revalidates, and
// If-None-Match answers 304.
func TestStaticFiles(t *testing.T) {
	e := uiEnv(t)
	v := e.rs.static.versions()
	for _, c := range []struct{ path, version, ctype, contains string }{
		{"/css/core.css", v.CoreCSS, "text/css; charset=utf-8", ".rs-card"},
		{"/css/theme.css", v.ThemeCSS, "text/css; charset=utf-8", "--rs-accent"},
		{"/js/regstack.js", v.JS, "text/javascript; charset=utf-8", "regstack.access_token"},
	} {
		rec := get(t, e.handler, "/regstack-static"+c.path+"?v="+c.version)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != c.ctype || !strings.Contains(rec.Body.String(), c.contains) {
			t.Fatalf("%s: %d %s", c.path, rec.Code, rec.Header().Get("Content-Type"))
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s?v=%s: Cache-Control %q", c.path, c.version, cc)
		}
		etag, lm := rec.Header().Get("ETag"), rec.Header().Get("Last-Modified")
		if etag == "" || lm == "" {
			t.Errorf("%s: ETag %q Last-Modified %q", c.path, etag, lm)
		}
		bare := get(t, e.handler, "/regstack-static"+c.path)
		if cc := bare.Header().Get("Cache-Control"); cc != "public, no-cache" {
			t.Errorf("%s: Cache-Control %q", c.path, cc)
		}
		if r := get(t, e.handler, "/regstack-static"+c.path, "If-None-Match", etag); r.Code != http.StatusNotModified {
			t.Errorf("%s If-None-Match: %d", c.path, r.Code)
		}
	}
	if r := get(t, e.handler, "/regstack-static/regstack.feature"); r.Code != http.StatusNotFound {
		t.Errorf("unknown static file: %d", r.Code)
	}
}

// TestPagesRenamedPrefixes: ui_prefix, static_prefix and api_prefix move
// the pages, their links and the data-rs-* endpoints together.
func TestPagesRenamedPrefixes(t *testing.T) {
	e := uiEnv(t, func(c *Config) {
		c.UIPrefix = "/users"
		c.StaticPrefix = "/assets/rs"
		c.APIPrefix = "/v1/auth"
	})
	rec := get(t, e.handler, "/users/login")
	body := rec.Body.String()
	for _, w := range []string{`data-rs-api="/v1/auth" data-rs-ui="/users"`, `href="/assets/rs/css/core.css?v=`, `href="/users/register"`} {
		if rec.Code != 200 || !strings.Contains(body, w) {
			t.Errorf("GET /users/login: %d, no %s", rec.Code, w)
		}
	}
	if r := get(t, e.handler, "/assets/rs/js/regstack.js"); r.Code != 200 {
		t.Errorf("static under the renamed prefix: %d", r.Code)
	}
	if r := get(t, e.handler, "/account/login"); r.Code != http.StatusNotFound {
		t.Errorf("the default prefix still answers: %d", r.Code)
	}
}

// TestPagesOffAnswer404: without enable_ui_router neither pages nor
// static files are served.
func TestPagesOffAnswer404(t *testing.T) {
	e := newTestEnv(t)
	for _, p := range []string{"/account/login", "/regstack-static/css/core.css"} {
		if r := get(t, e.handler, p); r.Code != http.StatusNotFound {
			t.Errorf("GET %s with the UI off: %d", p, r.Code)
		}
	}
}

// TestHostTemplatesOverride: a host template directory replaces one block
// of the pages (through auth/overrides.html), a whole page, and one email
// template, while every other file stays the bundled one.
func TestHostTemplatesOverride(t *testing.T) {
	host := fstest.MapFS{
		"auth/overrides.html":      {Data: []byte(`{{define "footer"}}<p data-host-footer>© Example Ltd</p>{{end}}`)},
		"auth/forgot.html":         {Data: []byte(`{{define "content"}}<h1 class="rs-title">Lost your key?</h1>{{end}}`)},
		"verification.subject.txt": {Data: []byte(`Welcome aboard {{.AppName}}`)},
	}
	cfg := testConfig(t)
	cfg.EnableUIRouter = true
	rs, err := New(context.Background(), cfg, WithTemplateDir(host), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rs.Close() })
	h := rs.Handler()
	login := get(t, h, "/account/login").Body.String()
	if !strings.Contains(login, `<p data-host-footer>© Example Ltd</p>`) || strings.Contains(login, "Powered by") {
		t.Errorf("footer block not overridden:\n%s", login)
	}
	if !strings.Contains(login, `<h1 class="rs-title">Sign in</h1>`) {
		t.Errorf("login content lost")
	}
	if forgot := get(t, h, "/account/forgot").Body.String(); !strings.Contains(forgot, "Lost your key?") {
		t.Errorf("host page not used:\n%s", forgot)
	}
	msg, err := rs.mailer.verification("a@example.com", "", "https://example.com/account/verify?token=x")
	if err != nil {
		t.Fatal(err)
	}
	if msg.Subject != "Welcome aboard "+cfg.AppName || !strings.Contains(msg.Text, "https://example.com/account/verify?token=x") {
		t.Errorf("email: subject %q (host), text %q (bundled)", msg.Subject, msg.Text)
	}
}

// TestHostTemplateBroken: a host page naming a field that does not exist
// stops New with the file's name.
func TestHostTemplateBroken(t *testing.T) {
	cfg := testConfig(t)
	cfg.EnableUIRouter = true
	host := fstest.MapFS{"auth/login.html": {Data: []byte(`{{define "content"}}{{.NoSuchField}}{{end}}`)}}
	_, err := New(context.Background(), cfg, WithTemplateDir(host), WithLogger(slog.New(slog.DiscardHandler)))
	if err == nil || !strings.Contains(err.Error(), "auth/login.html") {
		t.Fatalf("New: %v", err)
	}
}

// TestEmailLinksOpenPages: the link of each email is a page the UI
// serves.
func TestEmailLinksOpenPages(t *testing.T) {
	e := uiEnv(t, func(c *Config) {
		c.BaseURL = "https://app.example.com"
		c.RequireVerification = true
		c.EnablePasswordReset = true
	})
	e.do("POST", "/register", map[string]any{"email": "ann@example.com", "password": "correct horse"}, "").want(t, 201, "")
	msgs := e.outbox.messages()
	if len(msgs) == 0 {
		t.Fatal("no verification email")
	}
	for _, m := range msgs {
		link := regexp.MustCompile(`https://app\.example\.com(/[^?\s"]+)\?token=`).FindStringSubmatch(m.Text)
		if link == nil {
			t.Fatalf("no link in %q", m.Text)
		}
		if r := get(t, e.handler, link[1]); r.Code != 200 {
			t.Errorf("%s: %d", link[1], r.Code)
		}
	}
	for _, p := range []string{"/account/verify", "/account/reset", "/account/confirm-email-change"} {
		if r := get(t, e.handler, p); r.Code != 200 {
			t.Errorf("%s: %d", p, r.Code)
		}
	}
}

// TestOpenAPILeavesOutPages is the explicit rule beside
// TestOpenAPICoversRoutes (which compares the API router's routes with
// openapi.json): the pages and static files are not API operations. They
// are mounted outside api_prefix (the document's server), answer HTML or
// files to a browser, and so are left out of openapi.json; this test
// checks that no page or static route is under api_prefix, where the
// coverage test would have to see it, and that each answers.
func TestOpenAPILeavesOutPages(t *testing.T) {
	e := uiEnv(t)
	api := strings.TrimRight(e.cfg.APIPrefix, "/")
	var mounted []string
	for _, p := range uiPages() {
		mounted = append(mounted, strings.TrimRight(e.cfg.UIPrefix, "/")+p.path)
	}
	mounted = append(mounted, strings.TrimRight(e.cfg.StaticPrefix, "/")+"/css/core.css")
	for _, m := range mounted {
		if m == api || strings.HasPrefix(m, api+"/") {
			t.Errorf("%s is under api_prefix %s", m, api)
		}
		if r := get(t, e.handler, m); r.Code != http.StatusOK {
			t.Errorf("GET %s: %d", m, r.Code)
		}
	}
}
