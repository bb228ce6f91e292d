//regstack:feature oauth oauth_idtoken

package auth

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// oidcProvider is an OpenID Connect provider: authorization code flow
// with PKCE, and an ID token checked by go-oidc (signature by kid from
// the JWKS, issuer, audience, expiry) and here (nonce, iat).
type oidcProvider struct {
	name, display string
	oauth2        oauth2.Config
	verifier      *oidc.IDTokenVerifier
	client        *http.Client
	clock         Clock
	// authParams are extra authorization request parameters.
	authParams []oauth2.AuthCodeOption
}

// Name returns the provider's name.
func (p *oidcProvider) Name() string { return p.name }

// DisplayName returns the provider's label.
func (p *oidcProvider) DisplayName() string { return p.display }

// AuthorizationURL returns the authorization endpoint with the code
// flow's parameters, the PKCE challenge and the nonce.
func (p *oidcProvider) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	c := p.oauth2
	c.RedirectURL = r.RedirectURI
	opts := append([]oauth2.AuthCodeOption{
		oauth2.SetAuthURLParam("code_challenge", r.CodeChallenge),
		oauth2.SetAuthURLParam("code_challenge_method", "S256"),
		oidc.Nonce(r.Nonce),
	}, p.authParams...)
	return c.AuthCodeURL(r.State, opts...), nil
}

// iatLeeway is how far in the future an ID token's iat may be: clocks of
// two servers differ by a little, never by minutes.
const iatLeeway = time.Minute

// Exchange redeems the code and verifies the ID token.
func (p *oidcProvider) Exchange(ctx context.Context, r ExchangeRequest) (ProviderIdentity, error) {
	c := p.oauth2
	c.RedirectURL = r.RedirectURI
	tok, err := c.Exchange(context.WithValue(ctx, oauth2.HTTPClient, p.client), r.Code, oauth2.VerifierOption(r.CodeVerifier))
	if err != nil {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: %w", ErrOAuthTokenExchange, p.name, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: the token response has no id_token", ErrOAuthTokenExchange, p.name)
	}
	idt, err := p.verifier.Verify(oidc.ClientContext(ctx, p.client), raw)
	if err != nil {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: %w", ErrOAuthIDToken, p.name, err)
	}
	switch {
	case idt.Nonce == "" || idt.Nonce != r.Nonce:
		return ProviderIdentity{}, fmt.Errorf("%w: %s: nonce mismatch", ErrOAuthIDToken, p.name)
	case idt.IssuedAt.IsZero():
		return ProviderIdentity{}, fmt.Errorf("%w: %s: no iat claim", ErrOAuthIDToken, p.name)
	case idt.IssuedAt.After(p.clock.Now().Add(iatLeeway)):
		return ProviderIdentity{}, fmt.Errorf("%w: %s: iat %s is in the future", ErrOAuthIDToken, p.name, idt.IssuedAt)
	case idt.Subject == "":
		return ProviderIdentity{}, fmt.Errorf("%w: %s: no sub claim", ErrOAuthIDToken, p.name)
	}
	var claims struct {
		Email         any `json:"email"`
		EmailVerified any `json:"email_verified"`
		Name          any `json:"name"`
	}
	if err := idt.Claims(&claims); err != nil {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: %w", ErrOAuthIDToken, p.name, err)
	}
	email, _ := claims.Email.(string)
	name, _ := claims.Name.(string)
	return ProviderIdentity{Subject: idt.Subject, Email: email, EmailVerified: truthy(claims.EmailVerified), FullName: name}, nil
}

// truthy reads email_verified, which some providers send as a string.
func truthy(v any) bool {
	switch v := v.(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}
