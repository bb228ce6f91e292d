//regstack:feature oauth

package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// oauthFailure is a callback failure: the ?error= code the login page
// shows. Only the code reaches the browser; the cause is logged.
type oauthFailure string

func (f oauthFailure) Error() string { return "oauth callback: " + string(f) }

// handleOAuthCallback is GET /oauth/{provider}/callback, always a 302:
// to <ui_prefix>/oauth-complete?id=<completion id> on success, else to
// <ui_prefix>/login?error=<code>. The steps and codes follow the
// reference (§13.3), with these differences: the started state is taken
// (deleted) first, so a replayed callback gets bad_state and two
// callbacks of one state cannot both succeed; the completion id is new,
// single-use and lives completion_ttl_seconds; a provider that gives no
// usable email cannot create an account (email_required).
func (rs *RegStack) handleOAuthCallback(w http.ResponseWriter, r *http.Request) {
	ui := strings.TrimRight(rs.cfg.UIPrefix, "/")
	completion, err := rs.oauthCallback(r)
	var code oauthFailure
	switch {
	case errors.As(err, &code):
		http.Redirect(w, r, ui+"/login?error="+url.QueryEscape(string(code)), http.StatusFound)
	case err != nil:
		rs.logger.ErrorContext(r.Context(), "auth: oauth callback", "provider", r.PathValue("provider"), "error", err)
		http.Redirect(w, r, ui+"/login?error=oauth_failed", http.StatusFound)
	default:
		http.Redirect(w, r, ui+"/oauth-complete?id="+url.QueryEscape(completion), http.StatusFound)
	}
}

// oauthCallback runs the callback and returns the completion id.
func (rs *RegStack) oauthCallback(r *http.Request) (string, error) {
	ctx := r.Context()
	q := r.URL.Query()
	if q.Has("error") {
		return "", oauthFailure("oauth_failed")
	}
	code, state := q.Get("code"), q.Get("state")
	if code == "" || state == "" {
		return "", oauthFailure("missing_code_or_state")
	}
	p, ok := rs.oauth.lookup(r.PathValue("provider"))
	if !ok {
		return "", oauthFailure("unknown_provider")
	}
	st, err := rs.oauthStore.TakeOAuthState(ctx, state, false)
	if errors.Is(err, ErrNotFound) {
		return "", oauthFailure("bad_state")
	} else if err != nil {
		return "", err
	}
	if st.Provider != p.Name() {
		return "", oauthFailure("bad_state")
	}
	if st.ExpiresAt.Before(rs.clock.Now()) {
		return "", oauthFailure("state_expired")
	}
	ident, err := p.Exchange(ctx, ExchangeRequest{Code: code, RedirectURI: rs.callbackURL(p.Name()), CodeVerifier: st.CodeVerifier, Nonce: st.Nonce})
	switch {
	case errors.Is(err, ErrOAuthTokenExchange):
		rs.logger.WarnContext(ctx, "auth: oauth code exchange refused", "provider", p.Name(), "error", err)
		return "", oauthFailure("token_exchange_failed")
	case errors.Is(err, ErrOAuthIDToken):
		rs.logger.WarnContext(ctx, "auth: oauth identity rejected", "provider", p.Name(), "error", err)
		return "", oauthFailure("id_token_failed")
	case err != nil:
		return "", err
	case ident.Subject == "":
		rs.logger.WarnContext(ctx, "auth: oauth identity without a subject", "provider", p.Name())
		return "", oauthFailure("id_token_failed")
	}
	u, wasNew, err := rs.resolveOAuthUser(ctx, st, p.Name(), ident)
	if err != nil {
		return "", err
	}
	now := rs.clock.Now()
	if err := rs.oauthStore.TouchOAuthIdentity(ctx, p.Name(), ident.Subject, now); err != nil {
		// As upstream: a sign-in is not refused for its bookkeeping.
		rs.logger.WarnContext(ctx, "auth: oauth touch identity", "error", err)
	}
	completion, err := newOpaqueToken()
	if err != nil {
		return "", err
	}
	result := oauthResultExistingAccount
	if wasNew {
		result = oauthResultNewAccount
	}
	err = rs.oauthStore.CreateOAuthState(ctx, &OAuthState{
		ID: completion, Provider: p.Name(), RedirectTo: st.RedirectTo, Mode: st.Mode, LinkingUserID: u.ID,
		CreatedAt: now, ExpiresAt: now.Add(ttl(rs.cfg.OAuth.CompletionTTLSeconds)), ResultToken: result,
	})
	if err != nil {
		return "", err
	}
	if wasNew {
		fire(ctx, rs.hooks, &rs.hooks.userRegistered, UserRegistered{User: *u})
	}
	fire(ctx, rs.hooks, &rs.hooks.oauthSigninCompleted, OAuthSigninCompleted{User: *u, Provider: p.Name(), Mode: st.Mode, WasNew: wasNew})
	if st.Mode == oauthModeLink {
		fire(ctx, rs.hooks, &rs.hooks.oauthAccountLinked, OAuthAccountLinked{User: *u, Provider: p.Name()})
	}
	return completion, nil
}

