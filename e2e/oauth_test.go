package e2e

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/golang-jwt/jwt/v5"
)

// e2eIdP is an OpenID provider on httptest for the end-to-end test: a copy
// of the generated package's test IdP (oauth_idp_test.go), with an
// authorization endpoint that consents at once, redirecting back to the
// client's redirect_uri with a code and the state, as a provider does
// after the user clicked "Allow".
type e2eIdP struct {
	srv *httptest.Server
	key *rsa.PrivateKey

	mu     sync.Mutex
	grants map[string]url.Values // by code: the authorization request
}

func newE2EIdP(t *testing.T) *e2eIdP {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	idp := &e2eIdP{key: key, grants: map[string]url.Values{}}
	mux := http.NewServeMux()
	send := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(v)
	}
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		send(w, http.StatusOK, map[string]any{"issuer": idp.srv.URL, "authorization_endpoint": idp.srv.URL + "/authorize",
			"token_endpoint": idp.srv.URL + "/token", "jwks_uri": idp.srv.URL + "/jwks", "id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		send(w, http.StatusOK, map[string]any{"keys": []any{map[string]string{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "e2e",
			"n": base64.RawURLEncoding.EncodeToString(key.N.Bytes()), "e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(key.E)).Bytes())}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := rand.Text()
		idp.mu.Lock()
		idp.grants[code] = q
		idp.mu.Unlock()
		back := q.Get("redirect_uri") + "?" + url.Values{"code": {code}, "state": {q.Get("state")}}.Encode()
		http.Redirect(w, r, back, http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		idp.mu.Lock()
		q, ok := idp.grants[r.PostForm.Get("code")]
		delete(idp.grants, r.PostForm.Get("code"))
		idp.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		id, secret, basic := r.BasicAuth()
		if !basic {
			id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		}
		if !ok || id != "e2e-client" || secret != "e2e-secret" || base64.RawURLEncoding.EncodeToString(sum[:]) != q.Get("code_challenge") {
			send(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
			return
		}
		now := time.Now()
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"iss": idp.srv.URL, "aud": "e2e-client", "sub": "e2e-subject",
			"email": "oidc-user@example.com", "email_verified": true, "name": "OIDC User", "nonce": q.Get("nonce"),
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})
		tok.Header["kid"] = "e2e"
		signed, err := tok.SignedString(key)
		if err != nil {
			t.Error(err)
		}
		send(w, http.StatusOK, map[string]any{"access_token": "at", "token_type": "Bearer", "id_token": signed})
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

// oauthHost is a generated host with OAuth on and an [oauth.providers.corp]
// OpenID Connect provider at idp; args are more init flags.
func oauthHost(t *testing.T, idp *e2eIdP, args ...string) *host {
	t.Helper()
	return startEditedHost(t, nil, func(toml string) string {
		return toml + "\n[oauth.providers.corp]\nissuer = \"" + idp.srv.URL + "\"\nclient_id = \"e2e-client\"\ndisplay_name = \"Corp\"\n"
	}, []string{"REGSTACK_OAUTH__PROVIDERS__CORP__CLIENT_SECRET=e2e-secret"}, append([]string{"--oauth"}, args...)...)
}

// TestBrowserOAuth: on the login page of a host with the pages, "Sign in
// with Corp" leads through the provider and the oauth-complete page to the
// account page of the new account.
func TestBrowserOAuth(t *testing.T) {
	chromiumPath(t) // before building a host it could not test
	idp := newE2EIdP(t)
	h := oauthHost(t, idp, "--ui")
	b := newBrowser(t, h.base)
	b.open("/account/login")
	b.waitFor("the provider's button", `document.querySelector('[data-rs-oauth-link="corp"]')`)
	if text := eval[string](b, `document.querySelector('[data-rs-oauth-link="corp"]').textContent`); text != "Sign in with Corp" {
		t.Errorf("button says %q", text)
	}
	b.do(chromedp.Click(chromedp.CSS(`[data-rs-oauth-link="corp"]`)))
	b.waitPath("/account/me")
	b.waitFor("the account's email", `document.body.innerText.includes("oidc-user@example.com")`)
}

// TestOAuthEndToEnd: the whole redirect dance over real HTTP against a
// generated host with an [oauth.providers] OpenID Connect provider: start
// → the provider → the callback → the oauth-complete page's id → exchange
// → a session that /me accepts, once.
func TestOAuthEndToEnd(t *testing.T) {
	idp := newE2EIdP(t)
	h := oauthHost(t, idp)

	var hops []string
	browser := &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		hops = append(hops, req.URL.Host+req.URL.Path)
		if strings.HasPrefix(req.URL.Path, "/account/") {
			return http.ErrUseLastResponse // the page would run the exchange
		}
		return nil
	}}
	resp, err := browser.Get(h.base + "/api/auth/oauth/corp/start?redirect_to=%2Fdashboard")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound || loc.Path != "/account/oauth-complete" || loc.Query().Get("id") == "" {
		t.Fatalf("the dance ended at %d %q (hops %v)\n%s", resp.StatusCode, resp.Header.Get("Location"), hops, h.log)
	}
	r := h.call("POST", "/api/auth/oauth/exchange", "", map[string]string{"id": loc.Query().Get("id")})
	if r.status != http.StatusOK || r.json["redirect_to"] != "/dashboard" || r.json["was_new_account"] != true {
		t.Fatalf("exchange: %d %s", r.status, r.raw)
	}
	token, _ := r.json["access_token"].(string)
	me := h.call("GET", "/api/auth/me", token, nil)
	if me.status != http.StatusOK || me.json["email"] != "oidc-user@example.com" || me.json["is_verified"] != true {
		t.Fatalf("/me: %d %s", me.status, me.raw)
	}
	if again := h.call("POST", "/api/auth/oauth/exchange", "", map[string]string{"id": loc.Query().Get("id")}); again.status != http.StatusNotFound {
		t.Errorf("second exchange: %d %s", again.status, again.raw)
	}
	t.Logf("hops: %v", hops)
}
