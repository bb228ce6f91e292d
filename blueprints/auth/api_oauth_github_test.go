//regstack:feature oauth oauth_github

package auth

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
)

// fakeGitHub is GitHub's OAuth and REST API as the provider uses them:
// the token endpoint (client credentials, code, PKCE verifier) and
// GET /user and /user/emails with the bearer token it issued.
type fakeGitHub struct {
	t   *testing.T
	srv *httptest.Server

	mu     sync.Mutex
	codes  map[string]githubGrant // by code
	tokens map[string]githubGrant // by access token
}

// githubGrant is who consented and what the API tells about them.
type githubGrant struct {
	challenge string
	id        int64
	emails    []map[string]any
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	g := &fakeGitHub{t: t, codes: map[string]githubGrant{}, tokens: map[string]githubGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login/oauth/access_token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		f := r.PostForm
		g.mu.Lock()
		grant, ok := g.codes[f.Get("code")]
		delete(g.codes, f.Get("code"))
		g.mu.Unlock()
		if !ok || f.Get("client_id") != "gh-client" || f.Get("client_secret") != "gh-secret" || pkceChallenge(f.Get("code_verifier")) != grant.challenge {
			// GitHub answers a bad code with 200 and an error field.
			writeJSON(w, http.StatusOK, map[string]string{"error": "bad_verification_code"})
			return
		}
		tok := "gho_" + rand.Text()
		g.mu.Lock()
		g.tokens[tok] = grant
		g.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]string{"access_token": tok, "token_type": "bearer", "scope": "read:user,user:email"})
	})
	api := func(w http.ResponseWriter, r *http.Request) (githubGrant, bool) {
		g.mu.Lock()
		defer g.mu.Unlock()
		grant, ok := g.tokens[r.Header.Get("Authorization")[len("Bearer "):]]
		if !ok || r.Header.Get("Accept") != "application/vnd.github+json" {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials"})
		}
		return grant, ok
	}
	mux.HandleFunc("GET /user", func(w http.ResponseWriter, r *http.Request) {
		if grant, ok := api(w, r); ok {
			writeJSON(w, http.StatusOK, map[string]any{"id": grant.id, "login": "octo", "name": "Octo Cat"})
		}
	})
	mux.HandleFunc("GET /user/emails", func(w http.ResponseWriter, r *http.Request) {
		if grant, ok := api(w, r); ok {
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(grant.emails)
		}
	})
	g.srv = httptest.NewServer(mux)
	t.Cleanup(g.srv.Close)
	return g
}

// newGitHubEnv is an oauthEnv with the GitHub provider on the fake.
func newGitHubEnv(t *testing.T, gh *fakeGitHub, mutate ...func(*Config)) *oauthEnv {
	t.Helper()
	p, err := newGitHubProviderAt("github", OAuthProviderConfig{Kind: "github", ClientID: "gh-client", ClientSecret: "gh-secret"},
		gh.srv.URL+"/login/oauth/authorize", gh.srv.URL+"/login/oauth/access_token", gh.srv.URL, gh.srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	return newOAuthEnvWith(t, "github", NewFrozenClock(testEpoch), []Option{WithOAuthProvider(p)}, mutate...)
}

// signInGitHub consents as user id with emails and returns the
// callback's Location.
func (o *oauthEnv) signInGitHub(gh *fakeGitHub, id int64, emails ...map[string]any) string {
	o.t.Helper()
	auth, err := url.Parse(o.start(""))
	if err != nil {
		o.t.Fatal(err)
	}
	q := auth.Query()
	if q.Get("code_challenge_method") != "S256" || q.Get("client_id") != "gh-client" || q.Get("scope") != "read:user user:email" {
		o.t.Fatalf("authorization URL %s", auth)
	}
	code := rand.Text()
	gh.mu.Lock()
	gh.codes[code] = githubGrant{challenge: q.Get("code_challenge"), id: id, emails: emails}
	gh.mu.Unlock()
	return o.callback(code, q.Get("state"))
}

func TestGitHubSignIn(t *testing.T) {
	gh := newFakeGitHub(t)
	o := newGitHubEnv(t, gh, func(c *Config) { c.OAuth.AutoLinkVerifiedEmails = true })
	other := map[string]any{"email": "old@example.com", "primary": false, "verified": true}

	r := o.exchange(completion(t, o.signInGitHub(gh, 1001, other, map[string]any{"email": "octo@example.com", "primary": true, "verified": true}))).want(t, http.StatusOK, "")
	me := o.do("GET", "/me", nil, r.str("access_token")).want(t, http.StatusOK, "")
	if me.str("email") != "octo@example.com" || me.json["is_verified"] != true || me.str("full_name") != "Octo Cat" {
		t.Errorf("/me = %s", me.body)
	}
	ids, _ := o.rs.oauthStore.OAuthIdentities(t.Context(), me.str("_id"))
	if len(ids) != 1 || ids[0].SubjectID != "1001" {
		t.Errorf("identities = %+v", ids)
	}

	// An unverified primary address makes an unverified account and is
	// never auto-linked.
	r = o.exchange(completion(t, o.signInGitHub(gh, 1002, map[string]any{"email": "new@example.com", "primary": true, "verified": false}))).want(t, http.StatusOK, "")
	if me := o.do("GET", "/me", nil, r.str("access_token")); me.json["is_verified"] != false {
		t.Errorf("unverified primary: /me = %s", me.body)
	}
	o.register("pw@example.com")
	wantError(t, o.signInGitHub(gh, 1003, map[string]any{"email": "pw@example.com", "primary": true, "verified": false}), "email_in_use")

	// No primary address: no account.
	wantError(t, o.signInGitHub(gh, 1004, other), "email_required")
}

func TestGitHubRefusals(t *testing.T) {
	gh := newFakeGitHub(t)
	o := newGitHubEnv(t, gh)
	auth, _ := url.Parse(o.start(""))
	wantError(t, o.callback("not-a-code", auth.Query().Get("state")), "token_exchange_failed")
}
