//regstack:feature oauth oauth_oidc

package auth

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// newOIDCEnv is an idpEnv with an [oauth.providers.corp] OpenID Connect
// provider found by discovery at the test IdP.
func newOIDCEnv(t *testing.T, mutate ...func(*Config)) *idpEnv {
	t.Helper()
	clock := NewFrozenClock(testEpoch)
	idp := newTestIdP(t, clock)
	mutate = append([]func(*Config){func(c *Config) {
		c.OAuth.Providers = map[string]OAuthProviderConfig{"corp": {
			Issuer: idp.srv.URL, ClientID: idpClientID, ClientSecret: idpClientSecret, DisplayName: "Corp SSO"}}
	}}, mutate...)
	return &idpEnv{oauthEnv: newOAuthEnvWith(t, "corp", clock, nil, mutate...), idp: idp}
}

func TestOIDCDiscoveredProviderSignIn(t *testing.T) {
	o := newOIDCEnv(t)
	auth := o.start("")
	if !strings.HasPrefix(auth, o.idp.srv.URL+"/authorize?") {
		t.Fatalf("start went to %q, want the discovered authorization endpoint", auth)
	}
	code, state := o.idp.authorize(auth, "corp-1", "emp@corp.example", true, nil)
	r := o.exchange(completion(t, o.callback(code, state))).want(t, http.StatusOK, "")
	if r.json["was_new_account"] != true {
		t.Errorf("exchange = %s", r.body)
	}
	prov := o.do("GET", "/oauth/providers", nil, r.str("access_token")).want(t, http.StatusOK, "")
	if !strings.Contains(string(prov.body), `"available":["corp"]`) {
		t.Errorf("providers = %s", prov.body)
	}
	wantError(t, o.signIn("corp-2", "x@corp.example", true, func(g *idpGrant) { g.claims["iss"] = "https://other.example" }), "id_token_failed")
	wantError(t, o.signIn("corp-2", "x@corp.example", true, func(g *idpGrant) { g.claims["exp"] = o.clock.Now().Add(-time.Second).Unix() }), "id_token_failed")
}

// TestOIDCDiscoveryDown: an issuer that does not answer makes its sign-in
// 503, not New fail; it works once the issuer is back.
func TestOIDCDiscoveryDown(t *testing.T) {
	o := newOIDCEnv(t, func(c *Config) {
		p := c.OAuth.Providers["corp"]
		p.Issuer = "http://127.0.0.1:1"
		c.OAuth.Providers["corp"] = p
	})
	o.do("GET", "/oauth/corp/start", nil, "").want(t, http.StatusServiceUnavailable, "OAuth provider 'corp' is unavailable; try again later.")
}

// TestOIDCNeedsSecret: a provider table without its secret is left out
// (New still works, for the host's CLI); its sign-in is "not configured".
func TestOIDCNeedsSecret(t *testing.T) {
	o := newOIDCEnv(t, func(c *Config) {
		p := c.OAuth.Providers["corp"]
		p.ClientSecret = ""
		c.OAuth.Providers["corp"] = p
	})
	o.do("GET", "/oauth/corp/start", nil, "").want(t, http.StatusNotFound, "OAuth provider 'corp' is not configured.")
}
