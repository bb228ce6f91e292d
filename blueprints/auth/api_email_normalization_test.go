package auth

import (
	"net/http"
	"testing"
)

// TestEmailUnicodeNormalized is issue 10 item 9: the composed (NFC) and
// decomposed (NFD) spellings of an address are one account, as the
// reference's email-validator makes them.
func TestEmailUnicodeNormalized(t *testing.T) {
	const (
		nfc = "jos\u00e9@exampl\u00e9.com"   // é as one code point
		nfd = "jose\u0301@example\u0301.com" // e + combining acute accent
	)
	e := newTestEnv(t)
	r := e.do("POST", "/register", map[string]any{"email": nfd, "password": testPassword}, "").want(t, http.StatusCreated, "")
	if got := r.str("email"); got != nfc {
		t.Errorf("stored email %q, want the NFC form %q", got, nfc)
	}
	e.do("POST", "/register", map[string]any{"email": nfc, "password": testPassword}, "").
		want(t, http.StatusConflict, "An account with that email already exists.")
	e.do("POST", "/register", map[string]any{"email": "JOSE\u0301@EXAMPLE\u0301.COM", "password": testPassword}, "").want(t, http.StatusCreated, "")
	for _, addr := range []string{nfc, nfd, "jose\u0301@EXAMPLE\u0301.com"} {
		tok := e.login(addr, testPassword)
		me := e.do("GET", "/me", nil, tok).want(t, http.StatusOK, "")
		if got := me.str("email"); got != nfc {
			t.Errorf("login as %q reached %q, want %q", addr, got, nfc)
		}
	}
}

func TestNormalizeEmailUnicode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"jose\u0301@example.com", "jos\u00e9@example.com"},
		{"a@EXAMPLE\u0301.COM", "a@exampl\u00e9.com"},
		{"a@\u00c9XAMPLE.com", "a@\u00e9xample.com"},
		{"Postmaster@Example.com", "postmaster@example.com"},
		{"Abuse@example.com", "abuse@example.com"},
		{"Alice@example.com", "Alice@example.com"},
	}
	for _, tt := range tests {
		if got, err := normalizeEmail(tt.in); err != nil || got != tt.want {
			t.Errorf("normalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}
