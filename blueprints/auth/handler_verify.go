package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// signUp is a pending registration about to be stored: the address, the
// password hash and name it will create the account with, and the verdict
// Store.UpsertPending needs about the registration it replaces.
type signUp struct {
	email    string
	hash     string
	fullName *string
	// contested is the caller's verdict on the registration it read for
	// the address, whose token hash is seenTokenHash ("" for none).
	contested     bool
	seenTokenHash string
}

// startVerification stores (or replaces) the pending registration for
// s.email with a fresh token, emails the link and fires
// VerificationRequested. Only the token's SHA-256 digest is stored; the raw
// token exists only in the email.
func (rs *RegStack) startVerification(ctx context.Context, s signUp) (*PendingRegistration, error) {
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
		ID: id, Email: s.email, HashedPassword: s.hash, FullName: s.fullName,
		TokenHash: hashOpaqueToken(raw), CreatedAt: now,
		ExpiresAt: now.Add(ttl(rs.cfg.VerificationTokenTTLSeconds)),
		Contested: s.contested,
	}
	if err := rs.store.UpsertPending(ctx, p, s.seenTokenHash); err != nil {
		return nil, fmt.Errorf("storing pending registration: %w", err)
	}
	link := rs.link("/verify", raw)
	msg, err := rs.mailer.verification(s.email, deref(s.fullName), link)
	if err != nil {
		return nil, err
	}
	if err := rs.queueEmail(ctx, msg); err != nil {
		return nil, fmt.Errorf("sending verification email: %w", err)
	}
	fire(ctx, rs.hooks, &rs.hooks.verificationRequested, VerificationRequested{Email: s.email, URL: link})
	return p, nil
}

// resendSignUp is the sign-up that re-sends p's link: the same hash, name
// and verdict, reached against p itself.
func resendSignUp(p *PendingRegistration) signUp {
	return signUp{
		email: p.Email, hash: p.HashedPassword, fullName: p.FullName,
		contested: p.Contested, seenTokenHash: p.TokenHash,
	}
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

const detailVerifyInvalid = "Verification token is invalid or has expired."

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
		return errDetail(http.StatusBadRequest, detailVerifyInvalid)
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
	//regstack:if password_reset
	if p.Contested && !u.HasPassword() {
		if err := rs.sendResetLink(ctx, u); err != nil {
			return err
		}
	}
	//regstack:end
	writeJSON(w, http.StatusOK, publicUser(u))
	return nil
}

// completeVerification creates the verified account p describes — without
// a password when p is contested, since nobody can tell whose password it
// holds (the caller then mails a link to set one). When an account with the
// address exists already (the reference answered 500):
//
//   - if it is unverified and p was issued for it — an administrator's
//     resend copies the account's password hash into p, and a registration
//     never could, since its hash has a fresh salt — it is marked verified:
//     the token proves control of the address;
//   - otherwise (already verified, or created by someone else after p was
//     issued) the answer is 409, so a registration link never vouches for
//     an account its sender does not own;
//   - a link issued before the account's tokens were last invalidated (a
//     password change or reset since) is refused like any spent one-off
//     token.
//
// The hashes compared both come from the database, never from the client,
// so the comparison need not be constant-time.
func (rs *RegStack) completeVerification(ctx context.Context, p *PendingRegistration) (*User, error) {
	hash := p.HashedPassword
	if p.Contested {
		if err := rs.contestedVerificationAllowed(); err != nil {
			return nil, err
		}
		hash = ""
	}
	u, err := rs.newUser(p.Email, hash, p.FullName)
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
		if !existing.issuedAfterCutoff(p.CreatedAt) {
			return nil, errDetail(http.StatusBadRequest, detailVerifyInvalid)
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

// detailContestedNoReset answers the verification of a contested
// registration when no reset link can give the account a password.
const detailContestedNoReset = "This address was registered more than once with different passwords, so the registration cannot be completed. Register again."

// contestedVerificationAllowed reports whether a contested registration
// may be verified: it creates an account without a password, which only a
// password-reset link can then give one.
func (rs *RegStack) contestedVerificationAllowed() error {
	//regstack:if password_reset
	if rs.cfg.EnablePasswordReset {
		return nil
	}
	//regstack:end
	return errDetail(http.StatusConflict, detailContestedNoReset)
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
			if _, err := rs.startVerification(ctx, resendSignUp(p)); err != nil {
				return err
			}
		case !errors.Is(err, ErrNotFound):
			return err
		}
	}
	writeMessage(w, http.StatusAccepted, "If a pending registration exists, a new email has been sent.")
	return nil
}
