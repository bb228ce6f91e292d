package auth

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// cookieEnv is a test environment in cookie mode served over real HTTP.
type cookieEnv struct {
	*testEnv
	srv *httptest.Server
}

func newCookieEnv(t *testing.T, mutate ...func(*Config)) *cookieEnv {
	t.Helper()
	e := newTestEnv(t, append([]func(*Config){func(c *Config) { c.Transport = TransportCookie }}, mutate...)...)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close)
	return &cookieEnv{testEnv: e, srv: srv}
}

// wire is one request over HTTP: headers as a browser would send them.
type wire struct {
	method, path, body string
	header             map[string]string
}

type wireResponse struct {
	status  int
	cookies []*http.Cookie
	raw     []string // the Set-Cookie lines as sent
	detail  string
	json    map[string]any
}

func (c *cookieEnv) send(t *testing.T, w wire) wireResponse {
	t.Helper()
	var body io.Reader
	if w.body != "" {
		body = strings.NewReader(w.body)
	}
	req, err := http.NewRequest(w.method, c.srv.URL+c.cfg.APIPrefix+w.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if w.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range w.header {
		req.Header.Set(k, v)
	}
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := wireResponse{status: resp.StatusCode, cookies: resp.Cookies(), raw: resp.Header.Values("Set-Cookie")}
	_ = json.Unmarshal(data, &r.json)
	r.detail, _ = r.json["detail"].(string)
	return r
}

func (r wireResponse) want(t *testing.T, status int, detail string) wireResponse {
	t.Helper()
	if r.status != status || (detail != "" && r.detail != detail) {
		t.Fatalf("got %d %q (%v), want %d %q", r.status, r.detail, r.json, status, detail)
	}
	return r
}

// sessionCookie returns the one session cookie the response set.
func (r wireResponse) sessionCookie(t *testing.T) *http.Cookie {
	t.Helper()
	var found *http.Cookie
	for _, c := range r.cookies {
		if c.Name == SessionCookieName {
			if found != nil {
				t.Fatalf("two session cookies: %q", r.raw)
			}
			found = c
		}
	}
	if found == nil {
		t.Fatalf("no %s cookie in %q", SessionCookieName, r.raw)
	}
	return found
}

const loginBody = `{"email":"ann@example.com","password":"` + testPassword + `"}`

// sameOrigin is what a browser sends with a fetch from the app's own page.
var sameOrigin = map[string]string{"Sec-Fetch-Site": "same-origin"}

func withCookie(tok string, h map[string]string) map[string]string {
	out := map[string]string{"Cookie": SessionCookieName + "=" + tok}
	for k, v := range h {
		out[k] = v
	}
	return out
}

func (c *cookieEnv) cookieLogin(t *testing.T) string {
	t.Helper()
	c.register("ann@example.com")
	r := c.send(t, wire{method: "POST", path: "/login", body: loginBody, header: sameOrigin}).want(t, http.StatusOK, "")
	return r.sessionCookie(t).Value
}

func TestCookieLoginSetsSessionCookie(t *testing.T) {
	c := newCookieEnv(t)
	c.register("ann@example.com")
	r := c.send(t, wire{method: "POST", path: "/login", body: loginBody, header: sameOrigin}).want(t, http.StatusOK, "")
	ck := r.sessionCookie(t)
	// The body is the reference's, so bearer clients keep working.
	if tok, _ := r.json["access_token"].(string); tok == "" || tok != ck.Value {
		t.Fatalf("cookie value %q, body token %q", ck.Value, tok)
	}
	if r.json["token_type"] != "bearer" || r.json["expires_in"] != float64(c.cfg.JWTTTLSeconds) {
		t.Fatalf("body %v", r.json)
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge != c.cfg.JWTTTLSeconds || ck.Domain != "" {
		t.Fatalf("cookie attributes: %q", r.raw)
	}
	// base_url is http://localhost:8000: no Secure, or the browser would
	// drop the cookie on the developer's plain-http app.
	if ck.Secure {
		t.Fatalf("Secure on a localhost base_url: %q", r.raw)
	}
	t.Logf("Set-Cookie: %s", r.raw[0])
}

func TestCookieAttributesOffLoopback(t *testing.T) {
	c := newCookieEnv(t, func(cfg *Config) {
		cfg.BaseURL = "https://shop.example.com"
		cfg.CookieDomain = "shop.example.com"
	})
	c.register("ann@example.com")
	r := c.send(t, wire{method: "POST", path: "/login", body: loginBody}).want(t, http.StatusOK, "")
	ck := r.sessionCookie(t)
	if !ck.Secure || ck.Domain != "shop.example.com" || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie attributes: %q", r.raw)
	}
	t.Logf("Set-Cookie: %s", r.raw[0])
}

func TestCookieMeWithCookieOnly(t *testing.T) {
	c := newCookieEnv(t)
	tok := c.cookieLogin(t)
	r := c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, nil)}).want(t, http.StatusOK, "")
	if r.json["email"] != "ann@example.com" {
		t.Fatalf("me: %v", r.json)
	}
	// Cross-site reads are not writes: a GET passes (SameSite=Lax already
	// keeps the cookie off cross-site subrequests in browsers).
	c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, map[string]string{"Sec-Fetch-Site": "cross-site"})}).want(t, http.StatusOK, "")
	c.send(t, wire{method: "GET", path: "/me"}).want(t, http.StatusUnauthorized, detailAuthRequired)
	c.send(t, wire{method: "GET", path: "/me", header: withCookie("not-a-jwt", nil)}).want(t, http.StatusUnauthorized, "")
}

