//regstack:feature oauth oauth_google totp

package auth

import (
	"net/http"
	"slices"
	"testing"
)

// TestOAuthEnforceMFAWithApp: with enforce_mfa_on_oauth_signin, an
// account whose only second factor is an authenticator app gets the same
// mfa_required step from the exchange as from /login (methods ["totp"]),
// and the app's code finishes the sign-in.
func TestOAuthEnforceMFAWithApp(t *testing.T) {
	o := newOAuthEnv(t, func(c *Config) {
		c.EnableSMS2FA = true
		c.EnableTOTP = true
		c.OAuth.AutoLinkVerifiedEmails = true
		c.OAuth.EnforceMFAOnOAuthSignin = true
	})
	o.register("app@example.com")
	secret, _ := o.enrolTOTP(o.login("app@example.com", testPassword))

	r := o.exchange(completion(t, o.signIn("app-1", "app@example.com", true, nil))).want(t, http.StatusOK, "")
	if r.str("status") != "mfa_required" || r.str("access_token") != "" {
		t.Fatalf("exchange = %s, want the mfa_required step", r.body)
	}
	var methods []string
	for _, m := range r.json["methods"].([]any) {
		methods = append(methods, m.(string))
	}
	if !slices.Equal(methods, []string{"totp"}) {
		t.Errorf("methods = %v, want [totp]", methods)
	}
	done := o.do("POST", "/login/mfa-confirm", map[string]any{
		"mfa_pending_token": r.str("mfa_pending_token"), "code": totpCodeAt(t, secret, o.clock.Now()), "method": "totp",
	}, "").want(t, http.StatusOK, "")
	o.do("GET", "/me", nil, done.str("access_token")).want(t, http.StatusOK, "")
}
