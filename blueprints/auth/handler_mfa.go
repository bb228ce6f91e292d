//regstack:feature sms_2fa

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
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

	//regstack:if totp

	// Methods lists the factors /login/mfa-confirm accepts for this
	// account ("totp", "sms"); recovery codes go with "totp". Not upstream.
	Methods []string `json:"methods"`

	//regstack:end
}

// needsSecondFactor reports whether signing u in takes an SMS code.
func needsSecondFactor(u *User) bool { return u.IsMFAEnabled && u.PhoneNumber != nil }

// answerSecondFactor is the second step of a sign-in (a password login,
// or an OAuth exchange with enforce_mfa_on_oauth_signin): when u has a
// second factor on it starts the step, writes the mfa_required answer and
// reports true; otherwise the caller issues the session.
func (rs *RegStack) answerSecondFactor(ctx context.Context, w http.ResponseWriter, u *User) (bool, error) {
	methods, err := rs.loginFactors(ctx, u)
	if err != nil || len(methods) == 0 {
		return false, err
	}
	pending, err := rs.startLoginMFA(ctx, u, methods)
	if err != nil {
		return false, err
	}
	writeJSON(w, http.StatusOK, pending)
	return true, nil
}

// loginFactors lists the second factors u has turned on, the preferred
// first; none means the password signs u in.
func (rs *RegStack) loginFactors(ctx context.Context, u *User) ([]string, error) {
	var methods []string

	//regstack:if totp

	on, err := rs.totpEnabled(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if on {
		methods = append(methods, mfaMethodTOTP)
	}

	//regstack:end

	if needsSecondFactor(u) {
		methods = append(methods, mfaMethodSMS)
	}
	return methods, nil
}

// The factors a sign-in's second step may use.
const (
	mfaMethodSMS = "sms"

	//regstack:if totp

	mfaMethodTOTP     = "totp"
	mfaMethodRecovery = "recovery"

	//regstack:end
)

// startLoginMFA is the MFA branch of POST /login, once the password was
// right and u has the factors methods: a login code goes to the account's
// phone (when SMS is one of them) and a login_mfa token links the second
// step to the account. The password check's reservation is cleared, since
// the password was no guess (upstream records nothing for it); a session
// is issued only by /login/mfa-confirm.
func (rs *RegStack) startLoginMFA(ctx context.Context, u *User, methods []string) (mfaPendingResponse, error) {
	if err := rs.clearFailures(ctx, u.Email); err != nil {
		return mfaPendingResponse{}, err
	}
	code, delivery, err := rs.sendLoginCode(ctx, u, methods)
	if err != nil {
		return mfaPendingResponse{}, err
	}
	token, _, err := rs.tokens.Issue(PurposeLoginMFA, u.ID, rs.mfaPendingTTL(), TokenClaims{})
	if err != nil {
		return mfaPendingResponse{}, fmt.Errorf("issuing login_mfa token: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.mfaLoginStarted, MFALoginStarted{User: *u, Code: code})
	resp := mfaPendingResponse{Status: "mfa_required", MFAPendingToken: token, ExpiresIn: rs.cfg.MFAPendingTokenTTLSeconds, Delivery: delivery}
	//regstack:if totp
	resp.Methods = methods
	//regstack:end
	return resp, nil
}

// sendLoginCode texts a fresh login code to u's phone, within the
// account's SMS budget, and returns it with the delivery "sms".
func (rs *RegStack) sendLoginCode(ctx context.Context, u *User, methods []string) (code, delivery string, err error) {
	//regstack:if totp
	if !slices.Contains(methods, mfaMethodSMS) {
		// An app-only account: nothing is sent; the login_mfa row only
		// counts the attempts.
		return "", mfaMethodTOTP, rs.issueAttemptSlot(ctx, u, mfaKindLoginMFA, rs.mfaPendingTTL())
	}
	//regstack:end
	if err := rs.reserveSMSCode(ctx, u); err != nil {
		return "", "", err
	}
	code, err = rs.issueCode(ctx, u, mfaKindLoginMFA)
	if err != nil {
		return "", "", err
	}
	if err := rs.sendSMS(ctx, *u.PhoneNumber, rs.loginCodeSMS(code)); err != nil {
		return "", "", err
	}
	return code, mfaMethodSMS, nil
}

// handleMFAConfirm is POST /login/mfa-confirm: the login code completes
// the sign-in. Wrong codes count against the code's attempts, not the
// login lockout, as upstream.
func (rs *RegStack) handleMFAConfirm(w http.ResponseWriter, r *http.Request) error {
	var token, code, method string
	fields := []field{
		stringField("mfa_pending_token", &token, true, 0, 0),
		stringField("code", &code, true, 4, 10),
	}

	//regstack:if totp

	// A recovery code is longer than an SMS code; method picks the factor.
	fields = []field{
		stringField("mfa_pending_token", &token, true, 0, 0),
		stringField("code", &code, true, 4, 32),
		stringField("method", &method, false, 0, 16),
	}

	//regstack:end

	if err := decodeBody(r, rs.maxBody(), fields...); err != nil {
		return err
	}
	claims, err := rs.tokens.Decode(token, PurposeLoginMFA)
	if err != nil {
		return errDetail(http.StatusBadRequest, "MFA token is invalid or has expired.")
	}
	ctx := r.Context()
	outcome, remaining, err := rs.checkLoginFactor(ctx, claims.Subject, method, code)
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

// checkLoginFactor checks the code of a sign-in's second step, by the
// factor method names ("" for SMS, as upstream's clients send it).
func (rs *RegStack) checkLoginFactor(ctx context.Context, userID, method, code string) (codeOutcome, int, error) {
	//regstack:if totp
	if method == "" {
		var err error
		if method, err = rs.defaultLoginMethod(ctx, userID); err != nil {
			return 0, 0, err
		}
	}
	if method != mfaMethodSMS {
		return rs.checkLoginTOTP(ctx, userID, method, code)
	}
	//regstack:end
	return rs.checkCode(ctx, userID, mfaKindLoginMFA, code)
}
