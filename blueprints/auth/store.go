package auth

import (
	"context"
	"errors"
	"time"
)

// Errors a Store returns; handlers compare them with errors.Is.
var (
	// ErrNotFound means no row matched.
	ErrNotFound = errors.New("auth: not found")
	// ErrDuplicateEmail means a unique constraint on an email address refused
	// the write: the database, not a prior read, settles the race.
	ErrDuplicateEmail = errors.New("auth: email already in use")
)

// Store is what every host's handlers need from the database. Only the
// backend selected in regstack.toml is generated; each implements this
// interface. A feature that needs more declares its own small interface
// (the admin API's AdminStore, for one), which each backend implements in
// a file generated only with that feature.
//
// Methods that change a user set updated_at to the time they are given.
// Expiring rows (pending registrations, revoked tokens, login failures) are
// filtered on read where the method says so, so correctness never depends on
// Reap having run.
type Store interface {
	// InstallSchema creates or upgrades the schema (migrations on SQL
	// backends, collections and indexes on MongoDB) and returns one line per
	// step it applied, none when the schema was already current. It is
	// idempotent and safe to run from several processes at once.
	InstallSchema(ctx context.Context) (applied []string, err error)
	// PendingSchema returns one line per step InstallSchema would still
	// apply (a migration not recorded, an index missing), without changing
	// anything; empty means the schema is current.
	PendingSchema(ctx context.Context) ([]string, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the connection pool if the Store opened it.
	Close() error

	// CreateUser inserts u (u.ID must be set). A taken email gives
	// ErrDuplicateEmail.
	CreateUser(ctx context.Context, u *User) error
	// UserByID returns the user or ErrNotFound.
	UserByID(ctx context.Context, id string) (*User, error)
	// UserByEmail returns the user with exactly this email or ErrNotFound.
	UserByEmail(ctx context.Context, email string) (*User, error)
	// SessionUser returns the user for an authenticated request together with
	// whether jti is on the revocation list, in one round trip. When the user
	// does not exist it returns ErrNotFound and still reports revoked.
	SessionUser(ctx context.Context, userID, jti string) (u *User, revoked bool, err error)
	// SetLastLogin records a successful sign-in.
	SetLastLogin(ctx context.Context, id string, at time.Time) error
	// RecordLogin records a successful password sign-in at at: SetLastLogin
	// and ClearLoginFailures(email) together, atomically where the backend
	// has transactions. It returns ErrNotFound, and clears nothing, when the
	// user no longer exists.
	RecordLogin(ctx context.Context, id, email string, at time.Time) error
	// SetFullName sets (or, with nil, clears) the display name and returns
	// the updated user.
	SetFullName(ctx context.Context, id string, name *string, now time.Time) (*User, error)
	// SetPassword replaces the password hash and revokes every session issued
	// at or before now (tokens_invalidated_after = now).
	SetPassword(ctx context.Context, id, hash string, now time.Time) error
	// SetEmail changes the address and revokes every session issued at or
	// before now. A taken address gives ErrDuplicateEmail.
	SetEmail(ctx context.Context, id, email string, now time.Time) (*User, error)
	// SetSuperuser grants administrator rights.
	SetSuperuser(ctx context.Context, id string, now time.Time) error
	// SetVerified marks the account's email address as verified.
	// ErrNotFound when there is no such user.
	SetVerified(ctx context.Context, id string, now time.Time) error
	// DeleteUser removes the user with everything keyed by the user: their
	// pending registration and login failures (by email) and any other rows
	// that reference the user id. ErrNotFound when there was no such user.
	DeleteUser(ctx context.Context, u *User) error

	// UpsertPending stores p, replacing any pending registration for the
	// same email (so an earlier link stops working). p.Contested is the
	// caller's verdict about the registration it read for the address, whose
	// token hash it passes as seenTokenHash ("" when it read none). The
	// database decides against the row it actually replaces: an expired one
	// is forgotten, the one the caller read keeps the verdict, and any other
	// makes p contested, because the caller never compared the passwords.
	// On return p.Contested is what was stored.
	UpsertPending(ctx context.Context, p *PendingRegistration, seenTokenHash string) error
	// PendingByEmail returns the pending registration for email, expired or
	// not, or ErrNotFound.
	PendingByEmail(ctx context.Context, email string) (*PendingRegistration, error)
	// TakePending atomically deletes and returns the pending registration
	// whose token hash matches, expired or not, or ErrNotFound. Of several
	// concurrent calls with one hash, exactly one gets the row.
	TakePending(ctx context.Context, tokenHash string) (*PendingRegistration, error)

	// RevokeToken puts a token id on the revocation list until exp and
	// reports whether this call put it there: false means it was listed
	// already. Revoking twice is not an error; a one-off token is spent by
	// the one caller that gets true, however many race.
	RevokeToken(ctx context.Context, jti string, exp time.Time) (added bool, err error)
	// DeleteRevocation removes jti from the revocation list; removing one
	// that is not there is not an error. It gives back a claim (see
	// spendOneOffToken) whose action failed, never a spent token.
	DeleteRevocation(ctx context.Context, jti string) error

	// ReserveLoginAttempt records one password check for email at now,
	// unless threshold attempts for email already count: an attempt counts
	// for window after its time (while it is after now - window). It decides
	// and records in one atomic step, so however many callers (goroutines
	// or processes sharing the database) reserve at once, at most threshold
	// succeed per window. A refused reservation records nothing and reports
	// in Blocking the time of the attempt whose leaving the window unlocks
	// email. The reservation is the failure record: it stays until
	// ClearLoginFailures or the window ends.
	ReserveLoginAttempt(ctx context.Context, email string, now time.Time, window time.Duration, threshold int) (LoginReservation, error)
	// RecordLoginFailure records one failed sign-in for email without
	// looking at the threshold (for tools and tests; handlers reserve).
	RecordLoginFailure(ctx context.Context, email string, at time.Time) error
	// CountLoginFailures counts failures for email at or after since.
	CountLoginFailures(ctx context.Context, email string, since time.Time) (int, error)
	// ClearLoginFailures forgets every failure for email.
	ClearLoginFailures(ctx context.Context, email string) error

	// Reap deletes rows that expired before now and login failures older
	// than now minus lockoutWindow.
	Reap(ctx context.Context, now time.Time, lockoutWindow time.Duration) (ReapCounts, error)

	// OutboxStore is the durable email queue (outbox.go).
	OutboxStore
}

// LoginReservation is the answer of Store.ReserveLoginAttempt.
type LoginReservation struct {
	// Reserved reports that the attempt was recorded: the caller may check
	// the password.
	Reserved bool
	// Blocking is, for a refused reservation, the time of the counted
	// attempt whose leaving the window unlocks the address (normally the
	// oldest); zero when the attempts were cleared meanwhile.
	Blocking time.Time
}

// PendingRegistration is a sign-up waiting for its email to be verified.
// Only the SHA-256 digest of the emailed token is stored.
type PendingRegistration struct {
	ID             string
	Email          string
	HashedPassword string
	FullName       *string
	TokenHash      string
	CreatedAt      time.Time
	ExpiresAt      time.Time
	// Contested is set once a second sign-up with another password arrived
	// for the address before it was verified: verifying it then creates
	// the account without a password (see docs/security.md).
	Contested bool
}

// ReapCounts reports how many expired rows Reap deleted, per table.
type ReapCounts struct {
	PendingRegistrations int64
	RevokedTokens        int64
	LoginAttempts        int64
	MFACodes             int64
	OAuthStates          int64
	// DeadEmails counts dead-lettered outbox messages (RegStack.Reap fills
	// it through OutboxStore.ReapDeadEmail).
	DeadEmails int64
}
