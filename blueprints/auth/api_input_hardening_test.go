package auth

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestControlCharactersRefused is issue 10 item 11: control characters and
// bidi overrides in a name or token are a 422 in pydantic's pattern shape,
// and nothing is stored or mailed; passwords still take any character.
func TestControlCharactersRefused(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.RequireVerification = true })
	for _, name := range []string{
		"Eve\x00", "Eve\r\nBcc: victim@example.com", "Eve\nline", "Eve\ttab", "Eve\x7f", "Eve\u0085",
		"\u202egnp.exe", "Eve\u2066x\u2069", "Eve\u2028",
	} {
		r := e.do("POST", "/register", map[string]any{"email": "eve@example.com", "password": testPassword, "full_name": name}, "").
			want(t, http.StatusUnprocessableEntity, "")
		want := []any{map[string]any{
			"type": "string_pattern_mismatch", "loc": []any{"body", "full_name"},
			"msg": "String should match pattern '" + textPattern + "'", "input": name,
			"ctx": map[string]any{"pattern": textPattern},
		}}
		if d := cmp.Diff(want, r.json["detail"]); d != "" {
			t.Errorf("full_name %q (-want +got):\n%s", name, d)
		}
	}
	if n := len(e.outbox.messages()); n != 0 {
		t.Fatalf("%d emails sent for refused registrations", n)
	}
	if _, err := e.rs.store.PendingByEmail(context.Background(), "eve@example.com"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused registration was stored (err %v)", err)
	}
	// A token field follows the same rule.
	r := e.do("POST", "/verify", map[string]any{"token": "abc\x00def"}, "").want(t, http.StatusUnprocessableEntity, "")
	if got := r.json["detail"].([]any)[0].(map[string]any)["type"]; got != "string_pattern_mismatch" {
		t.Errorf("token with NUL: type %v", got)
	}

	// What ordinary names need stays allowed: the zero-width non-joiner of
	// Persian, emoji joiners, right-to-left marks; and a password may hold
	// anything, as in the reference.
	e = newTestEnv(t)
	for i, name := range []string{"مریم\u200cزاده", "👩\u200d👩\u200d👧", "Zoë \u200fאבי", "Ørsted-Ĳssel"} {
		email := "ok" + string(rune('a'+i)) + "@example.com"
		password := "pass\tword\x00\r\n" + name
		e.do("POST", "/register", map[string]any{"email": email, "password": password, "full_name": name}, "").want(t, http.StatusCreated, "")
		tok := e.login(email, password)
		e.do("PATCH", "/me", map[string]any{"full_name": name + "!"}, tok).want(t, http.StatusOK, "")
		e.do("PATCH", "/me", map[string]any{"full_name": name + "\n"}, tok).want(t, http.StatusUnprocessableEntity, "")
	}
}

// TestValidationNeverEchoesSecrets is issue 10 item 13: a 422 shows no
// password or token the client sent, and no more than a short prefix of any
// other value.
func TestValidationNeverEchoesSecrets(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	const secret = "Tr0ub4dor&3-secret"
	long := strings.Repeat("é", 5000)
	tests := []struct {
		name, method, path, token string
		body                      any
		want                      []any
	}{
		{"short password", "POST", "/register", "", map[string]any{"email": "b@example.com", "password": "s3cr"}, []any{map[string]any{
			"type": "string_too_short", "loc": []any{"body", "password"}, "msg": "String should have at least 8 characters",
			"input": secretMask, "ctx": map[string]any{"min_length": float64(8)},
		}}},
		{"long password", "POST", "/login", "", map[string]any{"email": "b@example.com", "password": secret + long}, []any{map[string]any{
			"type": "string_too_long", "loc": []any{"body", "password"}, "msg": "String should have at most 128 characters",
			"input": secretMask, "ctx": map[string]any{"max_length": float64(128)},
		}}},
		{"whole body echoed by a missing field", "POST", "/register", "", map[string]any{"password": secret}, []any{map[string]any{
			"type": "missing", "loc": []any{"body", "email"}, "msg": "Field required",
			"input": map[string]any{"password": secretMask},
		}}},
		{"secret as an unknown key", "POST", "/resend-verification", "", map[string]any{"email": "b@example.com", "token": secret}, []any{map[string]any{
			"type": "extra_forbidden", "loc": []any{"body", "token"}, "msg": "Extra inputs are not permitted", "input": secretMask,
		}}},
		{"current password of the wrong type", "POST", "/change-password", tok, map[string]any{"current_password": []any{secret}, "new_password": secret}, []any{map[string]any{
			"type": "string_type", "loc": []any{"body", "current_password"}, "msg": "Input should be a valid string", "input": secretMask,
		}}},
		{"long name", "PATCH", "/me", tok, map[string]any{"full_name": long}, []any{map[string]any{
			"type": "string_too_long", "loc": []any{"body", "full_name"}, "msg": "String should have at most 200 characters",
			"input": strings.Repeat("é", maxEchoRunes) + "…", "ctx": map[string]any{"max_length": float64(200)},
		}}},
		{"long unknown value", "PATCH", "/me", tok, map[string]any{"x": []any{long, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}}, []any{map[string]any{
			"type": "extra_forbidden", "loc": []any{"body", "x"}, "msg": "Extra inputs are not permitted",
			"input": []any{strings.Repeat("é", maxEchoRunes) + "…", 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, tt.path, tt.body, tt.token).want(t, http.StatusUnprocessableEntity, "")
			if d := cmp.Diff(tt.want, r.json["detail"]); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
			if bytes.Contains(r.body, []byte(secret)) || bytes.Contains(r.body, []byte("s3cr")) {
				t.Errorf("the 422 echoes a secret: %s", r.body)
			}
			if len(r.body) > 1024 {
				t.Errorf("the 422 is %d bytes", len(r.body))
			}
		})
	}
}

// TestCacheControlNoStore is issue 10 item 13: no answer of the API, above
// all one carrying a token, may be kept by a browser or proxy cache.
func TestCacheControlNoStore(t *testing.T) {
	e := newTestEnv(t)
	e.register("alice@example.com")
	r := e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").want(t, http.StatusOK, "")
	tok := r.str("access_token")
	for _, r := range []response{
		r,
		e.do("GET", "/me", nil, tok).want(t, http.StatusOK, ""),
		e.do("GET", "/me", nil, "").want(t, http.StatusUnauthorized, ""),
		e.do("POST", "/login", `{}`, "").want(t, http.StatusUnprocessableEntity, ""),
		e.do("GET", "/nowhere", nil, "").want(t, http.StatusNotFound, ""),
		e.do("GET", "/login", nil, "").want(t, http.StatusMethodNotAllowed, ""),
		e.do("POST", "/logout", nil, tok).want(t, http.StatusOK, ""),
	} {
		if got := r.header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%d %s: Cache-Control %q, want no-store", r.status, r.body, got)
		}
	}
}
