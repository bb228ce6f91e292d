//regstack:feature oauth

package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// Provider is one OAuth sign-in provider: the built-in ones (Google,
// GitHub, any OpenID Connect issuer) and any a host adds with
// WithOAuthProvider. The package keeps the state, PKCE verifier and nonce
// server-side; a provider only builds the authorization URL and turns the
// code the provider sent back into a verified identity.
type Provider interface {
	// Name is the provider's lowercase name: the URL segment of
	// /oauth/{name}/… and the provider column of oauth_identities.
	Name() string
	// DisplayName is what the sign-in button says: "Sign in with <it>".
	DisplayName() string
	// AuthorizationURL returns where to send the browser. The URL must
	// carry state unchanged, the S256 code challenge (for PKCE) and, for
	// an OpenID Connect provider, the nonce. An error (a discovery
	// document that cannot be fetched) is answered 503.
	AuthorizationURL(ctx context.Context, r AuthorizationRequest) (string, error)
	// Exchange redeems code for tokens (sending codeVerifier for PKCE)
	// and returns the identity they prove. A refused code wraps
	// ErrOAuthTokenExchange; an ID token that fails a check (signature,
	// issuer, audience, expiry, nonce) wraps ErrOAuthIDToken.
	Exchange(ctx context.Context, r ExchangeRequest) (ProviderIdentity, error)
}

// AuthorizationRequest is what Provider.AuthorizationURL puts in the URL.
type AuthorizationRequest struct {
	RedirectURI   string
	State         string
	CodeChallenge string // base64url(SHA-256(verifier)), method S256
	Nonce         string
}

// ExchangeRequest is what Provider.Exchange needs to redeem a code.
type ExchangeRequest struct {
	Code         string
	RedirectURI  string
	CodeVerifier string
	// Nonce is the value sent in the authorization request; an ID token
	// must carry it.
	Nonce string
}

// ProviderIdentity is who the provider says signed in.
type ProviderIdentity struct {
	// Subject is the provider's stable user id (never the email).
	Subject string
	// Email is the address the provider reports, "" if none.
	Email string
	// EmailVerified is true only when the provider vouches for Email.
	EmailVerified bool
	// FullName is the display name, "" if none.
	FullName string
}

// Errors a Provider wraps; the callback maps them to its ?error= codes.
var (
	// ErrOAuthTokenExchange means the provider refused the code.
	ErrOAuthTokenExchange = errors.New("auth: oauth token exchange failed")
	// ErrOAuthIDToken means the identity the provider returned failed a
	// check.
	ErrOAuthIDToken = errors.New("auth: oauth id token invalid")
)

// WithOAuthProvider adds p to the sign-in providers (or replaces the
// built-in provider of the same name). New refuses an invalid name.
func WithOAuthProvider(p Provider) Option {
	return func(o *options) { o.oauthProviders = append(o.oauthProviders, p) }
}

// providerName is the form of a provider name: it is a URL segment and a
// 32-character column.
var providerName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// oauthRegistry holds the configured providers by name.
type oauthRegistry struct {
	byName map[string]Provider
}

// newOAuthRegistry builds the registry from the built-in providers and the
// host's (which win on a name clash).
func newOAuthRegistry(builtin, host []Provider) (*oauthRegistry, error) {
	reg := &oauthRegistry{byName: map[string]Provider{}}
	for _, p := range slices.Concat(builtin, host) {
		if p == nil {
			return nil, errors.New("WithOAuthProvider: nil provider")
		}
		if !providerName.MatchString(p.Name()) {
			return nil, fmt.Errorf("oauth provider name %q: want 1-32 characters of a-z, 0-9, '_' and '-'", p.Name())
		}
		reg.byName[p.Name()] = p
	}
	return reg, nil
}

// lookup returns the provider called name.
func (reg *oauthRegistry) lookup(name string) (Provider, bool) {
	p, ok := reg.byName[name]
	return p, ok
}

// names returns the provider names, sorted.
func (reg *oauthRegistry) names() []string {
	out := make([]string, 0, len(reg.byName))
	for n := range reg.byName {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// callbackURL is the redirect URI of provider name: the configured one for
// Google, else <base_url><api_prefix>/oauth/<name>/callback.
func (rs *RegStack) callbackURL(name string) string {
	if name == "google" && rs.cfg.OAuth.GoogleRedirectURI != "" {
		return rs.cfg.OAuth.GoogleRedirectURI
	}
	return strings.TrimRight(rs.cfg.BaseURL, "/") + strings.TrimRight(rs.cfg.APIPrefix, "/") + "/oauth/" + name + "/callback"
}

// builtinOAuthProviders returns the providers regstack.toml configures.
// A provider whose client secret is not set (in the environment or the
// secrets file) is left out with a warning, as the reference leaves Google
// out without its secret: the host's CLI (migrate, create-admin) runs
// without OAuth secrets, and the sign-in answers "not configured" until the
// secret is there.
func builtinOAuthProviders(ctx context.Context, cfg *Config, clock Clock, logger *slog.Logger) ([]Provider, error) {
	var out []Provider
	skip := func(key, env string) {
		logger.WarnContext(ctx, "auth: OAuth provider left out: no client secret", "provider", key, "set", env)
	}
	//regstack:if oauth_google

	if cfg.OAuth.GoogleClientID != "" {
		if cfg.OAuth.GoogleClientSecret == "" {
			skip("google", googleSecretEnv)
		} else {
			g, err := newGoogleProvider(ctx, cfg.OAuth.GoogleClientID, cfg.OAuth.GoogleClientSecret, clock)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
		}
	}

	//regstack:end
	for _, name := range slices.Sorted(maps.Keys(cfg.OAuth.Providers)) {
		pc := cfg.OAuth.Providers[name]
		if pc.ClientSecret == "" {
			skip(name, providerSecretEnv(name))
			continue
		}
		var p Provider
		var err error
		switch cmp.Or(pc.Kind, "oidc") {
		//regstack:if oauth_oidc
		case "oidc":
			p, err = newDiscoveredProvider(ctx, name, pc, clock)
		//regstack:end
		//regstack:if oauth_github
		case "github":
			p, err = newGitHubProvider(name, pc)
		//regstack:end
		default:
			err = fmt.Errorf("oauth.providers.%s: kind %q is not generated in this package (run `regstack-gen generate`)", name, cmp.Or(pc.Kind, "oidc"))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
