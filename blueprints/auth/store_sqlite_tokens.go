//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// UpsertPending replaces any pending registration for p.Email with p and
// decides p.Contested against the row it replaces (see
// Store.UpsertPending). The transaction starts with the delete, which takes
// SQLite's write lock, so the row it returns is the one replaced and no
// other writer can slip in before the insert.
func (s *sqliteStore) UpsertPending(ctx context.Context, p *PendingRegistration, seenTokenHash string) error {
	contested := p.Contested
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
		old, err := q.TakePendingByEmail(ctx, p.Email)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case old.ExpiresAt.After(p.CreatedAt) && old.TokenHash != seenTokenHash:
			contested = true
		}
		return q.InsertPending(ctx, sqlitedb.InsertPendingParams{
			ID:             p.ID,
			Email:          p.Email,
			HashedPassword: p.HashedPassword,
			FullName:       p.FullName,
			TokenHash:      p.TokenHash,
			CreatedAt:      p.CreatedAt,
			ExpiresAt:      p.ExpiresAt,
			Contested:      contested,
		})
	})
	if err != nil {
		return fmt.Errorf("sqlite: upsert pending registration: %w", err)
	}
	p.Contested = contested
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

// RevokeToken puts jti on the revocation list and reports whether this
// call added it; jti_unique makes a second call a no-op.
func (s *sqliteStore) RevokeToken(ctx context.Context, jti string, exp time.Time) (bool, error) {
	n, err := s.w.RevokeToken(ctx, sqlitedb.RevokeTokenParams{JTI: jti, Exp: exp})
	if err != nil {
		return false, fmt.Errorf("sqlite: revoke token: %w", err)
	}
	return n == 1, nil
}

// DeleteRevocation removes jti from the revocation list.
func (s *sqliteStore) DeleteRevocation(ctx context.Context, jti string) error {
	if err := s.w.DeleteRevocation(ctx, jti); err != nil {
		return fmt.Errorf("sqlite: delete revocation: %w", err)
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
