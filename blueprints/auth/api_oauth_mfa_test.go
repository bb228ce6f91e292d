//regstack:feature oauth oauth_google sms_2fa

package auth

import (
	"net/http"
	"testing"
)

// TestOAuthEnforceMFA: with enforce_mfa_on_oauth_signin, an account with
// SMS 2FA on gets the mfa_required step from the exchange, and the code
// finishes the sign-in; without it (the reference's behaviour) the
// exchange gives the session at once.
func TestOAuthEnforceMFA(t *testing.T) {
	for _, enforce := range []bool{true, false} {
		o := newOAuthEnv(t, func(c *Config) {
			c.EnableSMS2FA = true
			c.OAuth.AutoLinkVerifiedEmails = true
			c.OAuth.EnforceMFAOnOAuthSignin = enforce
		})
		box := &phoneBox{}
		o.rs.SetSMSSender(box)
		o.enableMFA(box, "two@example.com")
		r := o.exchange(completion(t, o.signIn("mfa-1", "two@example.com", true, nil))).want(t, http.StatusOK, "")
		if !enforce {
			if r.str("access_token") == "" {
				t.Fatalf("enforce off: exchange = %s", r.body)
			}
			continue
		}
		if r.str("status") != "mfa_required" || r.str("mfa_pending_token") == "" || r.str("access_token") != "" {
			t.Fatalf("enforce on: exchange = %s, want the mfa_required step", r.body)
		}
		done := o.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": r.str("mfa_pending_token"), "code": box.lastCode(t, testPhone)}, "").
			want(t, http.StatusOK, "")
		o.do("GET", "/me", nil, done.str("access_token")).want(t, http.StatusOK, "")
	}
}
