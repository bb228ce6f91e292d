//regstack:feature totp

package auth

import (
	"context"
	"time"
)

// TOTPCredential is a user's authenticator-app secret as stored: Sealed is
// the secret encrypted under the instance's TOTP key (see totpSealer).
type TOTPCredential struct {
	Sealed []byte
	// Confirmed is whether a first code turned the secret on; an
	// unconfirmed secret is an enrolment in progress.
	Confirmed bool
	// LastStep is the latest accepted time step (0 before any).
	LastStep int64
}

// TOTPStore is what authenticator apps need from the database, beyond
// Store and MFAStore; every backend implements it in store_<backend>_totp.go.
type TOTPStore interface {
	// PutPendingTOTP stores sealed as the user's unconfirmed secret,
	// replacing an earlier unconfirmed one; false (nothing stored) when the
	// user has a confirmed secret.
	PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) (bool, error)
	// TOTPCredential reads the user's secret; ErrNotFound when there is none.
	TOTPCredential(ctx context.Context, userID string) (TOTPCredential, error)
	// ConfirmTOTP turns the unconfirmed secret on, recording step as the
	// last accepted one; false when it was not unconfirmed (or step was not
	// later than the last). Of concurrent callers at most one gets true.
	ConfirmTOTP(ctx context.Context, userID string, step int64, now time.Time) (bool, error)
	// UseTOTPStep records step as accepted if it is later than every step
	// accepted before; false otherwise (a code used twice). Of concurrent
	// callers with one step at most one gets true.
	UseTOTPStep(ctx context.Context, userID string, step int64, now time.Time) (bool, error)
	// DeleteTOTP removes the user's secret and recovery codes, and reports
	// whether there was a secret.
	DeleteTOTP(ctx context.Context, userID string) (bool, error)
	// ReplaceRecoveryCodes makes hashes the user's recovery codes (digests),
	// deleting the earlier set.
	ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, now time.Time) error
	// UseRecoveryCode deletes the recovery code with this digest and reports
	// whether this call deleted it: of concurrent callers one gets true.
	UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error)
	// CountRecoveryCodes counts the user's unused recovery codes.
	CountRecoveryCodes(ctx context.Context, userID string) (int, error)
}
