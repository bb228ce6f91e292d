//regstack:feature oauth oauth_google

package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// newOAuthEnv is an oauthEnv whose Google provider talks to a test IdP.
func newOAuthEnv(t *testing.T, mutate ...func(*Config)) *idpEnv {
	t.Helper()
	clock := NewFrozenClock(testEpoch)
	idp := newTestIdP(t, clock)
	mutate = append([]func(*Config){func(c *Config) {
		c.OAuth.GoogleClientID = idpClientID
		c.OAuth.GoogleClientSecret = idpClientSecret
	}}, mutate...)
	return &idpEnv{oauthEnv: newOAuthEnvWith(t, "google", clock, []Option{WithOAuthProvider(idp.google(t, ""))}, mutate...), idp: idp}
}

// google returns a Google provider that talks to this IdP, expecting
// issuer iss in the ID tokens ("" for the IdP's own URL).
func (idp *testIdP) google(t *testing.T, iss string) Provider {
	t.Helper()
	if iss == "" {
		iss = idp.issuer
	}
	p, err := newGoogleProviderAt(t.Context(), idpClientID, idpClientSecret, idp.clock, googleEndpoints{
		authURL: idp.srv.URL + "/authorize", tokenURL: idp.srv.URL + "/token", jwksURL: idp.srv.URL + "/jwks",
		issuer: iss, client: idp.srv.Client(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOAuthSignInCreatesAccount(t *testing.T) {
	o := newOAuthEnv(t)
	auth := o.start("")
	if !strings.HasPrefix(auth, o.idp.srv.URL+"/authorize?") {
		t.Fatalf("start redirected to %q", auth)
	}
	q, _ := url.ParseQuery(auth[strings.Index(auth, "?")+1:])
	for k, want := range map[string]string{"prompt": "select_account", "access_type": "online",
		"redirect_uri": "http://localhost:8000/api/auth/oauth/google/callback"} {
		if q.Get(k) != want {
			t.Errorf("authorization URL %s=%q, want %q", k, q.Get(k), want)
		}
	}
	if n := len(q.Get("state")); n != 43 {
		t.Errorf("state has %d characters, want 43", n)
	}
	code, state := o.idp.authorize(auth, "sub-1", "New@Example.COM", true, nil)
	id := completion(t, o.callback(code, state))
	r := o.exchange(id).want(t, http.StatusOK, "")
	if r.str("redirect_to") != "/account/me" || r.json["was_new_account"] != true || r.str("token_type") != "bearer" || r.str("access_token") == "" {
		t.Fatalf("exchange = %s", r.body)
	}
	me := o.do("GET", "/me", nil, r.str("access_token")).want(t, http.StatusOK, "")
	if me.str("email") != "New@example.com" || me.json["is_verified"] != true || me.str("full_name") != "Test sub-1" {
		t.Fatalf("/me = %s", me.body)
	}
	u := o.user("New@example.com")
	if u.HasPassword() {
		t.Error("an OAuth account got a password")
	}
	ids, err := o.rs.oauthStore.OAuthIdentities(t.Context(), u.ID)
	if err != nil || len(ids) != 1 || ids[0].Provider != "google" || ids[0].SubjectID != "sub-1" || ids[0].LastUsedAt == nil {
		t.Fatalf("identities = %+v, %v", ids, err)
	}
	// The completion id is single-use.
	o.exchange(id).want(t, http.StatusNotFound, detailOAuthStateGone)

	// A second sign-in with the subject reaches the same account.
	o.clock.Advance(time.Minute)
	r2 := o.exchange(completion(t, o.signIn("sub-1", "other@example.com", true, nil))).want(t, http.StatusOK, "")
	if r2.json["was_new_account"] != false {
		t.Errorf("second sign-in: was_new_account = %v", r2.json["was_new_account"])
	}
	ids, _ = o.rs.oauthStore.OAuthIdentities(t.Context(), u.ID)
	if len(ids) != 1 || !ids[0].LastUsedAt.Equal(o.clock.Now()) {
		t.Errorf("last_used_at = %v, want %v", ids[0].LastUsedAt, o.clock.Now())
	}
	prov := o.do("GET", "/oauth/providers", nil, r2.str("access_token")).want(t, http.StatusOK, "")
	if !strings.Contains(string(prov.body), `"available":["google"]`) || !strings.Contains(string(prov.body), `"linked_at":"2025-01-01T00:00:00+00:00"`) {
		t.Errorf("providers = %s", prov.body)
	}
	o.do("GET", "/oauth/providers", nil, "").want(t, http.StatusUnauthorized, detailAuthRequired)
}

func TestOAuthExistingEmail(t *testing.T) {
	t.Run("auto-link off", func(t *testing.T) {
		o := newOAuthEnv(t)
		o.register("taken@example.com")
		wantError(t, o.signIn("sub-2", "taken@example.com", true, nil), "email_in_use")
	})
	t.Run("auto-link on, verified", func(t *testing.T) {
		o := newOAuthEnv(t, func(c *Config) { c.OAuth.AutoLinkVerifiedEmails = true })
		o.register("taken@example.com")
		r := o.exchange(completion(t, o.signIn("sub-2", "taken@example.com", true, nil))).want(t, http.StatusOK, "")
		if r.json["was_new_account"] != false {
			t.Errorf("was_new_account = %v", r.json["was_new_account"])
		}
		ids, _ := o.rs.oauthStore.OAuthIdentities(t.Context(), o.user("taken@example.com").ID)
		if len(ids) != 1 {
			t.Errorf("identities = %+v", ids)
		}
	})
	t.Run("auto-link on, unverified", func(t *testing.T) {
		o := newOAuthEnv(t, func(c *Config) { c.OAuth.AutoLinkVerifiedEmails = true })
		o.register("taken@example.com")
		wantError(t, o.signIn("sub-2", "taken@example.com", false, nil), "email_in_use")
	})
}

// TestOAuthCallbackErrors: every ?error= code the callback sends.
func TestOAuthCallbackErrors(t *testing.T) {
	o := newOAuthEnv(t)
	wantError(t, o.do("GET", "/oauth/google/callback?error=access_denied&state=x", nil, "").location(t), "oauth_failed")
	wantError(t, o.do("GET", "/oauth/google/callback?state=x", nil, "").location(t), "missing_code_or_state")
	wantError(t, o.do("GET", "/oauth/google/callback?code=x", nil, "").location(t), "missing_code_or_state")
	wantError(t, o.do("GET", "/oauth/github/callback?code=x&state=y", nil, "").location(t), "unknown_provider")
	wantError(t, o.callback("x", "no-such-state"), "bad_state")

	code, state := o.idp.authorize(o.start(""), "sub-3", "a@example.com", true, nil)
	o.clock.Advance(time.Duration(o.cfg.OAuth.StateTTLSeconds+1) * time.Second)
	wantError(t, o.callback(code, state), "state_expired")

	wantError(t, o.signIn("sub-3", "a@example.com", true, func(g *idpGrant) { g.challenge = "not-the-challenge" }), "token_exchange_failed")
	wantError(t, o.signIn("sub-3", "a@example.com", true, func(g *idpGrant) { g.noIDToken = true }), "token_exchange_failed")
	wantError(t, o.signIn("sub-3", "", false, nil), "email_required")
	wantError(t, o.signIn("sub-3", "not an address", true, nil), "email_required")

	// A replayed callback: the state was taken by the first one.
	code, state = o.idp.authorize(o.start(""), "sub-4", "b@example.com", true, nil)
	completion(t, o.callback(code, state))
	wantError(t, o.callback(code, state), "bad_state")

	// A disabled account.
	o.exchange(completion(t, o.signIn("sub-5", "c@example.com", true, nil))).want(t, http.StatusOK, "")
	o.disable("c@example.com")
	wantError(t, o.signIn("sub-5", "c@example.com", true, nil), "user_inactive")
}

// TestOAuthIDTokenChecks: each fault in the ID token is id_token_failed.
func TestOAuthIDTokenChecks(t *testing.T) {
	o := newOAuthEnv(t)
	otherKey := newTestIdP(t, o.clock)
	now := o.clock.Now()
	for _, tt := range []struct {
		name string
		edit func(*idpGrant)
	}{
		{"wrong nonce", func(g *idpGrant) { g.claims["nonce"] = "other" }},
		{"no nonce", func(g *idpGrant) { delete(g.claims, "nonce") }},
		{"wrong audience", func(g *idpGrant) { g.claims["aud"] = "someone-else" }},
		{"wrong issuer", func(g *idpGrant) { g.claims["iss"] = "https://evil.example" }},
		{"expired", func(g *idpGrant) { g.claims["exp"] = now.Add(-time.Second).Unix() }},
		{"future iat", func(g *idpGrant) { g.claims["iat"] = now.Add(10 * time.Minute).Unix() }},
		{"no iat", func(g *idpGrant) { delete(g.claims, "iat") }},
		{"empty sub", func(g *idpGrant) { g.claims["sub"] = "" }},
		{"other key", func(g *idpGrant) { g.sign = func(c jwt.MapClaims) string { return otherKey.signed(c) } }},
		{"unknown kid", func(g *idpGrant) {
			g.sign = func(c jwt.MapClaims) string {
				tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
				tok.Header["kid"] = "key-2"
				s, _ := tok.SignedString(o.idp.key)
				return s
			}
		}},
		{"HS256", func(g *idpGrant) {
			g.sign = func(c jwt.MapClaims) string {
				s, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString([]byte(idpClientSecret))
				return s
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, o.signIn("sub-6", "d@example.com", true, tt.edit), "id_token_failed")
		})
	}
	// Nothing was created by the refused tokens.
	if _, err := o.rs.store.UserByEmail(t.Context(), "d@example.com"); err == nil {
		t.Error("a refused ID token created an account")
	}
}

// TestOAuthGoogleIssuerForms: Google's ID tokens say either
// "https://accounts.google.com" or "accounts.google.com"; both pass.
func TestOAuthGoogleIssuerForms(t *testing.T) {
	for _, iss := range []string{"https://accounts.google.com", "accounts.google.com"} {
		t.Run(iss, func(t *testing.T) {
			clock := NewFrozenClock(testEpoch)
			idp := newTestIdP(t, clock)
			idp.issuer = iss
			p := idp.google(t, "https://accounts.google.com")
			auth, err := p.AuthorizationURL(t.Context(), AuthorizationRequest{RedirectURI: "http://x/cb", State: "s", CodeChallenge: pkceChallenge("v"), Nonce: "n"})
			if err != nil {
				t.Fatal(err)
			}
			code, _ := idp.authorize(auth, "g-1", "g@example.com", true, nil)
			ident, err := p.Exchange(context.Background(), ExchangeRequest{Code: code, RedirectURI: "http://x/cb", CodeVerifier: "v", Nonce: "n"})
			if err != nil || ident.Subject != "g-1" || !ident.EmailVerified {
				t.Fatalf("Exchange = %+v, %v", ident, err)
			}
		})
	}
}

func TestOAuthLinkAndUnlink(t *testing.T) {
	o := newOAuthEnv(t)
	o.register("pw@example.com")
	token := o.login("pw@example.com", "correct horse battery")
	o.do("POST", "/oauth/google/link/start", nil, "").want(t, http.StatusUnauthorized, detailAuthRequired)
	o.do("POST", "/oauth/nope/link/start", nil, token).want(t, http.StatusNotFound, "OAuth provider 'nope' is not configured.")
	link := func(subject string) string {
		auth := o.do("POST", "/oauth/google/link/start", nil, token).want(t, http.StatusOK, "").str("authorization_url")
		code, state := o.idp.authorize(auth, subject, "elsewhere@example.com", true, nil)
		return o.callback(code, state)
	}
	o.exchange(completion(t, link("link-1"))).want(t, http.StatusOK, "")
	ids, _ := o.rs.oauthStore.OAuthIdentities(t.Context(), o.user("pw@example.com").ID)
	if len(ids) != 1 || ids[0].SubjectID != "link-1" {
		t.Fatalf("identities = %+v", ids)
	}
	wantError(t, link("link-1"), "already_linked")
	wantError(t, link("link-2"), "identity_in_use") // one google identity per user
	o.signIn("other-sub", "other@example.com", true, nil)
	wantError(t, link("other-sub"), "identity_in_use")

	o.do("DELETE", "/oauth/google/link", nil, token).want(t, http.StatusOK, "")
	o.do("DELETE", "/oauth/google/link", nil, token).want(t, http.StatusNotFound, detailNotLinked)

	// An OAuth-only account keeps its only sign-in method.
	r := o.exchange(completion(t, o.signIn("only-1", "only@example.com", true, nil))).want(t, http.StatusOK, "")
	o.do("DELETE", "/oauth/google/link", nil, r.str("access_token")).want(t, http.StatusBadRequest, detailOnlySignIn)
}

// TestOAuthRedirectTo: redirect_to is this site only.
func TestOAuthRedirectTo(t *testing.T) {
	o := newOAuthEnv(t)
	for _, bad := range []string{"https://evil.example/steal", "//evil.example", "/\\evil.example", "\\\\evil.example",
		"https:evil.example", "https:/evil.example", "http://localhost:8000@evil.example/", "/\t/evil.example",
		"javascript:alert(1)", "evil.example", "%2F%2Fevil.example", "http://localhost:9999/x"} {
		o.do("GET", "/oauth/google/start?redirect_to="+url.QueryEscape(bad), nil, "").want(t, http.StatusBadRequest, detailRedirectOrigin)
	}
	if loc := o.start("http://localhost:8000/welcome"); !strings.HasPrefix(loc, o.idp.srv.URL) {
		t.Errorf("a same-origin absolute redirect_to was refused: %s", loc)
	}
	code, state := o.idp.authorize(o.start("/dashboard?tab=1"), "r-1", "r@example.com", true, nil)
	if got := o.exchange(completion(t, o.callback(code, state))).want(t, http.StatusOK, "").str("redirect_to"); got != "/dashboard?tab=1" {
		t.Errorf("redirect_to = %q", got)
	}
}

// TestOAuthExchangeRace: twenty exchanges of one completion at once give
// exactly one session.
func TestOAuthExchangeRace(t *testing.T) {
	o := newOAuthEnv(t)
	id := completion(t, o.signIn("race-1", "race@example.com", true, nil))
	tally := concurrently(20, func(int) response { return o.exchange(id) })
	if tally[http.StatusOK] != 1 || tally[http.StatusNotFound] != 19 {
		t.Fatalf("statuses = %v, want one 200 and nineteen 404", tally)
	}
}

// TestOAuthCallbackRace: twenty deliveries of one callback at once
// complete one sign-in.
func TestOAuthCallbackRace(t *testing.T) {
	o := newOAuthEnv(t)
	code, state := o.idp.authorize(o.start(""), "race-2", "race2@example.com", true, nil)
	tally := map[string]int{}
	locs := make(chan string, 20)
	concurrently(20, func(int) response {
		r := o.do("GET", "/oauth/google/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), nil, "")
		locs <- r.header.Get("Location")
		return r
	})
	close(locs)
	for l := range locs {
		if strings.HasPrefix(l, "/account/oauth-complete?id=") {
			tally["complete"]++
		} else {
			tally[l]++
		}
	}
	if tally["complete"] != 1 || tally["/account/login?error=bad_state"] != 19 {
		t.Fatalf("callbacks went to %v, want one oauth-complete and nineteen bad_state", tally)
	}
}

// TestOAuthOnlyAccount: an account without a password gets 4xx answers
// from the password flows, never a 500.
func TestOAuthOnlyAccount(t *testing.T) {
	o := newOAuthEnv(t)
	token := o.exchange(completion(t, o.signIn("only-2", "only2@example.com", true, nil))).want(t, http.StatusOK, "").str("access_token")
	o.do("POST", "/login", map[string]string{"email": "only2@example.com", "password": "whatever123"}, "").want(t, http.StatusUnauthorized, "")
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/change-password", map[string]string{"current_password": "x", "new_password": "new password 1"}},
		{"POST", "/change-email", map[string]string{"new_email": "n@example.com", "current_password": "x"}},
	} {
		if r := o.do(c.method, c.path, c.body, token); r.status != http.StatusBadRequest {
			t.Errorf("%s %s: %d %s, want 400", c.method, c.path, r.status, r.body)
		}
	}
}

// TestOAuthUnknownProviderStart: the reference's 404.
func TestOAuthUnknownProviderStart(t *testing.T) {
	o := newOAuthEnv(t)
	o.do("GET", "/oauth/github/start", nil, "").want(t, http.StatusNotFound, "OAuth provider 'github' is not configured.")
	o.exchange("short").want(t, http.StatusUnprocessableEntity, "")
	if r := o.do("GET", "/oauth/exchange", nil, ""); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Errorf("GET /oauth/exchange: %d, Allow %q; want 405, POST", r.status, r.header.Get("Allow"))
	}
	o.exchange("no-such-completion").want(t, http.StatusNotFound, detailOAuthStateGone)
	// A completion waits completion_ttl_seconds for its exchange.
	id := completion(t, o.signIn("late-1", "late@example.com", true, nil))
	o.clock.Advance(time.Duration(o.cfg.OAuth.CompletionTTLSeconds+1) * time.Second)
	o.exchange(id).want(t, http.StatusBadRequest, detailOAuthStateExpired)
}

// TestOAuthSessionRevokedByPasswordChange (reference checklist 75): an
// OAuth-issued session is an ordinary session: setting a password later
// signs it out.
func TestOAuthSessionRevokedByPasswordChange(t *testing.T) {
	o := newOAuthEnv(t)
	token := o.exchange(completion(t, o.signIn("rev-1", "rev@example.com", true, nil))).want(t, http.StatusOK, "").str("access_token")
	o.do("GET", "/me", nil, token).want(t, http.StatusOK, "")
	o.clock.Advance(time.Second)
	if err := o.rs.store.SetPassword(t.Context(), o.user("rev@example.com").ID, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g", o.clock.Now()); err != nil {
		t.Fatal(err)
	}
	o.do("GET", "/me", nil, token).want(t, http.StatusUnauthorized, detailSessionExpired)
}
