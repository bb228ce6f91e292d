//regstack:feature backend=sqlite

package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// UpsertPending replaces any pending registration for p.Email with p:
// delete by email and insert in one transaction, as the Python library
// does, so the earlier token stops working.
func (s *sqliteStore) UpsertPending(ctx context.Context, p *PendingRegistration) error {
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
		if _, err := q.DeletePendingByEmail(ctx, p.Email); err != nil {
			return err
		}
		return q.InsertPending(ctx, sqlitedb.InsertPendingParams{
			ID:             p.ID,
			Email:          p.Email,
			HashedPassword: p.HashedPassword,
			FullName:       p.FullName,
			TokenHash:      p.TokenHash,
			CreatedAt:      p.CreatedAt,
			ExpiresAt:      p.ExpiresAt,
		})
	})
	if err != nil {
		return fmt.Errorf("sqlite: upsert pending registration: %w", err)
	}
	return nil
}

// PendingByEmail returns the pending registration for email or ErrNotFound.
func (s *sqliteStore) PendingByEmail(ctx context.Context, email string) (*PendingRegistration, error) {
	r, err := s.r.PendingByEmail(ctx, email)
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return pendingFromSQLite(r), nil
}

// TakePending deletes and returns the registration with this token hash in
// one DELETE … RETURNING statement.
func (s *sqliteStore) TakePending(ctx context.Context, tokenHash string) (*PendingRegistration, error) {
	r, err := s.w.TakePending(ctx, tokenHash)
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return pendingFromSQLite(r), nil
}

// RevokeToken puts jti on the revocation list; a second call is a no-op.
func (s *sqliteStore) RevokeToken(ctx context.Context, jti string, exp time.Time) error {
	if err := s.w.RevokeToken(ctx, sqlitedb.RevokeTokenParams{JTI: jti, Exp: exp}); err != nil {
		return fmt.Errorf("sqlite: revoke token: %w", err)
	}
	return nil
}

// RecordLoginFailure records one failed sign-in for email.
func (s *sqliteStore) RecordLoginFailure(ctx context.Context, email string, at time.Time) error {
	if err := s.w.RecordLoginFailure(ctx, sqlitedb.RecordLoginFailureParams{Email: email, At: at}); err != nil {
		return fmt.Errorf("sqlite: record login failure: %w", err)
	}
	return nil
}

// CountLoginFailures counts failures for email at or after since.
func (s *sqliteStore) CountLoginFailures(ctx context.Context, email string, since time.Time) (int, error) {
	n, err := s.r.CountLoginFailures(ctx, sqlitedb.CountLoginFailuresParams{Email: email, Since: since})
	if err != nil {
		return 0, fmt.Errorf("sqlite: count login failures: %w", err)
	}
	return int(n), nil
}

// ClearLoginFailures forgets every failure for email.
func (s *sqliteStore) ClearLoginFailures(ctx context.Context, email string) error {
	if err := s.w.ClearLoginFailures(ctx, email); err != nil {
		return fmt.Errorf("sqlite: clear login failures: %w", err)
	}
	return nil
}

// Reap deletes, in one transaction, every row that expired before now and
// the login failures older than now minus lockoutWindow.
func (s *sqliteStore) Reap(ctx context.Context, now time.Time, lockoutWindow time.Duration) (ReapCounts, error) {
	var c ReapCounts
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
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
		return ReapCounts{}, fmt.Errorf("sqlite: reap: %w", err)
	}
	return c, nil
}
