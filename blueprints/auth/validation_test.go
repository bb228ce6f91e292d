package auth

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeBody feeds arbitrary bodies to the request decoder: it must
// never panic, and every failure must be a 413 or a well-formed 422.
func FuzzDecodeBody(f *testing.F) {
	for _, seed := range []string{
		``, `null`, `{}`, `[]`, `"x"`, `{"email":"a@example.com","password":"long enough"}`,
		`{"email":1}`, `{"full_name":null}`, `{"email":"a@b.c","x":{"y":[1,2]}}`, `{"email":`, "\xff\xfe",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var email, password string
		var name *string
		var nameSet bool
		var flag *bool
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		err := decodeBody(r, 4096,
			emailField("email", &email),
			passwordField("password", &password),
			nullableStringField("full_name", &name, &nameSet, 200),
			boolField("flag", &flag),
		)
		if err == nil {
			if n := utf8.RuneCountInString(password); n < 8 || n > 128 {
				t.Fatalf("accepted a %d-character password", n)
			}
			if _, err := normalizeEmail(email); err != nil {
				t.Fatalf("accepted invalid email %q", email)
			}
			return
		}
		var ve validationErrors
		var ae *apiError
		switch {
		case errors.As(err, &ve):
			if len(ve) == 0 {
				t.Fatal("empty validation error")
			}
			if _, err := json.Marshal(validationBody{Detail: ve}); err != nil {
				t.Fatalf("422 body does not encode: %v", err)
			}
		case errors.As(err, &ae):
			if ae.status != 413 && ae.status != 400 {
				t.Fatalf("unexpected status %d", ae.status)
			}
		default:
			t.Fatalf("unexpected error type %T: %v", err, err)
		}
	})
}

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"Alice@Example.COM", "Alice@example.com", ""},
		{"  bob@example.com ", "bob@example.com", ""},
		{"Bob Smith <bob@example.com>", "bob@example.com", ""},
		{"user.name+tag@sub.example.co.uk", "user.name+tag@sub.example.co.uk", ""},
		{"noat", "", "must have an @-sign"},
		{"@example.com", "", "something before the @-sign"},
		{".a@example.com", "", "cannot start with a period"},
		{"a..b@example.com", "", "two periods in a row"},
		{"a@localhost", "", "should have a period"},
		{"a@example.test", "", "special-use or reserved"},
		{"a@foo.localhost", "", "special-use or reserved"},
		{"a@mail.local", "", "special-use or reserved"},
		{"a@[127.0.0.1]", "", "A bracketed IP address after the @-sign is not allowed here."},
		{"a@example.123", "", "top-level domain"},
		{"a b@example.com", "", "invalid characters before the @-sign"},
		{"\"quoted\"@example.com", "", "Quoting the part before the @-sign is not allowed here."},
		{"a@-example.com", "", "hyphen"},
		{strings.Repeat("a", 65) + "@example.com", strings.Repeat("a", 65) + "@example.com", ""},
		{"user@xn--bcher-kva.de", "user@bücher.de", ""},
	}
	for _, tt := range tests {
		got, err := normalizeEmail(tt.in)
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("normalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("normalizeEmail(%q) error = %v; want one containing %q", tt.in, err, tt.err)
		}
	}
}
