package auth

import (
	"net/http"
	"testing"
)

// TestAPITokenReasonsMatchPyJWT sends every token of the PyJWT table
// (testdata/pyjwt_reasons.json) to GET /me, with and without a configured
// audience, and expects the reference's answer: 401 "Invalid token: <PyJWT's
// reason>" with WWW-Authenticate: Bearer, or, for a token PyJWT accepts,
// the next check's 401 (its subject has no account).
func TestAPITokenReasonsMatchPyJWT(t *testing.T) {
	v := loadPyJWTReasons(t)
	plain := newTestEnv(t)
	withAud := newTestEnv(t, func(c *Config) { c.JWTAudience = "my-app" })
	for _, tc := range v.Tokens {
		e := plain
		name := tc.Name
		if tc.Audience != "" {
			e, name = withAud, name+" aud="+tc.Audience
		}
		t.Run(name, func(t *testing.T) {
			if tc.Token == "" {
				// No credentials at all is the "Authentication required."
				// branch, before any token check.
				e.do(http.MethodGet, "/me", nil, "").want(t, http.StatusUnauthorized, "Authentication required.")
				return
			}
			r := e.do(http.MethodGet, "/me", nil, tc.Token)
			if tc.Reason == "" {
				r.want(t, http.StatusUnauthorized, "User no longer active.")
				return
			}
			r.want(t, http.StatusUnauthorized, "Invalid token: "+tc.Reason)
			if got := r.header.Get("WWW-Authenticate"); got != "Bearer" {
				t.Errorf("WWW-Authenticate %q, want Bearer", got)
			}
		})
	}
}
