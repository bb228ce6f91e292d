package e2e

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestWireMethodsPathsAndTokenTexts checks, over real HTTP against the demo
// host, the answers the reference gives for methods, paths and a malformed
// token (issue 12, items 6 and 7): HEAD on a GET route is 405 with
// Allow: GET, a 405 lists the first route's method, a trailing slash is a
// 307 to the absolute slashless URL, a doubled slash is a JSON 404, and a
// token whose header is not JSON is reported with Python's json message.
func TestWireMethodsPathsAndTokenTexts(t *testing.T) {
	h := startHost(t)
	client := &http.Client{Transport: h.client.Transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, path, token string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, h.base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, strings.TrimSpace(string(body))
	}
	tests := []struct {
		method, path, token string
		status              int
		header, value, body string
	}{
		{"HEAD", "/api/auth/me", "", 405, "Allow", "GET", ""},
		{"DELETE", "/api/auth/me", "", 405, "Allow", "GET", `{"detail":"Method Not Allowed"}`},
		{"GET", "/api/auth/login", "", 405, "Allow", "POST", `{"detail":"Method Not Allowed"}`},
		{"POST", "/api/auth/login/", "", 307, "Location", h.base + "/api/auth/login", ""},
		{"GET", "/api/auth/me/", "", 307, "Location", h.base + "/api/auth/me", ""},
		{"GET", "/api/auth//me", "", 404, "Content-Type", "application/json", `{"detail":"Not Found"}`},
		{"GET", "/api/auth/x/../me", "", 404, "Content-Type", "application/json", `{"detail":"Not Found"}`},
		{"GET", "/api/auth/me", "!!.e30.x", 401, "WWW-Authenticate", "Bearer",
			`{"detail":"Invalid token: Invalid header string: Expecting value: line 1 column 1 (char 0)"}`},
	}
	for _, tt := range tests {
		resp, body := send(tt.method, tt.path, tt.token)
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s: status %d, want %d (%s)", tt.method, tt.path, resp.StatusCode, tt.status, body)
			continue
		}
		if got := resp.Header.Get(tt.header); got != tt.value {
			t.Errorf("%s %s: %s %q, want %q", tt.method, tt.path, tt.header, got, tt.value)
		}
		if body != tt.body {
			t.Errorf("%s %s: body %s, want %s", tt.method, tt.path, body, tt.body)
		}
	}
}
