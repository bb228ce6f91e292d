package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// Details of the bearer checks, in the order the reference applies them.
const (
	detailAuthRequired   = "Authentication required."
	detailTokenRevoked   = "Token has been revoked."
	detailUserInactive   = "User no longer active."
	detailSessionExpired = "Session was invalidated; please sign in again."
	detailAdminRequired  = "Administrator privileges required."
)

// session is an authenticated request's user and token.
type session struct {
	user   *User
	claims TokenClaims
}

// authenticate runs every check of a bearer request: a well-formed
// Authorization header, a valid session token, not revoked, an active user,
// and issued after the user's bulk-revocation cutoff. The revocation list
// and the user are read in one database round trip.
func (rs *RegStack) authenticate(r *http.Request) (session, error) {
	authz := r.Header.Get("Authorization")
	if authz == "" && rs.cookieMode() {
		var err error
		if authz, err = rs.cookieAuthorization(r); err != nil {
			return session{}, err
		}
	}
	scheme, token, ok := strings.Cut(authz, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "bearer") || token == "" {
		return session{}, errDetail(http.StatusUnauthorized, detailAuthRequired).withHeader("WWW-Authenticate", "Bearer")
	}
	claims, err := rs.tokens.Decode(token, PurposeSession)
	if err != nil {
		return session{}, errDetail(http.StatusUnauthorized, "Invalid token: "+tokenReason(err)).withHeader("WWW-Authenticate", "Bearer")
	}
	u, revoked, err := rs.store.SessionUser(r.Context(), claims.Subject, claims.ID)
	switch {
	case revoked:
		return session{}, errDetail(http.StatusUnauthorized, detailTokenRevoked)
	case errors.Is(err, ErrNotFound):
		return session{}, errDetail(http.StatusUnauthorized, detailUserInactive)
	case err != nil:
		return session{}, err
	case !u.IsActive:
		return session{}, errDetail(http.StatusUnauthorized, detailUserInactive)
	case u.TokensInvalidatedAfter != nil && !claims.IssuedAt.After(*u.TokensInvalidatedAfter):
		// <= on purpose: a token issued at the cutoff instant is revoked.
		return session{}, errDetail(http.StatusUnauthorized, detailSessionExpired)
	}
	return session{user: u, claims: claims}, nil
}

// userGone answers a request whose user was deleted while it ran (a store
// write found no user, ErrNotFound) as the bearer check answers once the
// user is gone: 401 "User no longer active.". Other errors pass through.
func userGone(err error) error {
	if errors.Is(err, ErrNotFound) {
		return errDetail(http.StatusUnauthorized, detailUserInactive)
	}
	return err
}

// tokenReason is the short reason after "Invalid token: ", in PyJWT's
// words as the reference shows it.
func tokenReason(err error) string {
	var te *TokenError
	if errors.As(err, &te) {
		return te.Reason
	}
	return "Invalid token"
}

// sessionHandler is an API endpoint that needs a signed-in user.
type sessionHandler func(w http.ResponseWriter, r *http.Request, s session) error

// bearer authenticates before running h, so a missing or bad token wins
// over a bad body, as in the reference.
func (rs *RegStack) bearer(h sessionHandler) http.Handler {
	return rs.api(func(w http.ResponseWriter, r *http.Request) error {
		s, err := rs.authenticate(r)
		if err != nil {
			return err
		}
		return h(w, r, s)
	})
}

// RequireUser lets a request through only with a valid session; others get
// 401 with a JSON detail. Inside next, User(r.Context()) returns the user.
func (rs *RegStack) RequireUser(next http.Handler) http.Handler {
	return rs.api(func(w http.ResponseWriter, r *http.Request) error {
		s, err := rs.authenticate(r)
		if err != nil {
			return err
		}
		next.ServeHTTP(w, r.WithContext(rs.withUser(r.Context(), s.user)))
		return nil
	})
}

// RequireAdmin is RequireUser for superusers; a signed-in user who is not
// one gets 403.
func (rs *RegStack) RequireAdmin(next http.Handler) http.Handler {
	return rs.api(func(w http.ResponseWriter, r *http.Request) error {
		s, err := rs.authenticate(r)
		if err != nil {
			return err
		}
		if !s.user.IsSuperuser {
			return errDetail(http.StatusForbidden, detailAdminRequired)
		}
		next.ServeHTTP(w, r.WithContext(rs.withUser(r.Context(), s.user)))
		return nil
	})
}

// OptionalUser never rejects: with a valid session, User(r.Context())
// returns the user inside next; otherwise it reports false.
func (rs *RegStack) OptionalUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s, err := rs.authenticate(r); err == nil {
			r = r.WithContext(rs.withUser(r.Context(), s.user))
		}
		next.ServeHTTP(w, r)
	})
}

// User returns the signed-in user that this instance's RequireUser,
// RequireAdmin or OptionalUser put in ctx. The key belongs to the instance,
// so another RegStack's user is never seen here.
func (rs *RegStack) User(ctx context.Context) (*User, bool) {
	u, ok := ctx.Value(rs.userKey).(*User)
	return u, ok && u != nil
}

func (rs *RegStack) withUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, rs.userKey, u)
}
