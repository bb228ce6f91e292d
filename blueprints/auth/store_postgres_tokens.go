//regstack:feature backend=postgres

package auth

import (
	"context"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// UpsertPending replaces any pending registration for p.Email with p in one
// INSERT … ON CONFLICT statement, so the earlier token stops working,
// concurrent sign-ups for one address leave exactly one row, and the row
// replaced decides p.Contested (see Store.UpsertPending).
func (s *postgresStore) UpsertPending(ctx context.Context, p *PendingRegistration, seenTokenHash string) error {
	contested, err := s.q.UpsertPending(ctx, pgdb.UpsertPendingParams{
		ID:             p.ID,
		Email:          p.Email,
		HashedPassword: p.HashedPassword,
		FullName:       p.FullName,
		TokenHash:      p.TokenHash,
		CreatedAt:      p.CreatedAt,
		ExpiresAt:      p.ExpiresAt,
		Contested:      p.Contested,
		SeenTokenHash:  seenTokenHash,
	})
	if err != nil {
		return postgresErr("upsert pending registration", err)
	}
	p.Contested = contested
	return nil
}

// PendingByEmail returns the pending registration for email or ErrNotFound.
func (s *postgresStore) PendingByEmail(ctx context.Context, email string) (*PendingRegistration, error) {
	r, err := s.q.PendingByEmail(ctx, email)
	if err != nil {
		return nil, postgresErr("pending registration by email", err)
	}
	return pendingFromPostgres(r), nil
}

// TakePending deletes and returns the registration with this token hash in
// one DELETE … RETURNING statement.
func (s *postgresStore) TakePending(ctx context.Context, tokenHash string) (*PendingRegistration, error) {
	r, err := s.q.TakePending(ctx, tokenHash)
	if err != nil {
		return nil, postgresErr("take pending registration", err)
	}
	return pendingFromPostgres(r), nil
}

// RevokeToken puts jti on the revocation list and reports whether this
// call added it; ON CONFLICT DO NOTHING makes a second call a no-op.
func (s *postgresStore) RevokeToken(ctx context.Context, jti string, exp time.Time) (bool, error) {
	n, err := s.q.RevokeToken(ctx, pgdb.RevokeTokenParams{JTI: jti, Exp: exp})
	if err != nil {
		return false, postgresErr("revoke token", err)
	}
	return n == 1, nil
}

// DeleteRevocation removes jti from the revocation list.
func (s *postgresStore) DeleteRevocation(ctx context.Context, jti string) error {
	return postgresErr("delete revocation", s.q.DeleteRevocation(ctx, jti))
}

// RecordLoginFailure records one failed sign-in for email.
func (s *postgresStore) RecordLoginFailure(ctx context.Context, email string, at time.Time) error {
	return postgresErr("record login failure", s.q.RecordLoginFailure(ctx, pgdb.RecordLoginFailureParams{Email: email, At: at}))
}

// CountLoginFailures counts failures for email at or after since.
func (s *postgresStore) CountLoginFailures(ctx context.Context, email string, since time.Time) (int, error) {
	n, err := s.q.CountLoginFailures(ctx, pgdb.CountLoginFailuresParams{Email: email, Since: since})
	if err != nil {
		return 0, postgresErr("count login failures", err)
	}
	return int(n), nil
}

// ClearLoginFailures forgets every failure for email.
func (s *postgresStore) ClearLoginFailures(ctx context.Context, email string) error {
	return postgresErr("clear login failures", s.q.ClearLoginFailures(ctx, email))
}

// Reap deletes, in one transaction, every row that expired before now and
// the login failures older than now minus lockoutWindow, and reports how
// many rows of each table went.
func (s *postgresStore) Reap(ctx context.Context, now time.Time, lockoutWindow time.Duration) (ReapCounts, error) {
	var c ReapCounts
	err := s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
		var err error
		if c.PendingRegistrations, err = q.DeleteExpiredPending(ctx, now); err != nil {
			return err
		}
		if c.RevokedTokens, err = q.DeleteExpiredRevocations(ctx, now); err != nil {
			return err
		}
		if c.LoginAttempts, err = q.DeleteStaleLoginFailures(ctx, now.Add(-lockoutWindow)); err != nil {
			return err
		}
		if c.MFACodes, err = q.DeleteExpiredMFACodes(ctx, now); err != nil {
			return err
		}
		c.OAuthStates, err = q.DeleteExpiredOAuthStates(ctx, now)
		return err
	})
	if err != nil {
		return ReapCounts{}, postgresErr("reap", err)
	}
	return c, nil
}
