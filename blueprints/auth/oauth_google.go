//regstack:feature oauth oauth_google

package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Google's endpoints (the reference's §13.2).
const (
	googleAuthURL  = "https://accounts.google.com/o/oauth2/v2/auth"
	googleTokenURL = "https://oauth2.googleapis.com/token"
	googleJWKSURL  = "https://www.googleapis.com/oauth2/v3/certs"
	googleIssuer   = "https://accounts.google.com"
)

// googleEndpoints are where the Google provider talks to: Google's in
// production, an httptest server in the tests.
type googleEndpoints struct {
	authURL, tokenURL, jwksURL, issuer string
	client                             *http.Client
}

// googleSecretEnv is the variable that sets oauth.google_client_secret.
const googleSecretEnv = "REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET"

// newGoogleProvider returns the Google provider of [oauth]
// google_client_id and its secret.
func newGoogleProvider(ctx context.Context, clientID, secret string, clock Clock) (Provider, error) {
	return newGoogleProviderAt(ctx, clientID, secret, clock, googleEndpoints{
		authURL: googleAuthURL, tokenURL: googleTokenURL, jwksURL: googleJWKSURL, issuer: googleIssuer,
	})
}

func newGoogleProviderAt(ctx context.Context, clientID, secret string, clock Clock, ep googleEndpoints) (Provider, error) {
	if secret == "" {
		return nil, errors.New("oauth.google_client_secret: required when oauth.google_client_id is set " +
			"(set " + googleSecretEnv + " in the environment or regstack.secrets.env)")
	}
	client := ep.client
	if client == nil {
		// The reference's 10 s bound on the token call, for the keys too.
		client = &http.Client{Timeout: 10 * time.Second}
	}
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(ctx, client), ep.jwksURL)
	return &oidcProvider{
		name: "google", display: "Google", client: client, clock: clock,
		oauth2: oauth2.Config{
			ClientID: clientID, ClientSecret: secret, Scopes: []string{oidc.ScopeOpenID, "email", "profile"},
			Endpoint: oauth2.Endpoint{AuthURL: ep.authURL, TokenURL: ep.tokenURL, AuthStyle: oauth2.AuthStyleInParams},
		},
		// go-oidc accepts the bare "accounts.google.com" issuer Google
		// also emits when the expected one is https://accounts.google.com.
		verifier: oidc.NewVerifier(ep.issuer, keys, &oidc.Config{
			ClientID: clientID, SupportedSigningAlgs: []string{oidc.RS256}, Now: clock.Now,
		}),
		authParams: []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("prompt", "select_account"), oauth2.AccessTypeOnline},
	}, nil
}
