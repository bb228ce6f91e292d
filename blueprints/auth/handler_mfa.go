//regstack:feature sms_2fa

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// mfaPendingResponse answers a sign-in whose password was right but which
// still needs the second factor. Delivery names how the code travelled
// ("sms", the only factor upstream has); a later factor (an authenticator
// app) adds its own delivery value rather than changing this shape, which
// upstream's clients read.
type mfaPendingResponse struct {
	Status          string `json:"status"`
	MFAPendingToken string `json:"mfa_pending_token"`
	ExpiresIn       int    `json:"expires_in"`
	Delivery        string `json:"delivery"`
}

// needsSecondFactor reports whether signing u in takes a second step.
func needsSecondFactor(u *User) bool { return u.IsMFAEnabled && u.PhoneNumber != nil }

// startLoginMFA is the MFA branch of POST /login, once the password was
// right: a login code goes to the account's phone and a login_mfa token
// links the second step to the account. The password check's reservation
// is cleared, since the password was no guess (upstream records nothing
// for it); a session is issued only by /login/mfa-confirm.
func (rs *RegStack) startLoginMFA(ctx context.Context, u *User) (mfaPendingResponse, error) {
	if err := rs.clearFailures(ctx, u.Email); err != nil {
		return mfaPendingResponse{}, err
	}
	if err := rs.reserveSMSCode(ctx, u); err != nil {
		return mfaPendingResponse{}, err
	}
	code, err := rs.issueCode(ctx, u, mfaKindLoginMFA)
	if err != nil {
		return mfaPendingResponse{}, err
	}
	if err := rs.sendSMS(ctx, *u.PhoneNumber, rs.loginCodeSMS(code)); err != nil {
		return mfaPendingResponse{}, err
	}
	token, _, err := rs.tokens.Issue(PurposeLoginMFA, u.ID, rs.mfaPendingTTL(), TokenClaims{})
	if err != nil {
		return mfaPendingResponse{}, fmt.Errorf("issuing login_mfa token: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.mfaLoginStarted, MFALoginStarted{User: *u, Code: code})
	return mfaPendingResponse{Status: "mfa_required", MFAPendingToken: token, ExpiresIn: rs.cfg.MFAPendingTokenTTLSeconds, Delivery: "sms"}, nil
}

// handleMFAConfirm is POST /login/mfa-confirm: the login code completes
// the sign-in. Wrong codes count against the code's attempts, not the
// login lockout, as upstream.
func (rs *RegStack) handleMFAConfirm(w http.ResponseWriter, r *http.Request) error {
	var token, code string
	if err := decodeBody(r, rs.maxBody(),
		stringField("mfa_pending_token", &token, true, 0, 0),
		stringField("code", &code, true, 4, 10),
	); err != nil {
		return err
	}
	claims, err := rs.tokens.Decode(token, PurposeLoginMFA)
	if err != nil {
		return errDetail(http.StatusBadRequest, "MFA token is invalid or has expired.")
	}
	ctx := r.Context()
	outcome, remaining, err := rs.checkCode(ctx, claims.Subject, mfaKindLoginMFA, code)
	if err != nil {
		return err
	}
	switch outcome {
	case codeMissing:
		return errDetail(http.StatusBadRequest, "No pending sign-in code — start the login flow again.")
	case codeExpired:
		return errDetail(http.StatusBadRequest, "Sign-in code has expired. Try logging in again.")
	case codeLocked:
		return errDetail(http.StatusBadRequest, "Too many wrong attempts — start the login flow again.")
	case codeWrong:
		return wrongCodeDetail(remaining)
	}
	u, err := rs.activeUser(ctx, claims.Subject)
	if err != nil {
		return err
	}
	resp, err := rs.issueSession(ctx, u)
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusBadRequest, "Token does not match an active account.")
	} else if err != nil {
		return err
	}
	rs.writeSession(w, resp)
	return nil
}