func TestCookieBearerStillWorks(t *testing.T) {
	c := newCookieEnv(t)
	tok := c.cookieLogin(t)
	// A header wins over the cookie, even a bad cookie.
	h := withCookie("garbage", map[string]string{"Authorization": "Bearer " + tok})
	c.send(t, wire{method: "GET", path: "/me", header: h}).want(t, http.StatusOK, "")
	c.send(t, wire{method: "POST", path: "/logout", header: map[string]string{"Authorization": "Bearer " + tok}}).want(t, http.StatusOK, "")
	c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, nil)}).want(t, http.StatusUnauthorized, detailTokenRevoked)
}

func TestCookieLogoutClearsAndRevokes(t *testing.T) {
	c := newCookieEnv(t)
	tok := c.cookieLogin(t)
	r := c.send(t, wire{method: "POST", path: "/logout", header: withCookie(tok, sameOrigin)}).want(t, http.StatusOK, "")
	ck := r.sessionCookie(t)
	if ck.Value != "" || ck.MaxAge >= 0 || ck.Path != "/" || !strings.Contains(r.raw[0], "Max-Age=0") {
		t.Fatalf("logout did not clear the cookie: %q", r.raw)
	}
	t.Logf("Set-Cookie: %s", r.raw[0])
	// A browser that ignored the deletion still holds a revoked token.
	c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, nil)}).want(t, http.StatusUnauthorized, detailTokenRevoked)
}

func TestCookieCrossSiteWritesRefused(t *testing.T) {
	c := newCookieEnv(t)
	tok := c.cookieLogin(t)
	crossSite := []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Sec-Fetch-Site": "same-site"}, // a sibling subdomain is another origin
		{"Origin": "https://evil.example"},
		{"Origin": "http://localhost:9999"}, // right host, wrong port
	}
	for _, h := range crossSite {
		c.send(t, wire{method: "PATCH", path: "/me", body: `{"full_name":"Mallory"}`, header: withCookie(tok, h)}).want(t, http.StatusForbidden, detailCrossSite)
		c.send(t, wire{method: "POST", path: "/logout", header: withCookie(tok, h)}).want(t, http.StatusForbidden, detailCrossSite)
		// Login CSRF: a forged sign-in into the attacker's account.
		r := c.send(t, wire{method: "POST", path: "/login", body: loginBody, header: h}).want(t, http.StatusForbidden, detailCrossSite)
		if len(r.raw) != 0 {
			t.Fatalf("refused login set a cookie: %q", r.raw)
		}
	}
	if u := c.user("ann@example.com"); u.FullName != nil {
		t.Fatalf("a cross-site PATCH changed the profile to %q", *u.FullName)
	}
	c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, nil)}).want(t, http.StatusOK, "")

	sameSite := []map[string]string{
		sameOrigin,
		{"Sec-Fetch-Site": "none"},          // typed by the user
		{"Origin": c.srv.URL},               // older browser, same origin
		{"Origin": "http://localhost:8000"}, // base_url's origin behind a proxy
		{},                                  // not a browser
	}
	for i, h := range sameSite {
		name := []string{"A", "B", "C", "D", "E"}[i]
		r := c.send(t, wire{method: "PATCH", path: "/me", body: `{"full_name":"` + name + `"}`, header: withCookie(tok, h)}).want(t, http.StatusOK, "")
		if r.json["full_name"] != name {
			t.Fatalf("PATCH with %v: %v", h, r.json)
		}
	}
}

func TestCookieHostRouteCrossSiteRefused(t *testing.T) {
	c := newCookieEnv(t)
	tok := c.cookieLogin(t)
	host := httptest.NewServer(c.rs.RequireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := c.rs.User(r.Context())
		_, _ = io.WriteString(w, u.Email)
	})))
	t.Cleanup(host.Close)
	post := func(h map[string]string) int {
		req, _ := http.NewRequest("POST", host.URL+"/transfer", nil)
		for k, v := range withCookie(tok, h) {
			req.Header.Set(k, v)
		}
		resp, err := host.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(map[string]string{"Sec-Fetch-Site": "cross-site"}); got != http.StatusForbidden {
		t.Fatalf("cross-site POST to a host route: %d", got)
	}
	if got := post(sameOrigin); got != http.StatusOK {
		t.Fatalf("same-origin POST to a host route: %d", got)
	}
}

func TestBearerModeSetsNoCookie(t *testing.T) {
	e := newTestEnv(t)
	srv := httptest.NewServer(e.handler)
	t.Cleanup(srv.Close)
	c := &cookieEnv{testEnv: e, srv: srv}
	c.register("ann@example.com")
	r := c.send(t, wire{method: "POST", path: "/login", body: loginBody, header: map[string]string{"Sec-Fetch-Site": "cross-site"}}).want(t, http.StatusOK, "")
	if len(r.raw) != 0 || e.rs.Transport() != TransportBearer {
		t.Fatalf("bearer mode set %q (transport %q)", r.raw, e.rs.Transport())
	}
	tok, _ := r.json["access_token"].(string)
	// The cookie means nothing in bearer mode.
	c.send(t, wire{method: "GET", path: "/me", header: withCookie(tok, nil)}).want(t, http.StatusUnauthorized, detailAuthRequired)
}
