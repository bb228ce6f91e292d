//regstack:feature oauth oauth_oidc

package auth

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// discoveredProvider is an [oauth.providers.<name>] OpenID Connect
// provider. Its endpoints and keys come from the issuer's discovery
// document (go-oidc), fetched at the first sign-in rather than in New, so
// an identity provider that is down delays only its own sign-ins; a failed
// fetch is tried again at the next one.
type discoveredProvider struct {
	name, display string
	cfg           OAuthProviderConfig
	client        *http.Client
	clock         Clock
	// base is New's context without its cancellation: the key set
	// refreshes in the background for the life of the instance.
	base context.Context

	mu sync.Mutex
	p  *oidcProvider // nil until discovery succeeded
}

func newDiscoveredProvider(ctx context.Context, name string, cfg OAuthProviderConfig, clock Clock) (Provider, error) {
	if cfg.ClientSecret == "" {
		return nil, fmt.Errorf("oauth.providers.%s: no client secret (set %s in the environment or regstack.secrets.env)",
			name, providerSecretEnv(name))
	}
	display := cfg.DisplayName
	if display == "" {
		display = name
	}
	return &discoveredProvider{
		name: name, display: display, cfg: cfg, clock: clock,
		client: &http.Client{Timeout: 10 * time.Second}, base: context.WithoutCancel(ctx),
	}, nil
}

// Name returns the table's name.
func (d *discoveredProvider) Name() string { return d.name }

// DisplayName returns display_name, or the name.
func (d *discoveredProvider) DisplayName() string { return d.display }

// provider returns the provider built from the discovery document.
func (d *discoveredProvider) provider(ctx context.Context) (*oidcProvider, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.p != nil {
		return d.p, nil
	}
	disc, err := oidc.NewProvider(oidc.ClientContext(ctx, d.client), d.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oauth provider %s: discovery at %s: %w", d.name, d.cfg.Issuer, err)
	}
	scopes := d.cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	d.p = &oidcProvider{
		name: d.name, display: d.display, client: d.client, clock: d.clock,
		oauth2: oauth2.Config{ClientID: d.cfg.ClientID, ClientSecret: d.cfg.ClientSecret, Scopes: scopes, Endpoint: disc.Endpoint()},
		verifier: disc.VerifierContext(oidc.ClientContext(d.base, d.client), &oidc.Config{
			ClientID: d.cfg.ClientID, SupportedSigningAlgs: []string{oidc.RS256, oidc.ES256}, Now: d.clock.Now,
		}),
	}
	return d.p, nil
}

// AuthorizationURL discovers the endpoints if needed and builds the URL.
func (d *discoveredProvider) AuthorizationURL(ctx context.Context, r AuthorizationRequest) (string, error) {
	p, err := d.provider(ctx)
	if err != nil {
		return "", err
	}
	return p.AuthorizationURL(ctx, r)
}

// Exchange redeems the code with the discovered provider.
func (d *discoveredProvider) Exchange(ctx context.Context, r ExchangeRequest) (ProviderIdentity, error) {
	p, err := d.provider(ctx)
	if err != nil {
		return ProviderIdentity{}, fmt.Errorf("%w: %w", ErrOAuthTokenExchange, err)
	}
	return p.Exchange(ctx, r)
}
