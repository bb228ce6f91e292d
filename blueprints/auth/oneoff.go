package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// oneOffUse is a spent one-off token: the account it acts on, and the
// claim spendOneOffToken took on that account's current cutoff.
type oneOffUse struct {
	user  *User
	claim string
}

// spendOneOffToken returns the account a password-reset or email-change
// token was issued for, after spending the token. The checks run cheapest
// first and the writes come last, before the caller acts:
//
//   - a token whose id is on the revocation list was used: invalid;
//   - a missing or disabled account: noAccount;
//   - a token issued at or before the account's bulk-revocation cutoff is
//     void: a password change or reset, an email change or an
//     administrator's disable moved the cutoff since — and so does the use
//     of any other one-off token, since each changes the password or the
//     address;
//   - the token id is put on the revocation list, and only the one caller
//     whose insert added it goes on: of any number of concurrent uses of
//     one link exactly one acts;
//   - a claim on the account's current cutoff is put there too, so that of
//     two different links used at once (two email-change links, or a reset
//     and an email change) only one acts: the other read the same cutoff
//     and its claim finds the entry taken. The winner's action moves the
//     cutoff, which voids the other link for good.
//
// The database's unique jti settles both races. The token stays spent even
// if the caller's action then fails (the user asks for a new link), but
// the caller gives the claim back with releaseOneOff, so the failure does
// not block the account's other links. Errors that answer the client are
// *apiError.
func (rs *RegStack) spendOneOffToken(ctx context.Context, c TokenClaims, invalid, noAccount string) (oneOffUse, error) {
	u, used, err := rs.store.SessionUser(ctx, c.Subject, c.ID)
	switch {
	case used:
		return oneOffUse{}, errDetail(http.StatusBadRequest, invalid)
	case errors.Is(err, ErrNotFound), err == nil && !u.IsActive:
		return oneOffUse{}, errDetail(http.StatusBadRequest, noAccount)
	case err != nil:
		return oneOffUse{}, err
	case !u.issuedAfterCutoff(c.IssuedAt):
		return oneOffUse{}, errDetail(http.StatusBadRequest, invalid)
	}
	added, err := rs.store.RevokeToken(ctx, c.ID, c.ExpiresAt)
	if err != nil {
		return oneOffUse{}, fmt.Errorf("spending one-off token: %w", err)
	}
	if !added {
		return oneOffUse{}, errDetail(http.StatusBadRequest, invalid)
	}
	use := oneOffUse{user: u, claim: cutoffClaim(u)}
	added, err = rs.store.RevokeToken(ctx, use.claim, c.ExpiresAt)
	if err != nil {
		return oneOffUse{}, fmt.Errorf("claiming the account's cutoff: %w", err)
	}
	if !added {
		return oneOffUse{}, errDetail(http.StatusBadRequest, invalid)
	}
	return use, nil
}

// releaseOneOff gives back the cutoff claim of a one-off token whose
// action did not happen. A failure is logged: the claim then only blocks
// the account's other links until one of them changes nothing but the
// claim expires with the token.
func (rs *RegStack) releaseOneOff(ctx context.Context, use oneOffUse) {
	if err := rs.store.DeleteRevocation(ctx, use.claim); err != nil {
		rs.logger.ErrorContext(ctx, "auth: giving back a one-off token's claim", "error", err)
	}
}

// cutoffClaim names the revocation-list entry that claims u's current
// cutoff: a digest of the account id and the cutoff, short enough for the
// jti column (64 characters).
func cutoffClaim(u *User) string {
	cutoff := "never"
	if u.TokensInvalidatedAfter != nil {
		cutoff = u.TokensInvalidatedAfter.UTC().Format(time.RFC3339Nano)
	}
	sum := sha256.Sum256([]byte(u.ID + "\x00" + cutoff))
	return "cutoff-" + base64.RawURLEncoding.EncodeToString(sum[:])
}

// issuedAfterCutoff reports whether a token issued at iat survives the
// account's bulk revocation: true unless the cutoff is at or after iat.
func (u *User) issuedAfterCutoff(iat time.Time) bool {
	return u.TokensInvalidatedAfter == nil || iat.After(*u.TokensInvalidatedAfter)
}
