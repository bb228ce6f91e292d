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
	_, _, err := rs.EnsureAdmin(ctx, email, password)
	return err
}

// AdminOutcome says what EnsureAdmin did.
type AdminOutcome int

const (
	// AdminCreated means a new verified superuser was created.
	AdminCreated AdminOutcome = iota + 1
	// AdminPromoted means an existing account was made a superuser; its
	// password was left alone.
	AdminPromoted
	// AdminUnchanged means the account already was a superuser.
	AdminUnchanged
)

// EnsureAdmin is BootstrapAdmin reporting the administrator's account and
// what was done to it, for tools that tell the operator (the create-admin
// command). The password is checked and used only when the account is
// created.
func (rs *RegStack) EnsureAdmin(ctx context.Context, email, password string) (*User, AdminOutcome, error) {
	addr, err := normalizeEmail(email)
	if err != nil {
		return nil, 0, fmt.Errorf("auth: BootstrapAdmin: invalid email: %w", err)
	}
	for attempt := 0; attempt < 2; attempt++ {
		u, err := rs.store.UserByEmail(ctx, addr)
		if err == nil {
			if u.IsSuperuser {
				return u, AdminUnchanged, nil
			}
			if err := rs.store.SetSuperuser(ctx, u.ID, rs.clock.Now()); err != nil {
				return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %w", err)
			}
			u.IsSuperuser = true
			return u, AdminPromoted, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		if err := CheckPasswordLength(password); err != nil {
			return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		hash, err := rs.hasher.Hash(ctx, password)
		if err != nil {
			return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		u, err = rs.newUser(addr, hash, nil)
		if err != nil {
			return nil, 0, err
		}
		u.IsVerified, u.IsSuperuser = true, true
		err = rs.store.CreateUser(ctx, u)
		if err == nil {
			return u, AdminCreated, nil
		}
		if !errors.Is(err, ErrDuplicateEmail) {
			return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %w", err)
		}
		// Another process created the account meanwhile: promote it.
	}
	return nil, 0, fmt.Errorf("auth: BootstrapAdmin: %s keeps changing; try again", addr)
}
