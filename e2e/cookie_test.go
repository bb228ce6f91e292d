package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// TestCookieTransport runs a generated host with transport = "cookie" and
// talks to it as a browser would: a cookie jar, no Authorization header,
// Sec-Fetch-Site and Origin headers as browsers send them. A page on
// another origin (evil.example) cannot write through the user's cookie.
func TestCookieTransport(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			h := startCustomHost(t, nil, []string{"REGSTACK_TRANSPORT=cookie"}, backendArgs(t, backend)...)
			testCookieTransport(t, h)
		})
	}
}

func testCookieTransport(t *testing.T, h *host) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	browser := &http.Client{Jar: jar}
	send := func(method, path, body string, header ...string) (int, string, http.Header) {
		t.Helper()
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, err := http.NewRequest(method, h.base+"/api/auth"+path, rd)
		if err != nil {
			t.Fatal(err)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := browser.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(data), resp.Header
	}
	detail := func(raw string) string {
		var d struct{ Detail string }
		_ = json.Unmarshal([]byte(raw), &d)
		return d.Detail
	}

	const creds = `{"email":"carol@example.com","password":"correct horse battery"}`
	if st, raw, _ := send("POST", "/register", creds, "Sec-Fetch-Site", "same-origin"); st != http.StatusCreated {
		t.Fatalf("register: %d %s", st, raw)
	}
	verify := `{"token":"` + h.linkToken("verify", 1) + `"}`
	if st, raw, _ := send("POST", "/verify", verify, "Sec-Fetch-Site", "same-origin"); st != http.StatusOK {
		t.Fatalf("verify: %d %s", st, raw)
	}
	st, raw, hdr := send("POST", "/login", creds, "Sec-Fetch-Site", "same-origin")
	if st != http.StatusOK || !strings.Contains(raw, `"access_token"`) {
		t.Fatalf("login: %d %s", st, raw)
	}
	setCookie := hdr.Get("Set-Cookie")
	for _, attr := range []string{"regstack_session=", "Path=/", "HttpOnly", "SameSite=Lax"} {
		if !strings.Contains(setCookie, attr) {
			t.Fatalf("Set-Cookie %q lacks %s", setCookie, attr)
		}
	}
	// base_url is http://127.0.0.1:<port>: Secure would make the browser
	// drop the cookie.
	if strings.Contains(setCookie, "Secure") {
		t.Fatalf("Secure on a loopback http base_url: %q", setCookie)
	}
	t.Logf("Set-Cookie: %s", setCookie)

	// The jar sends the cookie; no Authorization header anywhere below.
	if st, raw, _ := send("GET", "/me", ""); st != http.StatusOK || !strings.Contains(raw, "carol@example.com") {
		t.Fatalf("me with the cookie: %d %s", st, raw)
	}
	evil := [][]string{
		{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"},
		{"Origin", "https://evil.example"},
	}
	for _, hs := range evil {
		st, raw, _ := send("PATCH", "/me", `{"full_name":"Mallory"}`, hs...)
		if st != http.StatusForbidden || detail(raw) != "Cross-site request refused." {
			t.Fatalf("cross-site PATCH %v: %d %s", hs, st, raw)
		}
		if st, raw, _ := send("POST", "/logout", "", hs...); st != http.StatusForbidden {
			t.Fatalf("cross-site logout %v: %d %s", hs, st, raw)
		}
	}
	if st, raw, _ := send("GET", "/me", ""); st != http.StatusOK || strings.Contains(raw, "Mallory") {
		t.Fatalf("after the cross-site writes: %d %s", st, raw)
	}
	if st, raw, _ := send("PATCH", "/me", `{"full_name":"Carol"}`, "Sec-Fetch-Site", "same-origin", "Origin", h.base); st != http.StatusOK || !strings.Contains(raw, `"Carol"`) {
		t.Fatalf("same-origin PATCH: %d %s", st, raw)
	}

	// Logout revokes the token and clears the cookie from the jar.
	u, _ := url.Parse(h.base + "/api/auth/me")
	token := ""
	for _, c := range jar.Cookies(u) {
		if c.Name == "regstack_session" {
			token = c.Value
		}
	}
	if token == "" {
		t.Fatal("the jar holds no session cookie")
	}
	if st, raw, hdr := send("POST", "/logout", "", "Sec-Fetch-Site", "same-origin"); st != http.StatusOK || !strings.Contains(hdr.Get("Set-Cookie"), "Max-Age=0") {
		t.Fatalf("logout: %d %s %q", st, raw, hdr.Get("Set-Cookie"))
	}
	if len(jar.Cookies(u)) != 0 {
		t.Fatalf("cookie left after logout: %v", jar.Cookies(u))
	}
	if st, raw, _ := send("GET", "/me", ""); st != http.StatusUnauthorized {
		t.Fatalf("me after logout: %d %s", st, raw)
	}
	// The old token, replayed by hand, is revoked.
	if r := h.call("GET", "/api/auth/me", token, nil); r.status != http.StatusUnauthorized || !strings.Contains(r.raw, "revoked") {
		t.Fatalf("revoked token: %d %s", r.status, r.raw)
	}
	// Bearer clients keep working in cookie mode.
	r := h.expect(h.call("POST", "/api/auth/login", "", map[string]any{"email": "carol@example.com", "password": "correct horse battery"}), http.StatusOK)
	h.expect(h.call("GET", "/api/auth/me", r.json["access_token"].(string), nil), http.StatusOK)
}
