//regstack:feature backend=postgres oauth

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresStore keeps OAuth states and identities too.
var _ OAuthStore = (*postgresStore)(nil)

// CreateOAuthState inserts st.
func (s *postgresStore) CreateOAuthState(ctx context.Context, st *OAuthState) error {
	err := s.q.CreateOAuthState(ctx, pgdb.CreateOAuthStateParams{
		ID: st.ID, Provider: st.Provider, CodeVerifier: st.CodeVerifier, Nonce: st.Nonce,
		RedirectTo: st.RedirectTo, Mode: st.Mode, LinkingUserID: postgresNullIfEmpty(st.LinkingUserID),
		CreatedAt: st.CreatedAt, ExpiresAt: st.ExpiresAt, ResultToken: postgresNullIfEmpty(st.ResultToken),
	})
	if err != nil {
		return fmt.Errorf("postgres: create oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState deletes and returns the state with one DELETE … RETURNING.
func (s *postgresStore) TakeOAuthState(ctx context.Context, id string, completed bool) (*OAuthState, error) {
	take := s.q.TakeStartedOAuthState
	if completed {
		take = s.q.TakeCompletedOAuthState
	}
	r, err := take(ctx, id)
	if err != nil {
		return nil, postgresErr("take oauth state", err)
	}
	return &OAuthState{
		ID: r.ID, Provider: r.Provider, CodeVerifier: r.CodeVerifier, Nonce: r.Nonce, RedirectTo: r.RedirectTo,
		Mode: r.Mode, LinkingUserID: postgresDeref(r.LinkingUserID), CreatedAt: r.CreatedAt.UTC(),
		ExpiresAt: r.ExpiresAt.UTC(), ResultToken: postgresDeref(r.ResultToken),
	}, nil
}

// postgresUniqueViolated reports whether a unique constraint refused err's
// write.
func postgresUniqueViolated(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == postgresUniqueViolation
}

func oauthIdentityFromPostgres(r pgdb.OAuthIdentity) OAuthIdentity {
	return OAuthIdentity{
		ID: r.ID, UserID: r.UserID, Provider: r.Provider, SubjectID: r.SubjectID, Email: postgresDeref(r.Email),
		LinkedAt: r.LinkedAt.UTC(), LastUsedAt: postgresUTCPtr(r.LastUsedAt),
	}
}

// OAuthIdentity returns the identity of (provider, subject).
func (s *postgresStore) OAuthIdentity(ctx context.Context, provider, subject string) (*OAuthIdentity, error) {
	r, err := s.q.OAuthIdentityBySubject(ctx, pgdb.OAuthIdentityBySubjectParams{Provider: provider, SubjectID: subject})
	if err != nil {
		return nil, postgresErr("oauth identity", err)
	}
	id := oauthIdentityFromPostgres(r)
	return &id, nil
}

// CreateOAuthIdentity inserts id under a new id; the unique constraints refuse a taken
// provider account or a second identity of one provider.
func (s *postgresStore) CreateOAuthIdentity(ctx context.Context, id *OAuthIdentity) error {
	newID, err := newUUIDHex()
	if err != nil {
		return err
	}
	id.ID = newID
	err = s.q.CreateOAuthIdentity(ctx, pgdb.CreateOAuthIdentityParams{
		ID: id.ID, UserID: id.UserID, Provider: id.Provider, SubjectID: id.SubjectID,
		Email: postgresNullIfEmpty(id.Email), LinkedAt: id.LinkedAt, LastUsedAt: id.LastUsedAt,
	})
	switch {
	case postgresUniqueViolated(err):
		return ErrIdentityTaken
	case err != nil:
		return fmt.Errorf("postgres: create oauth identity: %w", err)
	}
	return nil
}

// OAuthIdentities lists the user's identities, oldest link first.
func (s *postgresStore) OAuthIdentities(ctx context.Context, userID string) ([]OAuthIdentity, error) {
	rows, err := s.q.OAuthIdentitiesByUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("postgres: oauth identities: %w", err)
	}
	out := make([]OAuthIdentity, len(rows))
	for i, r := range rows {
		out[i] = oauthIdentityFromPostgres(r)
	}
	return out, nil
}

// TouchOAuthIdentity sets last_used_at.
func (s *postgresStore) TouchOAuthIdentity(ctx context.Context, provider, subject string, at time.Time) error {
	err := s.q.TouchOAuthIdentity(ctx, pgdb.TouchOAuthIdentityParams{LastUsedAt: &at, Provider: provider, SubjectID: subject})
	if err != nil {
		return fmt.Errorf("postgres: touch oauth identity: %w", err)
	}
	return nil
}

// DeleteOAuthIdentity unlinks with one DELETE. With keepOne the DELETE
// counts the user's identities itself, in a transaction that first locks
// them: a concurrent unlink waits for this one and then counts what it
// left, so two unlinks cannot remove the last two identities.
func (s *postgresStore) DeleteOAuthIdentity(ctx context.Context, userID, provider string, keepOne bool) (bool, error) {
	var n int64
	var err error
	if keepOne {
		err = s.inQueriesTx(ctx, func(q *pgdb.Queries) error {
			if err := q.LockOAuthIdentities(ctx, userID); err != nil {
				return err
			}
			n, err = q.DeleteOAuthIdentityKeepOne(ctx, pgdb.DeleteOAuthIdentityKeepOneParams{UserID: userID, Provider: provider})
			return err
		})
	} else {
		n, err = s.q.DeleteOAuthIdentity(ctx, pgdb.DeleteOAuthIdentityParams{UserID: userID, Provider: provider})
	}
	if err != nil {
		return false, fmt.Errorf("postgres: delete oauth identity: %w", err)
	}
	if n == 1 || !keepOne {
		return n == 1, nil
	}
	ids, err := s.OAuthIdentities(ctx, userID)
	if err != nil {
		return false, err
	}
	return false, notDeletedReason(ids, provider)
}
