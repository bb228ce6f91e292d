//regstack:feature oauth oauth_github

package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"
)

// GitHub's endpoints.
const (
	githubAuthURL  = "https://github.com/login/oauth/authorize"
	githubTokenURL = "https://github.com/login/oauth/access_token"
	githubAPIURL   = "https://api.github.com"
)

// githubProvider signs in with GitHub: OAuth 2 without OpenID Connect, so
// the identity comes from the API (GET /user, GET /user/emails) with the
// access token, not from an ID token. The subject is the numeric user id
// (a login can be renamed); the email is the primary address, verified
// only when GitHub says so.
type githubProvider struct {
	name, display string
	oauth2        oauth2.Config
	apiURL        string
	client        *http.Client
}

func newGitHubProvider(name string, cfg OAuthProviderConfig) (Provider, error) {
	return newGitHubProviderAt(name, cfg, githubAuthURL, githubTokenURL, githubAPIURL, nil)
}

func newGitHubProviderAt(name string, cfg OAuthProviderConfig, authURL, tokenURL, apiURL string, client *http.Client) (Provider, error) {
	if cfg.ClientSecret == "" {
		return nil, fmt.Errorf("oauth.providers.%s: no client secret (set %s in the environment or regstack.secrets.env)",
			name, providerSecretEnv(name))
	}
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	display := cfg.DisplayName
	if display == "" {
		display = "GitHub"
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{"read:user", "user:email"}
	}
	return &githubProvider{
		name: name, display: display, apiURL: apiURL, client: client,
		oauth2: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, Scopes: scopes,
			Endpoint: oauth2.Endpoint{AuthURL: authURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}},
	}, nil
}

// Name returns the table's name.
func (g *githubProvider) Name() string { return g.name }

// DisplayName returns display_name, or "GitHub".
func (g *githubProvider) DisplayName() string { return g.display }

// AuthorizationURL builds GitHub's authorization URL with PKCE (GitHub
// has no nonce: there is no ID token).
func (g *githubProvider) AuthorizationURL(_ context.Context, r AuthorizationRequest) (string, error) {
	c := g.oauth2
	c.RedirectURL = r.RedirectURI
	return c.AuthCodeURL(r.State,
		oauth2.SetAuthURLParam("code_challenge", r.CodeChallenge),
		oauth2.SetAuthURLParam("code_challenge_method", "S256")), nil
}

// Exchange redeems the code and reads the user and their emails.
func (g *githubProvider) Exchange(ctx context.Context, r ExchangeRequest) (ProviderIdentity, error) {
	c := g.oauth2
	c.RedirectURL = r.RedirectURI
	tok, err := c.Exchange(context.WithValue(ctx, oauth2.HTTPClient, g.client), r.Code, oauth2.VerifierOption(r.CodeVerifier))
	if err != nil {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: %w", ErrOAuthTokenExchange, g.name, err)
	}
	var user struct {
		ID    int64  `json:"id"`
		Login string `json:"login"`
		Name  string `json:"name"`
	}
	if err := g.get(ctx, tok.AccessToken, "/user", &user); err != nil {
		return ProviderIdentity{}, err
	}
	if user.ID == 0 {
		return ProviderIdentity{}, fmt.Errorf("%w: %s: /user has no id", ErrOAuthIDToken, g.name)
	}
	var emails []struct {
		Email    string `json:"email"`
		Primary  bool   `json:"primary"`
		Verified bool   `json:"verified"`
	}
	if err := g.get(ctx, tok.AccessToken, "/user/emails", &emails); err != nil {
		return ProviderIdentity{}, err
	}
	id := ProviderIdentity{Subject: strconv.FormatInt(user.ID, 10), FullName: user.Name}
	for _, e := range emails {
		if e.Primary {
			id.Email, id.EmailVerified = e.Email, e.Verified
		}
	}
	return id, nil
}

// get reads one API resource into v with the user's token. A refusal
// means the token is not good: the sign-in failed at the exchange.
func (g *githubProvider) get(ctx context.Context, token, path string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, g.apiURL+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	resp, err := g.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s: GET %s: %w", ErrOAuthTokenExchange, g.name, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w: %s: GET %s: %w", ErrOAuthTokenExchange, g.name, path, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%w: %s: GET %s: %s: %.200s", ErrOAuthTokenExchange, g.name, path, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("%w: %s: GET %s: %w", ErrOAuthIDToken, g.name, path, err)
	}
	return nil
}
