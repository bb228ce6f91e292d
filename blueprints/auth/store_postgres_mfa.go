//regstack:feature backend=postgres sms_2fa

package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresStore keeps second-factor codes too.
var _ MFAStore = (*postgresStore)(nil)

// PutMFACode stores c, replacing the user's code of the same kind.
func (s *postgresStore) PutMFACode(ctx context.Context, c *MFACode) error {
	err := s.q.PutMFACode(ctx, pgdb.PutMFACodeParams{
		UserID: c.UserID, Kind: c.Kind, CodeHash: c.CodeHash,
		ExpiresAt: c.ExpiresAt, MaxAttempts: int32(c.MaxAttempts), CreatedAt: c.CreatedAt,
	})
	if err != nil {
		return fmt.Errorf("postgres: put mfa code: %w", err)
	}
	return nil
}

// ClaimMFAAttempt counts an attempt with one conditional UPDATE, which
// PostgreSQL re-checks against the row it locks.
func (s *postgresStore) ClaimMFAAttempt(ctx context.Context, userID, kind string) (MFAAttempt, error) {
	r, err := s.q.ClaimMFAAttempt(ctx, pgdb.ClaimMFAAttemptParams{UserID: userID, Kind: kind})
	if err == nil {
		return MFAAttempt{ID: strconv.FormatInt(int64(r.ID), 10), CodeHash: r.CodeHash, ExpiresAt: r.ExpiresAt.UTC(),
			Number: int(r.Attempts), Max: int(r.MaxAttempts)}, nil
	}
	if !errors.Is(postgresErr("claim mfa attempt", err), ErrNotFound) {
		return MFAAttempt{}, fmt.Errorf("postgres: claim mfa attempt: %w", err)
	}
	found, err := s.q.MFACodeExists(ctx, pgdb.MFACodeExistsParams{UserID: userID, Kind: kind})
	if err != nil {
		return MFAAttempt{}, fmt.Errorf("postgres: claim mfa attempt: %w", err)
	}
	if !found {
		return MFAAttempt{}, ErrNotFound
	}
	return MFAAttempt{}, nil
}

// DeleteMFACode deletes the claimed code while it still has the claimed hash.
func (s *postgresStore) DeleteMFACode(ctx context.Context, a MFAAttempt) (bool, error) {
	id, err := strconv.ParseInt(a.ID, 10, 32)
	if err != nil {
		return false, nil
	}
	n, err := s.q.DeleteMFACode(ctx, pgdb.DeleteMFACodeParams{ID: int32(id), CodeHash: a.CodeHash})
	if err != nil {
		return false, fmt.Errorf("postgres: delete mfa code: %w", err)
	}
	return n == 1, nil
}

// DeleteMFACodes deletes every code of the user.
func (s *postgresStore) DeleteMFACodes(ctx context.Context, userID string) error {
	if err := s.q.DeleteMFACodesByUser(ctx, userID); err != nil {
		return fmt.Errorf("postgres: delete mfa codes: %w", err)
	}
	return nil
}

// SetPhone turns the second factor on with phone, or off.
func (s *postgresStore) SetPhone(ctx context.Context, id string, phone *string, now time.Time) (*User, error) {
	r, err := s.q.SetPhone(ctx, pgdb.SetPhoneParams{ID: id, PhoneNumber: phone, IsMFAEnabled: phone != nil, Now: now})
	if err != nil {
		return nil, postgresErr("set phone", err)
	}
	return userFromPostgres(r), nil
}
