//regstack:feature oauth

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Details of the OAuth endpoints, as the reference words them.
const (
	detailOAuthStateGone    = "OAuth state not found or already consumed."
	detailOAuthStateExpired = "OAuth state has expired."
	detailRedirectOrigin    = "redirect_to must be same-origin."
	detailNotLinked         = "That provider is not linked to your account."
	detailOnlySignIn        = "Cannot unlink your only sign-in method. Set a password (use forgot-password) or link another provider first."
)

// linkStartResponse answers POST /oauth/{p}/link/start.
type linkStartResponse struct {
	AuthorizationURL string `json:"authorization_url"`
}

// providersResponse answers GET /oauth/providers.
type providersResponse struct {
	Available []string      `json:"available"`
	Linked    []linkedOAuth `json:"linked"`
}

// linkedOAuth is one identity in providersResponse; its times use
// "+00:00" as the reference's isoformat() did.
type linkedOAuth struct {
	Provider   string  `json:"provider"`
	Email      *string `json:"email"`
	LinkedAt   string  `json:"linked_at"`
	LastUsedAt *string `json:"last_used_at"`
}

// oauthProvider returns the provider of the request's {provider} segment,
// or the reference's 404.
func (rs *RegStack) oauthProvider(r *http.Request) (Provider, error) {
	name := r.PathValue("provider")
	p, ok := rs.oauth.lookup(name)
	if !ok {
		return nil, errDetail(http.StatusNotFound, fmt.Sprintf("OAuth provider '%s' is not configured.", name))
	}
	return p, nil
}

// beginOAuth checks redirect_to, stores a new state for p and returns the
// provider's authorization URL.
func (rs *RegStack) beginOAuth(ctx context.Context, r *http.Request, p Provider, mode, linkingUser string) (string, error) {
	redirect, ok := safeRedirect(r.URL.Query().Get("redirect_to"), rs.cfg.BaseURL, strings.TrimRight(rs.cfg.UIPrefix, "/")+"/me")
	if !ok {
		return "", errDetail(http.StatusBadRequest, detailRedirectOrigin)
	}
	sec, err := newOAuthSecrets()
	if err != nil {
		return "", err
	}
	now := rs.clock.Now()
	st := &OAuthState{
		ID: sec.state, Provider: p.Name(), CodeVerifier: sec.verifier, Nonce: sec.nonce, RedirectTo: redirect,
		Mode: mode, LinkingUserID: linkingUser, CreatedAt: now, ExpiresAt: now.Add(ttl(rs.cfg.OAuth.StateTTLSeconds)),
	}
	if err := rs.oauthStore.CreateOAuthState(ctx, st); err != nil {
		return "", fmt.Errorf("storing oauth state: %w", err)
	}
	to, err := p.AuthorizationURL(ctx, AuthorizationRequest{
		RedirectURI: rs.callbackURL(p.Name()), State: sec.state, CodeChallenge: pkceChallenge(sec.verifier), Nonce: sec.nonce,
	})
	if err != nil {
		rs.logger.ErrorContext(ctx, "auth: oauth authorization URL", "provider", p.Name(), "error", err)
		return "", errDetail(http.StatusServiceUnavailable, fmt.Sprintf("OAuth provider '%s' is unavailable; try again later.", p.Name()))
	}
	fire(ctx, rs.hooks, &rs.hooks.oauthSigninStarted, OAuthSigninStarted{Provider: p.Name(), Mode: mode})
	return to, nil
}

// handleOAuthStart is GET /oauth/{provider}/start: 302 to the provider.
func (rs *RegStack) handleOAuthStart(w http.ResponseWriter, r *http.Request) error {
	p, err := rs.oauthProvider(r)
	if err != nil {
		return err
	}
	to, err := rs.beginOAuth(r.Context(), r, p, oauthModeSignin, "")
	if err != nil {
		return err
	}
	http.Redirect(w, r, to, http.StatusFound)
	return nil
}

// handleOAuthLinkStart is POST /oauth/{provider}/link/start: the same for
// linking p to the signed-in account; the page navigates itself.
func (rs *RegStack) handleOAuthLinkStart(w http.ResponseWriter, r *http.Request, s session) error {
	p, err := rs.oauthProvider(r)
	if err != nil {
		return err
	}
	to, err := rs.beginOAuth(r.Context(), r, p, oauthModeLink, s.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, linkStartResponse{AuthorizationURL: to})
	return nil
}

// handleOAuthProviders is GET /oauth/providers.
func (rs *RegStack) handleOAuthProviders(w http.ResponseWriter, r *http.Request, s session) error {
	ids, err := rs.oauthStore.OAuthIdentities(r.Context(), s.user.ID)
	if err != nil {
		return err
	}
	resp := providersResponse{Available: rs.oauth.names(), Linked: make([]linkedOAuth, 0, len(ids))}
	for _, id := range ids {
		l := linkedOAuth{Provider: id.Provider, LinkedAt: formatAPITime(id.LinkedAt, "+00:00")}
		if id.Email != "" {
			l.Email = &id.Email
		}
		if id.LastUsedAt != nil {
			t := formatAPITime(*id.LastUsedAt, "+00:00")
			l.LastUsedAt = &t
		}
		resp.Linked = append(resp.Linked, l)
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// handleOAuthUnlink is DELETE /oauth/{provider}/link. An account without a
// password keeps its last identity; the store decides that atomically.
// The provider need not be configured any more.
func (rs *RegStack) handleOAuthUnlink(w http.ResponseWriter, r *http.Request, s session) error {
	name := r.PathValue("provider")
	deleted, err := rs.oauthStore.DeleteOAuthIdentity(r.Context(), s.user.ID, name, !s.user.HasPassword())
	switch {
	case errors.Is(err, ErrLastSignInMethod):
		return errDetail(http.StatusBadRequest, detailOnlySignIn)
	case err != nil:
		return err
	case !deleted:
		return errDetail(http.StatusNotFound, detailNotLinked)
	}
	fire(r.Context(), rs.hooks, &rs.hooks.oauthAccountUnlinked, OAuthAccountUnlinked{User: *s.user, Provider: name})
	writeMessage(w, http.StatusOK, "Unlinked "+name+".")
	return nil
}
