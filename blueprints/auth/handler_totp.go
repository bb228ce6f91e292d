//regstack:feature totp

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Details of the authenticator-app endpoints.
const (
	detailTOTPAlreadyOn = "Authenticator app is already enabled — disable it first."
	detailTOTPNotOn     = "Authenticator app is not enabled for this account."
	detailTOTPNoEnrol   = "No authenticator app enrolment in progress — start again with /totp/enroll."
	// detailTOTPUnreadable answers when the stored secret no longer opens
	// (jwt_secret was changed): the user's input is not at fault, so no 5xx.
	detailTOTPUnreadable = "The authenticator app can no longer be verified — sign in with a recovery code, then enrol it again."
)

// recoveryCodesResponse carries a fresh set of recovery codes, shown once.
type recoveryCodesResponse struct {
	RecoveryCodes []string `json:"recovery_codes"`
}

// issueAttemptSlot stores a login_mfa or totp_setup row that holds no code
// anyone can type (the digest of random bytes): its attempts counter
// limits TOTP and recovery-code guesses as sms_code_max_attempts limits
// SMS codes, and it expires after ttl.
func (rs *RegStack) issueAttemptSlot(ctx context.Context, u *User, kind string, ttl time.Duration) error {
	unguessable, err := newNumericCode(40)
	if err != nil {
		return err
	}
	now := rs.clock.Now()
	err = rs.mfaStore.PutMFACode(ctx, &MFACode{
		UserID: u.ID, Kind: kind, CodeHash: hashOpaqueToken("slot:" + unguessable),
		ExpiresAt: now.Add(ttl), MaxAttempts: rs.cfg.SMSCodeMaxAttempts, CreatedAt: now,
	})
	if err != nil {
		return fmt.Errorf("storing %s attempts: %w", kind, err)
	}
	return nil
}

// handleTOTPEnroll is POST /totp/enroll: a new secret, as text, otpauth://
// URI and QR code, waits for its first code at /totp/confirm. Until then
// sign-in is unchanged; enrolling again replaces an unconfirmed secret.
func (rs *RegStack) handleTOTPEnroll(w http.ResponseWriter, r *http.Request, s session) error {
	ctx := r.Context()
	on, err := rs.totpEnabled(ctx, s.user.ID)
	if err != nil {
		return err
	}
	if on {
		return errDetail(http.StatusBadRequest, detailTOTPAlreadyOn)
	}
	enr, err := newTOTPKey(rs.cfg.AppName, s.user.Email)
	if err != nil {
		return err
	}
	sealed, err := rs.totpSealer.seal(s.user.ID, enr.Secret)
	if err != nil {
		return err
	}
	stored, err := rs.totpStore.PutPendingTOTP(ctx, s.user.ID, sealed, rs.clock.Now())
	if err != nil {
		return fmt.Errorf("storing TOTP enrolment: %w", err)
	}
	if !stored {
		// A concurrent enrolment was confirmed meanwhile.
		return errDetail(http.StatusBadRequest, detailTOTPAlreadyOn)
	}
	if err := rs.issueAttemptSlot(ctx, s.user, mfaKindTOTPSetup, totpEnrolTTL); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, enr)
	return nil
}

// handleTOTPConfirm is POST /totp/confirm: the app's first code turns the
// secret on and returns the recovery codes, once. Wrong codes count
// against the enrolment's sms_code_max_attempts.
func (rs *RegStack) handleTOTPConfirm(w http.ResponseWriter, r *http.Request, s session) error {
	var code string
	if err := decodeBody(r, rs.maxBody(), stringField("code", &code, true, 4, 10)); err != nil {
		return err
	}
	ctx := r.Context()
	cred, err := rs.totpStore.TOTPCredential(ctx, s.user.ID)
	switch {
	case errors.Is(err, ErrNotFound):
		return errDetail(http.StatusBadRequest, detailTOTPNoEnrol)
	case err != nil:
		return fmt.Errorf("reading TOTP enrolment: %w", err)
	case cred.Confirmed:
		return errDetail(http.StatusBadRequest, detailTOTPAlreadyOn)
	}
	secret, err := rs.totpSealer.open(s.user.ID, cred.Sealed)
	if err != nil {
		return errDetail(http.StatusBadRequest, detailTOTPNoEnrol)
	}
	outcome, remaining, err := rs.checkAttempt(ctx, s.user.ID, mfaKindTOTPSetup, true, func(MFAAttempt) (bool, error) {
		now := rs.clock.Now()
		step, ok, err := matchTOTP(secret, code, now)
		if err != nil || !ok {
			return false, err
		}
		return rs.totpStore.ConfirmTOTP(ctx, s.user.ID, step, now)
	})
	if err != nil {
		return err
	}
	switch outcome {
	case codeMissing:
		return errDetail(http.StatusBadRequest, detailTOTPNoEnrol)
	case codeExpired:
		return errDetail(http.StatusBadRequest, "Enrolment has expired. Start again with /totp/enroll.")
	case codeLocked:
		return errDetail(http.StatusBadRequest, "Too many wrong attempts — start again with /totp/enroll.")
	case codeWrong:
		return wrongCodeDetail(remaining)
	}
	resp, err := rs.newRecoverySet(ctx, s.user.ID)
	if err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.totpEnabled, TOTPEnabled{User: *s.user})
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// newRecoverySet replaces the user's recovery codes with a new set.
func (rs *RegStack) newRecoverySet(ctx context.Context, userID string) (recoveryCodesResponse, error) {
	codes, hashes, err := newRecoveryCodes()
	if err != nil {
		return recoveryCodesResponse{}, err
	}
	if err := rs.totpStore.ReplaceRecoveryCodes(ctx, userID, hashes, rs.clock.Now()); err != nil {
		return recoveryCodesResponse{}, fmt.Errorf("storing recovery codes: %w", err)
	}
	return recoveryCodesResponse{RecoveryCodes: codes}, nil
}

