//regstack:feature ui oauth oauth_google

package auth

import (
	"strings"
	"testing"
)

// TestPagesOAuthSections: with OAuth on, the login page offers each
// provider and the account page its connected-accounts section
// (reference checklist 91-94); off, neither (92).
func TestPagesOAuthSections(t *testing.T) {
	on := newOAuthEnv(t, func(c *Config) { c.EnableUIRouter = true })
	login := get(t, on.handler, "/account/login").Body.String()
	for _, want := range []string{"Sign in with Google", `data-rs-oauth-link="google"`, `href="/api/auth/oauth/google/start"`} {
		if !strings.Contains(login, want) {
			t.Errorf("login page lacks %s", want)
		}
	}
	me := get(t, on.handler, "/account/me").Body.String()
	for _, want := range []string{"Connected accounts", "data-rs-oauth-section"} {
		if !strings.Contains(me, want) {
			t.Errorf("me page lacks %s", want)
		}
	}
	if done := get(t, on.handler, "/account/oauth-complete?id=anything").Body.String(); !strings.Contains(done, "Signing you in") {
		t.Errorf("oauth-complete page: %s", done)
	}

	off := uiEnv(t)
	if strings.Contains(get(t, off.handler, "/account/login").Body.String(), "Sign in with") {
		t.Error("login page offers a provider with OAuth off")
	}
}
