//regstack:feature oauth

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Outcomes a completed sign-in row records in result_token. The row holds
// no bearer token: the session is issued by the exchange, so a leaked row
// (or a database backup) grants nothing.
const (
	oauthResultNewAccount      = "new_account"
	oauthResultExistingAccount = "existing_account"
)

// exchangeResponse answers POST /oauth/exchange.
type exchangeResponse struct {
	AccessToken   string `json:"access_token"`
	RedirectTo    string `json:"redirect_to"`
	WasNewAccount bool   `json:"was_new_account"`
	TokenType     string `json:"token_type"`
	ExpiresIn     int    `json:"expires_in"`
}

// handleOAuthExchange is POST /oauth/exchange: the completion id of a
// callback becomes a session, once. The row is deleted before anything
// else happens, so of any number of concurrent exchanges one gets it.
func (rs *RegStack) handleOAuthExchange(w http.ResponseWriter, r *http.Request) error {
	var id string
	if err := decodeBody(r, rs.maxBody(), stringField("id", &id, true, 8, 128)); err != nil {
		return err
	}
	ctx := r.Context()
	st, err := rs.oauthStore.TakeOAuthState(ctx, id, true)
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusNotFound, detailOAuthStateGone)
	} else if err != nil {
		return err
	}
	if st.ExpiresAt.Before(rs.clock.Now()) {
		return errDetail(http.StatusBadRequest, detailOAuthStateExpired)
	}
	u, err := rs.store.UserByID(ctx, st.LinkingUserID)
	if errors.Is(err, ErrNotFound) || (err == nil && !u.IsActive) {
		return errDetail(http.StatusUnauthorized, detailUserInactive)
	} else if err != nil {
		return err
	}
	//regstack:if sms_2fa

	// With enforce_mfa_on_oauth_signin, an account with a second factor
	// takes the same second step as a password sign-in.
	if rs.cfg.OAuth.EnforceMFAOnOAuthSignin {
		if started, err := rs.answerSecondFactor(ctx, w, u); err != nil || started {
			return err
		}
	}

	//regstack:end
	resp, err := rs.startSession(ctx, u)
	if err != nil {
		return err
	}
	rs.setSessionCookie(w, resp)
	writeJSON(w, http.StatusOK, exchangeResponse{
		AccessToken: resp.AccessToken, RedirectTo: st.RedirectTo, WasNewAccount: st.ResultToken == oauthResultNewAccount,
		TokenType: resp.TokenType, ExpiresIn: resp.ExpiresIn,
	})
	return nil
}

// startSession mints a session token for u and records it as the last
// login: a sign-in without a password (an OAuth exchange), which has no
// login failures to clear.
func (rs *RegStack) startSession(ctx context.Context, u *User) (tokenResponse, error) {
	resp, issuedAt, err := rs.mintSession(u)
	if err != nil {
		return tokenResponse{}, err
	}
	if err := rs.store.SetLastLogin(ctx, u.ID, issuedAt); err != nil {
		return tokenResponse{}, fmt.Errorf("recording last login: %w", err)
	}
	return resp, nil
}