// resolveOAuthUser finds or creates the account ident signs in to (step 7
// of the reference's algorithm).
func (rs *RegStack) resolveOAuthUser(ctx context.Context, st *OAuthState, provider string, ident ProviderIdentity) (*User, bool, error) {
	existing, err := rs.oauthStore.OAuthIdentity(ctx, provider, ident.Subject)
	switch {
	case err == nil && st.Mode == oauthModeLink:
		if existing.UserID != st.LinkingUserID {
			return nil, false, oauthFailure("identity_in_use")
		}
		return nil, false, oauthFailure("already_linked")
	case err == nil:
		u, err := rs.oauthActiveUser(ctx, existing.UserID)
		return u, false, err
	case !errors.Is(err, ErrNotFound):
		return nil, false, err
	}
	email, emailErr := normalizeEmail(ident.Email)
	if ident.Email == "" {
		emailErr = errors.New("no email")
	}
	if st.Mode == oauthModeLink {
		u, err := rs.oauthActiveUser(ctx, st.LinkingUserID)
		if err != nil {
			return nil, false, err
		}
		return u, false, rs.linkIdentity(ctx, u.ID, provider, ident.Subject, email)
	}
	if emailErr == nil {
		u, err := rs.store.UserByEmail(ctx, email)
		switch {
		case err == nil && rs.cfg.OAuth.AutoLinkVerifiedEmails && ident.EmailVerified:
			return u, false, rs.linkIdentity(ctx, u.ID, provider, ident.Subject, email)
		case err == nil:
			return nil, false, oauthFailure("email_in_use")
		case !errors.Is(err, ErrNotFound):
			return nil, false, err
		}
	}
	// A new account needs an address: every account flow (verification,
	// reset, change) is keyed by it, so a provider that gives none, or
	// one that is not valid, cannot create one.
	if emailErr != nil {
		rs.logger.WarnContext(ctx, "auth: oauth sign-up without a usable email", "provider", provider, "error", emailErr)
		return nil, false, oauthFailure("email_required")
	}
	u, err := rs.createOAuthUser(ctx, provider, ident, email)
	return u, err == nil, err
}

// createOAuthUser creates a passwordless account and links ident to it.
// The users' unique email and the identities' unique (provider, subject)
// settle races: a lost one undoes the account it created.
func (rs *RegStack) createOAuthUser(ctx context.Context, provider string, ident ProviderIdentity, email string) (*User, error) {
	var name *string
	if ident.FullName != "" {
		name = &ident.FullName
	}
	u, err := rs.newUser(email, "", name)
	if err != nil {
		return nil, err
	}
	u.IsVerified = ident.EmailVerified
	if err := rs.store.CreateUser(ctx, u); errors.Is(err, ErrDuplicateEmail) {
		return nil, oauthFailure("email_in_use")
	} else if err != nil {
		return nil, err
	}
	if err := rs.linkIdentity(ctx, u.ID, provider, ident.Subject, email); err != nil {
		if derr := rs.store.DeleteUser(ctx, u); derr != nil && !errors.Is(derr, ErrNotFound) {
			return nil, errors.Join(err, derr)
		}
		return nil, err
	}
	return u, nil
}

// linkIdentity links (provider, subject) to userID.
func (rs *RegStack) linkIdentity(ctx context.Context, userID, provider, subject, email string) error {
	id := &OAuthIdentity{UserID: userID, Provider: provider, SubjectID: subject, Email: email, LinkedAt: rs.clock.Now()}
	if err := rs.oauthStore.CreateOAuthIdentity(ctx, id); errors.Is(err, ErrIdentityTaken) {
		return oauthFailure("identity_in_use")
	} else if err != nil {
		return err
	}
	return nil
}

// oauthActiveUser loads the account an identity belongs to; a missing or
// disabled one is user_inactive.
func (rs *RegStack) oauthActiveUser(ctx context.Context, id string) (*User, error) {
	u, err := rs.store.UserByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !u.IsActive) {
		return nil, oauthFailure("user_inactive")
	}
	return u, err
}
