package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// startVerification stores (or replaces) the pending registration for email
// with a fresh token, emails the link and fires VerificationRequested. Only
// the token's SHA-256 digest is stored; the raw token exists only in the
// email.
func (rs *RegStack) startVerification(ctx context.Context, email, hash string, fullName *string) (*PendingRegistration, error) {
	raw, err := newOpaqueToken()
	if err != nil {
		return nil, err
	}
	id, err := newUUIDHex()
	if err != nil {
		return nil, err
	}
	now := rs.clock.Now()
	p := &PendingRegistration{
		ID: id, Email: email, HashedPassword: hash, FullName: fullName,
		TokenHash: hashOpaqueToken(raw), CreatedAt: now,
		ExpiresAt: now.Add(ttl(rs.cfg.VerificationTokenTTLSeconds)),
	}
	if err := rs.store.UpsertPending(ctx, p); err != nil {
		return nil, fmt.Errorf("storing pending registration: %w", err)
	}
	link := rs.link("/verify", raw)
	msg, err := rs.mailer.verification(email, deref(fullName), link)
	if err != nil {
		return nil, err
	}
	if err := rs.queueEmail(ctx, msg); err != nil {
		return nil, fmt.Errorf("sending verification email: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.verificationRequested, VerificationRequested{Email: email, URL: link})
	return p, nil
}

// link builds an emailed link to a page of the account UI:
// <base_url><ui_prefix><page>?token=<token>. (The reference pointed its
// links at paths no page served; see docs/compatibility.md.)
func (rs *RegStack) link(page, token string) string {
	return strings.TrimRight(rs.cfg.BaseURL, "/") + strings.TrimRight(rs.cfg.UIPrefix, "/") + page +
		"?token=" + url.QueryEscape(token)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// handleVerify is POST /verify: it consumes the pending registration whose
// token matches — atomically, so a token works exactly once however many
// requests race — and creates the verified user, or verifies the existing
// one an administrator re-sent the link for.
func (rs *RegStack) handleVerify(w http.ResponseWriter, r *http.Request) error {
	var token string
	if err := decodeBody(r, rs.maxBody(), stringField("token", &token, true, 0, 0)); err != nil {
		return err
	}
	ctx := r.Context()
	p, err := rs.store.TakePending(ctx, hashOpaqueToken(token))
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusBadRequest, "Verification token is invalid or has expired.")
	} else if err != nil {
		return fmt.Errorf("taking pending registration: %w", err)
	}
	if !rs.clock.Now().Before(p.ExpiresAt) {
		return errDetail(http.StatusBadRequest, "Verification token has expired. Request a new one.")
	}
	u, err := rs.completeVerification(ctx, p)
	if err != nil {
		return err
	}
	fire(ctx, rs.hooks, &rs.hooks.userVerified, UserVerified{User: *u})
	writeJSON(w, http.StatusOK, publicUser(u))
	return nil
}

// completeVerification creates the verified account p describes. When an
// account with the address exists already (the reference answered 500):
//
//   - if it is unverified and p was issued for it — an administrator's
//     resend copies the account's password hash into p, and a registration
//     never could, since its hash has a fresh salt — it is marked verified:
//     the token proves control of the address;
//   - otherwise (already verified, or created by someone else after p was
//     issued) the answer is 409, so a registration link never vouches for
//     an account its sender does not own.
//
// The hashes compared both come from the database, never from the client,
// so the comparison need not be constant-time.
func (rs *RegStack) completeVerification(ctx context.Context, p *PendingRegistration) (*User, error) {
	u, err := rs.newUser(p.Email, p.HashedPassword, p.FullName)
	if err != nil {
		return nil, err
	}
	u.IsVerified = true
	// Two rounds: the existing account may be deleted between the insert
	// failing and the read, and then the insert is worth one more try.
	for attempt := 0; attempt < 2; attempt++ {
		err := rs.store.CreateUser(ctx, u)
		if err == nil {
			return u, nil
		}
		if !errors.Is(err, ErrDuplicateEmail) {
			return nil, fmt.Errorf("creating user: %w", err)
		}
		existing, err := rs.store.UserByEmail(ctx, p.Email)
		if errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("loading existing user: %w", err)
		}
		if existing.IsVerified || existing.HashedPassword != p.HashedPassword {
			return nil, errDetail(http.StatusConflict, detailEmailTaken)
		}
		now := rs.clock.Now()
		if err := rs.store.SetVerified(ctx, existing.ID, now); errors.Is(err, ErrNotFound) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("marking user verified: %w", err)
		}
		existing.IsVerified, existing.UpdatedAt = true, now
		return existing, nil
	}
	return nil, errDetail(http.StatusConflict, detailEmailTaken)
}

// handleResendVerification is POST /resend-verification. It always answers
// 202 with the same text, so it does not reveal whether the address has a
// pending registration or an account.
func (rs *RegStack) handleResendVerification(w http.ResponseWriter, r *http.Request) error {
	var email string
	if err := decodeBody(r, rs.maxBody(), emailField("email", &email)); err != nil {
		return err
	}
	ctx := r.Context()
	_, userErr := rs.store.UserByEmail(ctx, email)
	if userErr != nil && !errors.Is(userErr, ErrNotFound) {
		return userErr
	}
	if errors.Is(userErr, ErrNotFound) {
		p, err := rs.store.PendingByEmail(ctx, email)
		switch {
		case err == nil:
			if _, err := rs.startVerification(ctx, email, p.HashedPassword, p.FullName); err != nil {
				return err
			}
		case !errors.Is(err, ErrNotFound):
			return err
		}
	}
	writeMessage(w, http.StatusAccepted, "If a pending registration exists, a new email has been sent.")
	return nil
}
