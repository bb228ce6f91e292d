//regstack:feature backend=postgres totp

package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresStore keeps authenticator-app secrets too.
var _ TOTPStore = (*postgresStore)(nil)

// PutPendingTOTP upserts the unconfirmed secret in one statement.
func (s *postgresStore) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) (bool, error) {
	n, err := s.q.PutPendingTOTP(ctx, pgdb.PutPendingTOTPParams{UserID: userID, Secret: sealed, CreatedAt: now})
	if err != nil {
		return false, fmt.Errorf("postgres: put pending totp: %w", err)
	}
	return n == 1, nil
}

// TOTPCredential reads the user's secret.
func (s *postgresStore) TOTPCredential(ctx context.Context, userID string) (TOTPCredential, error) {
	r, err := s.q.TOTPCredential(ctx, userID)
	if err != nil {
		return TOTPCredential{}, postgresErr("totp credential", err)
	}
	return TOTPCredential{Sealed: r.Secret, Confirmed: r.ConfirmedAt != nil, LastStep: r.LastStep}, nil
}

// ConfirmTOTP confirms with one conditional UPDATE.
func (s *postgresStore) ConfirmTOTP(ctx context.Context, userID string, step int64, now time.Time) (bool, error) {
	n, err := s.q.ConfirmTOTP(ctx, pgdb.ConfirmTOTPParams{UserID: userID, Step: step, Now: &now})
	if err != nil {
		return false, fmt.Errorf("postgres: confirm totp: %w", err)
	}
	return n == 1, nil
}

// UseTOTPStep advances last_step with one conditional UPDATE, which
// PostgreSQL re-checks against the row it locks.
func (s *postgresStore) UseTOTPStep(ctx context.Context, userID string, step int64, _ time.Time) (bool, error) {
	n, err := s.q.UseTOTPStep(ctx, pgdb.UseTOTPStepParams{UserID: userID, Step: step})
	if err != nil {
		return false, fmt.Errorf("postgres: use totp step: %w", err)
	}
	return n == 1, nil
}

// DeleteTOTP deletes the secret and the recovery codes in one transaction.
func (s *postgresStore) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	var n int64
	err := s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
		var err error
		if n, err = q.DeleteTOTP(ctx, userID); err != nil {
			return err
		}
		return q.DeleteRecoveryCodes(ctx, userID)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: delete totp: %w", err)
	}
	return n == 1, nil
}

// ReplaceRecoveryCodes swaps the set in one transaction.
func (s *postgresStore) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, now time.Time) error {
	err := s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
		if err := q.DeleteRecoveryCodes(ctx, userID); err != nil {
			return err
		}
		for _, h := range hashes {
			if err := q.InsertRecoveryCode(ctx, pgdb.InsertRecoveryCodeParams{UserID: userID, CodeHash: h, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: replace recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode deletes the code; the affected row count decides.
func (s *postgresStore) UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error) {
	n, err := s.q.UseRecoveryCode(ctx, pgdb.UseRecoveryCodeParams{UserID: userID, CodeHash: hash})
	if err != nil {
		return false, fmt.Errorf("postgres: use recovery code: %w", err)
	}
	return n == 1, nil
}

// CountRecoveryCodes counts the unused codes.
func (s *postgresStore) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	n, err := s.q.CountRecoveryCodes(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("postgres: count recovery codes: %w", err)
	}
	return int(n), nil
}
