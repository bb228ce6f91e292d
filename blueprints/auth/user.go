package auth

import "time"

// User is an account as the handlers and the Store see it.
//
// HashedPassword is empty for an account that has no password (for example
// one created through an OAuth provider); such an account cannot log in with
// a password until it sets one through the password-reset flow.
type User struct {
	ID                     string
	Email                  string
	HashedPassword         string
	IsActive               bool
	IsVerified             bool
	IsSuperuser            bool
	FullName               *string
	PhoneNumber            *string
	IsMFAEnabled           bool
	CreatedAt              time.Time
	UpdatedAt              time.Time
	LastLogin              *time.Time
	TokensInvalidatedAfter *time.Time
}

// HasPassword reports whether the account can sign in with a password.
func (u *User) HasPassword() bool { return u.HashedPassword != "" }
