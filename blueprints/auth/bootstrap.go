package auth

import (
	"context"
	"errors"
	"fmt"
)

// BootstrapAdmin makes sure a verified superuser with this email exists: it
// creates one with the password, or promotes an existing account without
// touching its password. Calling it again is harmless, so a host can run it
// at every start-up.
func (rs *RegStack) BootstrapAdmin(ctx context.Context, email, password string) error {
	_, _, err := rs.bootstrapAdmin(ctx, email, password)
	return err
}

// bootstrapAdmin is BootstrapAdmin, also reporting the user and whether it
// was created (false: it existed and was promoted or already an admin).
func (rs *RegStack) bootstrapAdmin(ctx context.Context, email, password string) (*User, bool, error) {
	addr, err := normalizeEmail(email)
	if err != nil {
		return nil, false, fmt.Errorf("auth: BootstrapAdmin: invalid email: %w", err)
	}
	for attempt := 0; attempt < 2; attempt++ {
		u, err := rs.store.UserByEmail(ctx, addr)
		if err == nil {
			if !u.IsSuperuser {
				if err := rs.store.SetSuperuser(ctx, u.ID, rs.clock.Now()); err != nil {
					return nil, false, fmt.Errorf("auth: BootstrapAdmin: %w", err)
				}
				u.IsSuperuser = true
			}
			return u, false, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return nil, false, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		if err := CheckPasswordLength(password); err != nil {
			return nil, false, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		hash, err := rs.hasher.Hash(ctx, password)
		if err != nil {
			return nil, false, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		u, err = rs.newUser(addr, hash, nil)
		if err != nil {
			return nil, false, err
		}
		u.IsVerified, u.IsSuperuser = true, true
		err = rs.store.CreateUser(ctx, u)
		if err == nil {
			return u, true, nil
		}
		if !errors.Is(err, ErrDuplicateEmail) {
			return nil, false, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		// Another process created the account meanwhile: promote it.
	}
	return nil, false, fmt.Errorf("auth: BootstrapAdmin: %s keeps changing; try again", addr)
}
