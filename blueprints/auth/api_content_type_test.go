package auth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// doTyped sends body as is with the given Content-Type header (none when
// contentType is empty), as a cross-site form or a hand-written client
// would.
func (e *testEnv) doTyped(method, path, contentType, body, token string) response {
	e.t.Helper()
	req := httptest.NewRequest(method, e.cfg.APIPrefix+path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	r := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	_ = json.Unmarshal(r.body, &r.json)
	return r
}

// jsonEndpoint is one endpoint of the API that takes a JSON body, with a
// body it would accept; token says whether it needs the signed-in user's
// bearer token or the administrator's (alice is both).
type jsonEndpoint struct {
	method, path string
	body         map[string]any
	auth         string // "", "user" or "admin"
	secret       bool   // the request model has a password or token field
}

// jsonEndpoints lists every endpoint that reads a JSON body. userID is the
// signed-in user's id, for the admin routes.
func jsonEndpoints(userID string) []jsonEndpoint {
	eps := []jsonEndpoint{
		{"POST", "/register", map[string]any{"email": "new@example.com", "password": testPassword}, "", true},
		{"POST", "/verify", map[string]any{"token": "x"}, "", true},
		{"POST", "/resend-verification", map[string]any{"email": "alice@example.com"}, "", false},
		{"POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "", true},
		{"PATCH", "/me", map[string]any{"full_name": "Alice"}, "user", false},
		{"POST", "/change-password", map[string]any{"current_password": testPassword, "new_password": "another long one"}, "user", true},
		{"POST", "/change-email", map[string]any{"new_email": "alice2@example.com", "current_password": testPassword}, "user", true},
		{"POST", "/confirm-email-change", map[string]any{"token": "x"}, "", true},
	}

	//regstack:if account_deletion

	eps = append(eps, jsonEndpoint{"DELETE", "/account", map[string]any{"current_password": testPassword}, "user", true})

	//regstack:end

	//regstack:if password_reset

	eps = append(eps,
		jsonEndpoint{"POST", "/forgot-password", map[string]any{"email": "alice@example.com"}, "", false},
		jsonEndpoint{"POST", "/reset-password", map[string]any{"token": "x", "new_password": "another long one"}, "", true},
	)

	//regstack:end

	//regstack:if admin

	eps = append(eps, jsonEndpoint{"PATCH", "/admin/users/" + userID, map[string]any{"full_name": "Alice"}, "admin", false})

	//regstack:end

	return eps
}

// TestNonJSONBodyRefused is issue 10 item 8: a body that is not
// application/json (a cross-site text/plain or form post, or one without a
// Content-Type) is refused by every endpoint before anything is read,
// written or sent, with the reference's 422.
func TestNonJSONBodyRefused(t *testing.T) {
	e := newTestEnv(t, func(c *Config) {
		c.RequireVerification = true

		//regstack:if admin

		c.EnableAdminRouter = true

		//regstack:end
	})
	ctx := context.Background()
	if err := e.rs.BootstrapAdmin(ctx, "alice@example.com", testPassword); err != nil {
		t.Fatalf("BootstrapAdmin: %v", err)
	}
	alice := e.user("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	before := len(e.outbox.messages())
	for _, ep := range jsonEndpoints(alice.ID) {
		data, err := json.Marshal(ep.body)
		if err != nil {
			t.Fatal(err)
		}
		jsonText := string(data)
		form := url.Values{}
		for k, v := range ep.body {
			form.Set(k, v.(string))
		}
		bearer := ""
		if ep.auth != "" {
			bearer = tok
		}
		for _, tc := range []struct{ contentType, body string }{
			{"text/plain", jsonText},
			{"text/plain;charset=UTF-8", jsonText},
			{"", jsonText},
			{"application/x-www-form-urlencoded", form.Encode()},
			{"multipart/form-data; boundary=x", jsonText},
			{"application/jsonx", jsonText},
			{"text/json", jsonText},
		} {
			t.Run(ep.method+" "+ep.path+" "+tc.contentType, func(t *testing.T) {
				r := e.doTyped(ep.method, ep.path, tc.contentType, tc.body, bearer).want(t, http.StatusUnprocessableEntity, "")
				input := any(tc.body)
				if ep.secret {
					input = secretMask
				}
				want := []any{map[string]any{
					"type": "model_attributes_type", "loc": []any{"body"},
					"msg": "Input should be a valid dictionary or object to extract fields from", "input": input,
				}}
				if d := cmp.Diff(want, r.json["detail"]); d != "" {
					t.Errorf("detail (-want +got):\n%s", d)
				}
			})
		}
	}
	if got := len(e.outbox.messages()); got != before {
		t.Errorf("%d emails sent for refused requests", got-before)
	}
	if _, err := e.rs.store.PendingByEmail(ctx, "new@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a refused register left a pending registration (err %v)", err)
	}
	if e.user("alice@example.com").FullName != nil {
		t.Error("a refused PATCH changed the account")
	}
	e.do("GET", "/me", nil, tok).want(t, http.StatusOK, "")
}

// TestJSONMediaTypesAccepted: the JSON types the reference accepts, with
// parameters and in any case, still work.
func TestJSONMediaTypesAccepted(t *testing.T) {
	e := newTestEnv(t)
	for i, ct := range []string{
		"application/json",
		"application/json; charset=utf-8",
		"Application/JSON ;charset=UTF-8",
		"application/merge-patch+json",
		"application/vnd.api+json",
	} {
		body := `{"email":"user` + string(rune('a'+i)) + `@example.com","password":"` + testPassword + `"}`
		e.doTyped("POST", "/register", ct, body, "").want(t, http.StatusCreated, "")
	}
}

// TestIsJSONMediaType pins the header parsing against the reference's
// (Python's email.message content-type rules).
func TestIsJSONMediaType(t *testing.T) {
	for header, want := range map[string]bool{
		"application/json":                  true,
		" application/json ; charset=utf-8": true,
		"APPLICATION/JSON":                  true,
		"application/problem+json":          true,
		"application/json;":                 true,
		"":                                  false,
		"json":                              false,
		"application/json/x":                false,
		"application /json":                 false,
		"text/plain":                        false,
		"application/x-www-form-urlencoded": false,
		"application/jsonp":                 false,
	} {
		if got := isJSONMediaType(header); got != want {
			t.Errorf("isJSONMediaType(%q) = %v, want %v", header, got, want)
		}
	}
}
