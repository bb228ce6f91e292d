//regstack:feature backend=sqlite sms_2fa

package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// sqliteStore keeps second-factor codes too.
var _ MFAStore = (*sqliteStore)(nil)

// PutMFACode stores c, replacing the user's code of the same kind.
func (s *sqliteStore) PutMFACode(ctx context.Context, c *MFACode) error {
	err := s.w.PutMFACode(ctx, sqlitedb.PutMFACodeParams{
		UserID: c.UserID, Kind: c.Kind, CodeHash: c.CodeHash,
		ExpiresAt: c.ExpiresAt, MaxAttempts: int64(c.MaxAttempts), CreatedAt: c.CreatedAt,
	})
	if err != nil {
		return fmt.Errorf("sqlite: put mfa code: %w", err)
	}
	return nil
}

// ClaimMFAAttempt counts an attempt with one conditional UPDATE.
func (s *sqliteStore) ClaimMFAAttempt(ctx context.Context, userID, kind string) (MFAAttempt, error) {
	r, err := s.w.ClaimMFAAttempt(ctx, sqlitedb.ClaimMFAAttemptParams{UserID: userID, Kind: kind})
	if err == nil {
		return MFAAttempt{ID: strconv.FormatInt(r.ID, 10), CodeHash: r.CodeHash, ExpiresAt: r.ExpiresAt.UTC(),
			Number: int(r.Attempts), Max: int(r.MaxAttempts)}, nil
	}
	if !errors.Is(sqliteNotFound(err), ErrNotFound) {
		return MFAAttempt{}, fmt.Errorf("sqlite: claim mfa attempt: %w", err)
	}
	found, err := s.w.MFACodeExists(ctx, sqlitedb.MFACodeExistsParams{UserID: userID, Kind: kind})
	if err != nil {
		return MFAAttempt{}, fmt.Errorf("sqlite: claim mfa attempt: %w", err)
	}
	if !found {
		return MFAAttempt{}, ErrNotFound
	}
	return MFAAttempt{}, nil
}

// DeleteMFACode deletes the claimed code while it still has the claimed hash.
func (s *sqliteStore) DeleteMFACode(ctx context.Context, a MFAAttempt) (bool, error) {
	id, err := strconv.ParseInt(a.ID, 10, 64)
	if err != nil {
		return false, nil
	}
	n, err := s.w.DeleteMFACode(ctx, sqlitedb.DeleteMFACodeParams{ID: id, CodeHash: a.CodeHash})
	if err != nil {
		return false, fmt.Errorf("sqlite: delete mfa code: %w", err)
	}
	return n == 1, nil
}

// DeleteMFACodes deletes every code of the user.
func (s *sqliteStore) DeleteMFACodes(ctx context.Context, userID string) error {
	if err := s.w.DeleteMFACodesByUser(ctx, userID); err != nil {
		return fmt.Errorf("sqlite: delete mfa codes: %w", err)
	}
	return nil
}

// SetPhone turns the second factor on with phone, or off.
func (s *sqliteStore) SetPhone(ctx context.Context, id string, phone *string, now time.Time) (*User, error) {
	r, err := s.w.SetPhone(ctx, sqlitedb.SetPhoneParams{ID: id, PhoneNumber: phone, IsMFAEnabled: phone != nil, Now: now})
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}