// handleTOTPDisable is POST /totp/disable: after the current password the
// secret and the recovery codes are deleted. An account without a password
// (OAuth-only) gets the 400 of the other current_password endpoints.
func (rs *RegStack) handleTOTPDisable(w http.ResponseWriter, r *http.Request, s session) error {
	var current string
	if err := decodeBody(r, rs.maxBody(), stringField("current_password", &current, true, 0, 0)); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	had, err := rs.totpStore.DeleteTOTP(ctx, s.user.ID)
	if err != nil {
		return fmt.Errorf("disabling TOTP: %w", err)
	}
	if !had {
		return errDetail(http.StatusBadRequest, detailTOTPNotOn)
	}
	fire(ctx, rs.hooks, &rs.hooks.totpDisabled, TOTPDisabled{User: *s.user})
	writeMessage(w, http.StatusOK, "Authenticator app disabled.")
	return nil
}

// handleRecoveryCodes is POST /totp/recovery-codes: after the current
// password a new set of recovery codes replaces the old one, which stops
// working.
func (rs *RegStack) handleRecoveryCodes(w http.ResponseWriter, r *http.Request, s session) error {
	var current string
	if err := decodeBody(r, rs.maxBody(), stringField("current_password", &current, true, 0, 0)); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	on, err := rs.totpEnabled(ctx, s.user.ID)
	if err != nil {
		return err
	}
	if !on {
		return errDetail(http.StatusBadRequest, detailTOTPNotOn)
	}
	resp, err := rs.newRecoverySet(ctx, s.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// checkLoginTOTP checks the second step of a sign-in made with the
// authenticator app ("totp") or a recovery code ("recovery"; "" picks
// "totp" for an account without SMS 2FA). Each guess is a counted
// attempt on the sign-in's login_mfa row first; a right TOTP code is then
// accepted only if its time step is later than the last accepted one, and
// a right recovery code only by the caller whose DELETE removed it, both
// decided by the database before any session exists.
func (rs *RegStack) checkLoginTOTP(ctx context.Context, userID, method, code string) (codeOutcome, int, error) {
	if method != mfaMethodTOTP && method != mfaMethodRecovery {
		return 0, 0, errDetail(http.StatusBadRequest, `method must be "sms", "totp" or "recovery".`)
	}
	cred, err := rs.totpStore.TOTPCredential(ctx, userID)
	switch {
	case errors.Is(err, ErrNotFound) || (err == nil && !cred.Confirmed):
		return 0, 0, errDetail(http.StatusBadRequest, detailTOTPNotOn)
	case err != nil:
		return 0, 0, fmt.Errorf("reading TOTP state: %w", err)
	}
	if method == mfaMethodRecovery {
		return rs.checkAttempt(ctx, userID, mfaKindLoginMFA, true, func(MFAAttempt) (bool, error) {
			return rs.totpStore.UseRecoveryCode(ctx, userID, recoveryCodeHash(code))
		})
	}
	secret, err := rs.totpSealer.open(userID, cred.Sealed)
	if err != nil {
		return 0, 0, errDetail(http.StatusBadRequest, detailTOTPUnreadable)
	}
	return rs.checkAttempt(ctx, userID, mfaKindLoginMFA, true, func(MFAAttempt) (bool, error) {
		now := rs.clock.Now()
		step, ok, err := matchTOTP(secret, code, now)
		if err != nil || !ok {
			return false, err
		}
		return rs.totpStore.UseTOTPStep(ctx, userID, step, now)
	})
}

// defaultLoginMethod is the factor a /login/mfa-confirm without "method"
// means: SMS, as upstream, unless the account has no SMS 2FA.
func (rs *RegStack) defaultLoginMethod(ctx context.Context, userID string) (string, error) {
	u, err := rs.store.UserByID(ctx, userID)
	if errors.Is(err, ErrNotFound) {
		return mfaMethodSMS, nil // the SMS path answers for a gone user
	} else if err != nil {
		return "", err
	}
	if needsSecondFactor(u) {
		return mfaMethodSMS, nil
	}
	return mfaMethodTOTP, nil
}
