//regstack:feature sms_2fa

package auth

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// phoneStartResponse answers POST /phone/start.
type phoneStartResponse struct {
	Status       string `json:"status"`
	PendingToken string `json:"pending_token"`
	ExpiresIn    int    `json:"expires_in"`
}

// mfaPendingTTL is the lifetime of the phone_setup and login_mfa tokens.
func (rs *RegStack) mfaPendingTTL() time.Duration {
	return time.Duration(rs.cfg.MFAPendingTokenTTLSeconds) * time.Second
}

// handlePhoneStart is POST /phone/start: after the current password, a
// code goes to the submitted number and a phone_setup token carries the
// number to /phone/confirm. A passwordless (OAuth-only) account gets the
// 400 of the other current_password endpoints, not upstream's 500.
func (rs *RegStack) handlePhoneStart(w http.ResponseWriter, r *http.Request, s session) error {
	var phone, current string
	if err := decodeBody(r, rs.maxBody(),
		stringField("phone_number", &phone, true, 4, 20),
		stringField("current_password", &current, true, 0, 0),
	); err != nil {
		return err
	}
	if !isE164(phone) {
		return errDetail(http.StatusBadRequest, "Phone number must be in E.164 format (e.g. +14155552671).")
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	if err := rs.reserveSMSCode(ctx, s.user); err != nil {
		return err
	}
	code, err := rs.issueCode(ctx, s.user, mfaKindPhoneSetup)
	if err != nil {
		return err
	}
	if err := rs.sendSMS(ctx, phone, rs.phoneSetupSMS(code)); err != nil {
		return err
	}
	token, _, err := rs.tokens.Issue(PurposePhoneSetup, s.user.ID, rs.mfaPendingTTL(), TokenClaims{Phone: phone})
	if err != nil {
		return fmt.Errorf("issuing phone_setup token: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.phoneSetupStarted, PhoneSetupStarted{User: *s.user, Phone: phone, Code: code})
	writeJSON(w, http.StatusAccepted, phoneStartResponse{Status: "code_sent", PendingToken: token, ExpiresIn: rs.cfg.MFAPendingTokenTTLSeconds})
	return nil
}

// handlePhoneConfirm is POST /phone/confirm: the code sent by /phone/start
// turns SMS 2FA on with the number its token carries. Existing sessions
// stay valid, as upstream.
func (rs *RegStack) handlePhoneConfirm(w http.ResponseWriter, r *http.Request) error {
	var token, code string
	if err := decodeBody(r, rs.maxBody(),
		stringField("pending_token", &token, true, 0, 0),
		stringField("code", &code, true, 4, 10),
	); err != nil {
		return err
	}
	claims, err := rs.tokens.Decode(token, PurposePhoneSetup)
	if err != nil {
		return errDetail(http.StatusBadRequest, "Pending token is invalid or has expired.")
	}
	ctx := r.Context()
	outcome, remaining, err := rs.checkCode(ctx, claims.Subject, mfaKindPhoneSetup, code)
	if err != nil {
		return err
	}
	switch outcome {
	case codeMissing:
		return errDetail(http.StatusBadRequest, "No pending verification code — request a new one.")
	case codeExpired:
		return errDetail(http.StatusBadRequest, "Verification code has expired. Request a new one.")
	case codeLocked:
		return errDetail(http.StatusBadRequest, "Too many wrong attempts — request a new code.")
	case codeWrong:
		return wrongCodeDetail(remaining)
	}
	if _, err := rs.activeUser(ctx, claims.Subject); err != nil {
		return err
	}
	phone := claims.Phone
	u, err := rs.mfaStore.SetPhone(ctx, claims.Subject, &phone, rs.clock.Now())
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusBadRequest, "Token does not match an active account.")
	} else if err != nil {
		return fmt.Errorf("enabling SMS 2FA: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.mfaEnabled, MFAEnabled{User: *u})
	writeJSON(w, http.StatusOK, publicUser(u))
	return nil
}

// handlePhoneDisable is DELETE /phone: after the current password, SMS 2FA
// is off, the number forgotten and every pending code deleted.
func (rs *RegStack) handlePhoneDisable(w http.ResponseWriter, r *http.Request, s session) error {
	var current string
	if err := decodeBody(r, rs.maxBody(), stringField("current_password", &current, true, 0, 0)); err != nil {
		return err
	}
	ctx := r.Context()
	if err := rs.checkCurrentPassword(ctx, s.user, current); err != nil {
		return err
	}
	u, err := rs.mfaStore.SetPhone(ctx, s.user.ID, nil, rs.clock.Now())
	if err != nil {
		return userGone(err)
	}
	if err := rs.mfaStore.DeleteMFACodes(ctx, s.user.ID); err != nil {
		return fmt.Errorf("deleting MFA codes: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.mfaDisabled, MFADisabled{User: *u})
	writeMessage(w, http.StatusOK, "SMS 2FA disabled.")
	return nil
}
