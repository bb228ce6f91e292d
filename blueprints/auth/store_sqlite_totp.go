//regstack:feature backend=sqlite totp

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// sqliteStore keeps authenticator-app secrets too.
var _ TOTPStore = (*sqliteStore)(nil)

// PutPendingTOTP upserts the unconfirmed secret in one statement.
func (s *sqliteStore) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) (bool, error) {
	n, err := s.w.PutPendingTOTP(ctx, sqlitedb.PutPendingTOTPParams{UserID: userID, Secret: sealed, CreatedAt: now})
	if err != nil {
		return false, fmt.Errorf("sqlite: put pending totp: %w", err)
	}
	return n == 1, nil
}

// TOTPCredential reads the user's secret.
func (s *sqliteStore) TOTPCredential(ctx context.Context, userID string) (TOTPCredential, error) {
	r, err := s.r.TOTPCredential(ctx, userID)
	if err != nil {
		if errors.Is(sqliteNotFound(err), ErrNotFound) {
			return TOTPCredential{}, ErrNotFound
		}
		return TOTPCredential{}, fmt.Errorf("sqlite: totp credential: %w", err)
	}
	return TOTPCredential{Sealed: r.Secret, Confirmed: r.ConfirmedAt != nil, LastStep: r.LastStep}, nil
}

// ConfirmTOTP confirms with one conditional UPDATE.
func (s *sqliteStore) ConfirmTOTP(ctx context.Context, userID string, step int64, now time.Time) (bool, error) {
	n, err := s.w.ConfirmTOTP(ctx, sqlitedb.ConfirmTOTPParams{UserID: userID, Step: step, Now: &now})
	if err != nil {
		return false, fmt.Errorf("sqlite: confirm totp: %w", err)
	}
	return n == 1, nil
}

// UseTOTPStep advances last_step with one conditional UPDATE.
func (s *sqliteStore) UseTOTPStep(ctx context.Context, userID string, step int64, _ time.Time) (bool, error) {
	n, err := s.w.UseTOTPStep(ctx, sqlitedb.UseTOTPStepParams{UserID: userID, Step: step})
	if err != nil {
		return false, fmt.Errorf("sqlite: use totp step: %w", err)
	}
	return n == 1, nil
}

// DeleteTOTP deletes the secret and the recovery codes in one transaction.
func (s *sqliteStore) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	var n int64
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
		var err error
		if n, err = q.DeleteTOTP(ctx, userID); err != nil {
			return err
		}
		return q.DeleteRecoveryCodes(ctx, userID)
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: delete totp: %w", err)
	}
	return n == 1, nil
}

// ReplaceRecoveryCodes swaps the set in one transaction.
func (s *sqliteStore) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, now time.Time) error {
	err := s.inTx(ctx, func(q *sqlitedb.Queries) error {
		if err := q.DeleteRecoveryCodes(ctx, userID); err != nil {
			return err
		}
		for _, h := range hashes {
			if err := q.InsertRecoveryCode(ctx, sqlitedb.InsertRecoveryCodeParams{UserID: userID, CodeHash: h, CreatedAt: now}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: replace recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode deletes the code; the affected row count decides.
func (s *sqliteStore) UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error) {
	n, err := s.w.UseRecoveryCode(ctx, sqlitedb.UseRecoveryCodeParams{UserID: userID, CodeHash: hash})
	if err != nil {
		return false, fmt.Errorf("sqlite: use recovery code: %w", err)
	}
	return n == 1, nil
}

// CountRecoveryCodes counts the unused codes.
func (s *sqliteStore) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	n, err := s.r.CountRecoveryCodes(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("sqlite: count recovery codes: %w", err)
	}
	return int(n), nil
}
