//regstack:feature sms_2fa

package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"
)

// codeOutcome is what checking a typed code found, in the reference's
// terms (§9.2): the handlers turn each into their own detail text.
type codeOutcome int

const (
	codeOK codeOutcome = iota
	codeMissing
	codeExpired
	codeLocked
	codeWrong
)

// newNumericCode returns n uniformly random decimal digits.
func newNumericCode(n int) (string, error) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
	v, err := rand.Int(rand.Reader, limit)
	if err != nil {
		return "", fmt.Errorf("auth: random code: %w", err)
	}
	return fmt.Sprintf("%0*s", n, v.String()), nil
}

// issueCode stores a fresh code of kind for u, replacing the previous one,
// and returns it in clear (for the SMS and the event; only its SHA-256 is
// stored).
func (rs *RegStack) issueCode(ctx context.Context, u *User, kind string) (string, error) {
	code, err := newNumericCode(rs.cfg.SMSCodeLength)
	if err != nil {
		return "", err
	}
	now := rs.clock.Now()
	err = rs.mfaStore.PutMFACode(ctx, &MFACode{
		UserID: u.ID, Kind: kind, CodeHash: hashOpaqueToken(code),
		ExpiresAt:   now.Add(time.Duration(rs.cfg.SMSCodeTTLSeconds) * time.Second),
		MaxAttempts: rs.cfg.SMSCodeMaxAttempts, CreatedAt: now,
	})
	if err != nil {
		return "", fmt.Errorf("storing %s code: %w", kind, err)
	}
	return code, nil
}

// checkCode checks a typed code against the user's code of kind. Every
// check first counts an attempt in the database (MFAStore.ClaimMFAAttempt)
// and only then compares, in constant time, so however many guesses race
// no more than sms_code_max_attempts of them are ever compared. (Upstream
// reads the row, compares with != and writes the count back, so parallel
// guesses all get compared.) On codeWrong, remaining is the number of
// attempts left.
func (rs *RegStack) checkCode(ctx context.Context, userID, kind, code string) (outcome codeOutcome, remaining int, err error) {
	return rs.checkAttempt(ctx, userID, kind, false, func(a MFAAttempt) (bool, error) {
		return subtle.ConstantTimeCompare([]byte(hashOpaqueToken(code)), []byte(a.CodeHash)) == 1, nil
	})
}

// checkAttempt is checkCode with the comparison left to match, which runs
// only on a counted attempt of a live code: an authenticator-app or
// recovery code is checked against the same attempt counter as an SMS code.
// When match reports true the code row is deleted. With consumes false
// the outcome is codeOK only for the caller whose delete removed it (an
// SMS code: the comparison itself decides nothing). With consumes true a
// true match already used the code in one atomic step (a TOTP time step,
// a recovery code's DELETE), so that caller has won even if a spent-code
// cleanup deleted the row first.
func (rs *RegStack) checkAttempt(ctx context.Context, userID, kind string, consumes bool, match func(MFAAttempt) (bool, error)) (outcome codeOutcome, remaining int, err error) {
	a, err := rs.mfaStore.ClaimMFAAttempt(ctx, userID, kind)
	switch {
	case errors.Is(err, ErrNotFound):
		return codeMissing, 0, nil
	case err != nil:
		return 0, 0, fmt.Errorf("checking %s code: %w", kind, err)
	case a.Number == 0:
		// Spent. The row is not deleted here: the caller of the last
		// counted attempt deletes it (wrong) or uses it (right), and a
		// delete from here could beat a right code's own delete and refuse
		// it. A row whose last caller died waits for its expiry.
		return codeLocked, 0, nil
	}
	if !rs.clock.Now().Before(a.ExpiresAt) {
		if _, err := rs.mfaStore.DeleteMFACode(ctx, a); err != nil {
			return 0, 0, fmt.Errorf("checking %s code: %w", kind, err)
		}
		return codeExpired, 0, nil
	}
	ok, err := match(a)
	if err != nil {
		return 0, 0, fmt.Errorf("checking %s code: %w", kind, err)
	}
	if ok {
		deleted, err := rs.mfaStore.DeleteMFACode(ctx, a)
		if err != nil {
			return 0, 0, fmt.Errorf("checking %s code: %w", kind, err)
		}
		if !deleted && !consumes {
			// A concurrent check with the same code used it first.
			return codeMissing, 0, nil
		}
		return codeOK, 0, nil
	}
	remaining = a.Max - a.Number
	if remaining <= 0 {
		if _, err := rs.mfaStore.DeleteMFACode(ctx, a); err != nil {
			return 0, 0, fmt.Errorf("checking %s code: %w", kind, err)
		}
		return codeLocked, 0, nil
	}
	return codeWrong, remaining, nil
}

// wrongCodeDetail is the 400 detail for a wrong code with tries left; the
// text is always plural, as upstream.
func wrongCodeDetail(remaining int) error {
	return errDetail(http.StatusBadRequest, "Wrong code; "+strconv.Itoa(remaining)+" attempts remaining.")
}

// smsCodeWindow is how long a requested code counts against the account's
// SMS budget.
func (rs *RegStack) smsCodeWindow() time.Duration {
	return time.Duration(rs.cfg.SMSCodeWindowSeconds) * time.Second
}

// reserveSMSCode takes one of the account's sms_codes_per_window code
// requests, or answers 429. It uses the login-attempt reservation (atomic
// on every backend) under a key no email address can equal, so it limits
// each account on its own: many accounts may share one number (upstream's
// tests do), but one account cannot make this server send a phone more
// than sms_codes_per_window texts per window. It applies even with
// rate_limit_disabled, which is about password guessing.
func (rs *RegStack) reserveSMSCode(ctx context.Context, u *User) error {
	now := rs.clock.Now()
	res, err := rs.store.ReserveLoginAttempt(ctx, "sms-code:"+u.ID, now, rs.smsCodeWindow(), rs.cfg.SMSCodesPerWindow)
	if err != nil {
		return fmt.Errorf("reserving an SMS code: %w", err)
	}
	if res.Reserved {
		return nil
	}
	secs := strconv.Itoa(retryAfterSeconds(res.Blocking.Add(rs.smsCodeWindow()).Sub(now)))
	return errDetail(http.StatusTooManyRequests, "Too many codes requested. Try again in "+secs+" seconds.").
		withHeader("Retry-After", secs)
}

// ttlMinutes is the code lifetime the SMS states: whole minutes, at least 1.
func (rs *RegStack) ttlMinutes() int { return max(rs.cfg.SMSCodeTTLSeconds/60, 1) }

// loginCodeSMS and phoneSetupSMS are the bodies of the two texts, as the
// reference's sms_login_mfa.txt and sms_phone_setup.txt render them.
func (rs *RegStack) loginCodeSMS(code string) string {
	return fmt.Sprintf("%s sign-in code: %s. Expires in %d minutes. If you didn't try to sign in, ignore this message.",
		rs.cfg.AppName, code, rs.ttlMinutes())
}

func (rs *RegStack) phoneSetupSMS(code string) string {
	return fmt.Sprintf("%s verification code: %s. It expires in %d minutes.", rs.cfg.AppName, code, rs.ttlMinutes())
}

// activeUser returns the user a second-step token names, or the 400 the
// reference answers when it is gone or disabled.
func (rs *RegStack) activeUser(ctx context.Context, id string) (*User, error) {
	u, err := rs.store.UserByID(ctx, id)
	if errors.Is(err, ErrNotFound) || (err == nil && !u.IsActive) {
		return nil, errDetail(http.StatusBadRequest, "Token does not match an active account.")
	}
	return u, err
}
