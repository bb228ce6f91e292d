//regstack:feature sms_2fa

package auth

import (
	"context"
	"time"
)

// Kinds of second-factor code: one code of each kind per user at a time.
const (
	mfaKindPhoneSetup = "phone_setup"
	mfaKindLoginMFA   = "login_mfa"
)

// MFACode is a one-time code waiting for its user to type it. Only the
// SHA-256 digest of the code is stored.
type MFACode struct {
	UserID      string
	Kind        string
	CodeHash    string
	ExpiresAt   time.Time
	MaxAttempts int
	CreatedAt   time.Time
}

// MFAAttempt is one counted attempt on a code, as Store.ClaimMFAAttempt
// returns it.
type MFAAttempt struct {
	// ID identifies the stored code the attempt counted on.
	ID string
	// CodeHash and ExpiresAt are the code's, as the attempt saw it.
	CodeHash  string
	ExpiresAt time.Time
	// Number is this attempt's place among the code's attempts, from 1 to
	// Max; 0 means the attempts were already spent and nothing was counted.
	Number int
	Max    int
}

// MFAStore is what the SMS second factor needs from the database, beyond
// Store; every backend implements it in store_<backend>_mfa.go.
type MFAStore interface {
	// PutMFACode stores c, replacing the code of the same user and kind
	// (attempts start again at zero).
	PutMFACode(ctx context.Context, c *MFACode) error
	// ClaimMFAAttempt counts one attempt on the user's code of kind and
	// returns it, in one atomic step: however many callers race, at most
	// MaxAttempts of them get a Number above zero. ErrNotFound when there
	// is no code.
	ClaimMFAAttempt(ctx context.Context, userID, kind string) (MFAAttempt, error)
	// DeleteMFACode deletes the code a claimed a counted attempt on, unless
	// it was replaced meanwhile, and reports whether this call deleted it:
	// of several callers, one gets true.
	DeleteMFACode(ctx context.Context, a MFAAttempt) (bool, error)
	// DeleteMFACodes deletes every code of the user.
	DeleteMFACodes(ctx context.Context, userID string) error
	// SetPhone turns the SMS second factor on with phone, or off (phone
	// number cleared) when phone is nil, and returns the updated user.
	SetPhone(ctx context.Context, id string, phone *string, now time.Time) (*User, error)
}
