package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// spendOneOffToken returns the account a password-reset or email-change
// token was issued for, after spending the token. The checks run cheapest
// first and the spend comes last, before the caller acts:
//
//   - a token whose id is on the revocation list was used: invalid;
//   - a missing or disabled account: noAccount;
//   - a token issued at or before the account's bulk-revocation cutoff is
//     void: a password change or reset, an email change or an
//     administrator's disable moved the cutoff since, and so does the use
//     of any newer one-off token, since every such use changes the password
//     or the address;
//   - the token id is then put on the revocation list, and only the one
//     caller whose insert added it goes on: of any number of concurrent
//     uses of one link exactly one acts (the database's unique jti settles
//     it).
//
// The token stays spent even if the caller's action then fails; the user
// asks for a new link. Errors that answer the client are *apiError.
func (rs *RegStack) spendOneOffToken(ctx context.Context, c TokenClaims, invalid, noAccount string) (*User, error) {
	u, used, err := rs.store.SessionUser(ctx, c.Subject, c.ID)
	switch {
	case used:
		return nil, errDetail(http.StatusBadRequest, invalid)
	case errors.Is(err, ErrNotFound), err == nil && !u.IsActive:
		return nil, errDetail(http.StatusBadRequest, noAccount)
	case err != nil:
		return nil, err
	case !u.issuedAfterCutoff(c.IssuedAt):
		return nil, errDetail(http.StatusBadRequest, invalid)
	}
	added, err := rs.store.RevokeToken(ctx, c.ID, c.ExpiresAt)
	if err != nil {
		return nil, fmt.Errorf("spending one-off token: %w", err)
	}
	if !added {
		return nil, errDetail(http.StatusBadRequest, invalid)
	}
	return u, nil
}

// issuedAfterCutoff reports whether a token issued at iat survives the
// account's bulk revocation: true unless the cutoff is at or after iat.
func (u *User) issuedAfterCutoff(iat time.Time) bool {
	return u.TokensInvalidatedAfter == nil || iat.After(*u.TokensInvalidatedAfter)
}
