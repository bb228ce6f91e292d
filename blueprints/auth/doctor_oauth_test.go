//regstack:feature oauth oauth_google oauth_oidc

package auth

import (
	"context"
	"strings"
	"testing"
)

// TestDoctorOAuth: a configured provider without its client secret is a
// warning naming the variable to set (New leaves it out silently but for
// a log line); an OpenID Connect provider passes only while its issuer
// answers discovery.
func TestDoctorOAuth(t *testing.T) {
	idp := newTestIdP(t, NewFrozenClock(testEpoch))
	cfg := testConfig(t)
	cfg.EnableOAuth = true
	cfg.OAuth.GoogleClientID = idpClientID // no GoogleClientSecret
	cfg.OAuth.Providers = map[string]OAuthProviderConfig{
		"corp": {Issuer: idp.srv.URL, ClientID: idpClientID, ClientSecret: idpClientSecret},
		"down": {Issuer: "http://127.0.0.1:1", ClientID: idpClientID, ClientSecret: idpClientSecret},
	}
	checks := Diagnose(context.Background(), cfg, DoctorOptions{}, WithEmail(&mailbox{}))

	if c := checkNamed(t, checks, "oauth google"); c.Status != CheckWarn || !strings.Contains(c.Detail, "set REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET") {
		t.Errorf("google without a secret: %v", c)
	}
	if c := checkNamed(t, checks, "oauth corp"); c.Status != CheckPass || c.Detail != "client secret set; discovery at "+idp.srv.URL+" answers" {
		t.Errorf("corp: %v", c)
	}
	if c := checkNamed(t, checks, "oauth down"); c.Status != CheckWarn || !strings.Contains(c.Detail, "discovery at http://127.0.0.1:1 failed") {
		t.Errorf("down: %v", c)
	}
	var oauth []string
	for _, c := range checks {
		if strings.HasPrefix(c.Name, "oauth ") {
			oauth = append(oauth, c.Name)
		}
	}
	if got := strings.Join(oauth, ","); got != "oauth google,oauth corp,oauth down" {
		t.Errorf("OAuth checks %s, want google, then the provider tables by name", got)
	}
}
