//regstack:feature oauth oauth_idtoken

package auth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testIdP is an OpenID provider on httptest: a token endpoint that
// checks the client credentials and the PKCE verifier, and a JWKS of one
// RSA key; ID tokens are real RS256 JWTs. A test "signs the user in" with
// authorize, which returns the code the browser would bring back.
type testIdP struct {
	t      *testing.T
	srv    *httptest.Server
	key    *rsa.PrivateKey
	kid    string
	issuer string
	clock  Clock

	mu    sync.Mutex
	codes map[string]idpGrant
	// tokenCalls counts token requests.
	tokenCalls int
}

// idpGrant is one issued code and what its exchange answers.
type idpGrant struct {
	challenge, redirectURI string
	claims                 jwt.MapClaims
	// sign overrides how the ID token is signed (wrong key, kid).
	sign func(claims jwt.MapClaims) string
	// noIDToken leaves id_token out of the token response.
	noIDToken bool
}

const (
	idpClientID     = "client-123.apps.example"
	idpClientSecret = "secret-456"
)

func newTestIdP(t *testing.T, clock Clock) *testIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	idp := &testIdP{t: t, key: key, kid: "key-1", clock: clock, codes: map[string]idpGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", idp.token)
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"keys": []any{map[string]string{
			"kty": "RSA", "alg": "RS256", "use": "sig", "kid": idp.kid,
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()),
			"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes()),
		}}})
	})
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{
			"issuer": idp.issuer, "authorization_endpoint": idp.srv.URL + "/authorize",
			"token_endpoint": idp.srv.URL + "/token", "jwks_uri": idp.srv.URL + "/jwks",
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	idp.issuer = idp.srv.URL
	return idp
}

// claims are a valid ID token's claims for subject and email.
func (idp *testIdP) claims(subject, email string, verified bool, nonce string) jwt.MapClaims {
	now := idp.clock.Now()
	c := jwt.MapClaims{
		"iss": idp.issuer, "aud": idpClientID, "sub": subject, "nonce": nonce,
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "name": "Test " + subject,
	}
	if email != "" {
		c["email"] = email
		c["email_verified"] = verified
	}
	return c
}

// signed signs claims with the IdP's key under its kid.
func (idp *testIdP) signed(claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, claims)
	tok.Header["kid"] = idp.kid
	s, err := tok.SignedString(idp.key)
	if err != nil {
		idp.t.Fatal(err)
	}
	return s
}

// authorize plays the user consenting at the authorization URL: it
// checks the request's parameters and returns the code and the state the
// provider sends back to the callback. edit may change the grant (its
// claims start valid, with the request's nonce).
func (idp *testIdP) authorize(authURL, subject, email string, verified bool, edit func(*idpGrant)) (code, state string) {
	idp.t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		idp.t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{"response_type": "code", "client_id": idpClientID, "code_challenge_method": "S256", "scope": "openid email profile"} {
		if got := q.Get(k); got != want {
			idp.t.Fatalf("authorization URL %s=%q, want %q (%s)", k, got, want, authURL)
		}
	}
	for _, k := range []string{"state", "nonce", "code_challenge", "redirect_uri"} {
		if q.Get(k) == "" {
			idp.t.Fatalf("authorization URL lacks %s: %s", k, authURL)
		}
	}
	g := idpGrant{challenge: q.Get("code_challenge"), redirectURI: q.Get("redirect_uri"),
		claims: idp.claims(subject, email, verified, q.Get("nonce"))}
	if edit != nil {
		edit(&g)
	}
	code = rand.Text()
	idp.mu.Lock()
	idp.codes[code] = g
	idp.mu.Unlock()
	return code, q.Get("state")
}

// token is the token endpoint: a code is good once, for the client, the
// redirect URI and the PKCE verifier it was issued for.
func (idp *testIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	idp.mu.Lock()
	idp.tokenCalls++
	g, ok := idp.codes[r.PostForm.Get("code")]
	delete(idp.codes, r.PostForm.Get("code"))
	idp.mu.Unlock()
	f := r.PostForm
	id, secret, basic := r.BasicAuth()
	if !basic {
		id, secret = f.Get("client_id"), f.Get("client_secret")
	}
	if !ok || f.Get("grant_type") != "authorization_code" || id != idpClientID ||
		secret != idpClientSecret || f.Get("redirect_uri") != g.redirectURI ||
		pkceChallenge(f.Get("code_verifier")) != g.challenge {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	resp := map[string]any{"access_token": "at-" + rand.Text(), "token_type": "Bearer", "expires_in": 3600}
	if !g.noIDToken {
		if g.sign != nil {
			resp["id_token"] = g.sign(g.claims)
		} else {
			resp["id_token"] = idp.signed(g.claims)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// idpEnv is an oauthEnv whose provider talks to a test IdP.
type idpEnv struct {
	*oauthEnv
	idp *testIdP
}

// signIn runs start, consent and callback, returning the callback's Location.
func (o *idpEnv) signIn(subject, email string, verified bool, edit func(*idpGrant)) string {
	o.t.Helper()
	code, state := o.idp.authorize(o.start(""), subject, email, verified, edit)
	return o.callback(code, state)
}
