package auth

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidationShapes checks the 422 bodies against the reference's
// pydantic error objects.
func TestValidationShapes(t *testing.T) {
	e := newTestEnv(t)
	tests := []struct {
		name string
		body any
		want []map[string]any
	}{
		{"missing body", nil, []map[string]any{{"type": "missing", "loc": []any{"body"}, "msg": "Field required", "input": nil}}},
		{"short password", `{"email":"a@example.com","password":"short"}`, []map[string]any{{
			"type": "string_too_short", "loc": []any{"body", "password"}, "msg": "String should have at least 8 characters",
			"input": secretMask, "ctx": map[string]any{"min_length": float64(8)},
		}}},
		{"unknown key", `{"email":"a@example.com","password":"long enough","admin":true}`, []map[string]any{{
			"type": "extra_forbidden", "loc": []any{"body", "admin"}, "msg": "Extra inputs are not permitted", "input": true,
		}}},
		{"wrong type", `{"email":"a@example.com","password":12345678}`, []map[string]any{{
			"type": "string_type", "loc": []any{"body", "password"}, "msg": "Input should be a valid string", "input": secretMask,
		}}},
		{"bad email", `{"email":"not-an-email","password":"long enough"}`, []map[string]any{{
			"type": "value_error", "loc": []any{"body", "email"}, "msg": "value is not a valid email address: An email address must have an @-sign.",
			"input": "not-an-email", "ctx": map[string]any{"reason": "An email address must have an @-sign."},
		}}},
		{"not an object", `[1,2]`, []map[string]any{{
			"type": "model_attributes_type", "loc": []any{"body"}, "msg": "Input should be a valid dictionary or object to extract fields from", "input": []any{float64(1), float64(2)},
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("POST", "/register", tt.body, "").want(t, http.StatusUnprocessableEntity, "")
			var got []map[string]any
			for _, d := range r.json["detail"].([]any) {
				got = append(got, d.(map[string]any))
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
		})
	}
}

func TestValidationMissingFieldAndMalformed(t *testing.T) {
	e := newTestEnv(t)
	r := e.do("POST", "/register", `{"email":"a@example.com"}`, "").want(t, http.StatusUnprocessableEntity, "")
	d := r.json["detail"].([]any)[0].(map[string]any)
	if d["type"] != "missing" || !cmp.Equal(d["loc"], []any{"body", "password"}) || d["msg"] != "Field required" {
		t.Errorf("missing field: %v", d)
	}
	r = e.do("POST", "/register", `{"email":`, "").want(t, http.StatusUnprocessableEntity, "")
	if d := r.json["detail"].([]any)[0].(map[string]any); d["type"] != "json_invalid" || d["msg"] != "JSON decode error" {
		t.Errorf("malformed JSON: %v", d)
	}
}

func TestPasswordLengthCountsCharacters(t *testing.T) {
	e := newTestEnv(t)
	// Eight characters but sixteen bytes: valid, as the reference counts code points.
	e.do("POST", "/register", map[string]any{"email": "a@example.com", "password": strings.Repeat("é", 8)}, "").want(t, http.StatusCreated, "")
	e.do("POST", "/register", map[string]any{"email": "b@example.com", "password": strings.Repeat("é", 129)}, "").want(t, http.StatusUnprocessableEntity, "")
}

func TestBodyTooLarge(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.MaxBodyBytes = 1024 })
	big := `{"email":"a@example.com","password":"` + strings.Repeat("x", 2048) + `"}`
	e.do("POST", "/register", big, "").want(t, http.StatusRequestEntityTooLarge, "Request body is too large.")
}

func TestAuthBeforeValidation(t *testing.T) {
	e := newTestEnv(t)
	// A missing token wins over a bad body, as in the reference.
	e.do("POST", "/change-password", `{"bogus":1}`, "").want(t, http.StatusUnauthorized, "Authentication required.")
}
