//regstack:feature backend=sqlite oauth

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// sqliteStore keeps OAuth states and identities too.
var _ OAuthStore = (*sqliteStore)(nil)

// CreateOAuthState inserts st.
func (s *sqliteStore) CreateOAuthState(ctx context.Context, st *OAuthState) error {
	err := s.w.CreateOAuthState(ctx, sqlitedb.CreateOAuthStateParams{
		ID: st.ID, Provider: st.Provider, CodeVerifier: st.CodeVerifier, Nonce: st.Nonce,
		RedirectTo: st.RedirectTo, Mode: st.Mode, LinkingUserID: sqliteNullIfEmpty(st.LinkingUserID),
		CreatedAt: st.CreatedAt, ExpiresAt: st.ExpiresAt, ResultToken: sqliteNullIfEmpty(st.ResultToken),
	})
	if err != nil {
		return fmt.Errorf("sqlite: create oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState deletes and returns the state with one DELETE … RETURNING.
func (s *sqliteStore) TakeOAuthState(ctx context.Context, id string, completed bool) (*OAuthState, error) {
	take := s.w.TakeStartedOAuthState
	if completed {
		take = s.w.TakeCompletedOAuthState
	}
	r, err := take(ctx, id)
	if err != nil {
		if err = sqliteNotFound(err); errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlite: take oauth state: %w", err)
	}
	return &OAuthState{
		ID: r.ID, Provider: r.Provider, CodeVerifier: r.CodeVerifier, Nonce: r.Nonce, RedirectTo: r.RedirectTo,
		Mode: r.Mode, LinkingUserID: sqliteDeref(r.LinkingUserID), CreatedAt: r.CreatedAt.UTC(),
		ExpiresAt: r.ExpiresAt.UTC(), ResultToken: sqliteDeref(r.ResultToken),
	}, nil
}

func oauthIdentityFromSQLite(r sqlitedb.OAuthIdentity) OAuthIdentity {
	return OAuthIdentity{
		ID: r.ID, UserID: r.UserID, Provider: r.Provider, SubjectID: r.SubjectID, Email: sqliteDeref(r.Email),
		LinkedAt: r.LinkedAt.UTC(), LastUsedAt: sqliteUTCPtr(r.LastUsedAt),
	}
}

// OAuthIdentity returns the identity of (provider, subject).
func (s *sqliteStore) OAuthIdentity(ctx context.Context, provider, subject string) (*OAuthIdentity, error) {
	r, err := s.r.OAuthIdentityBySubject(ctx, sqlitedb.OAuthIdentityBySubjectParams{Provider: provider, SubjectID: subject})
	if err != nil {
		if err = sqliteNotFound(err); errors.Is(err, ErrNotFound) {
			return nil, err
		}
		return nil, fmt.Errorf("sqlite: oauth identity: %w", err)
	}
	id := oauthIdentityFromSQLite(r)
	return &id, nil
}

// CreateOAuthIdentity inserts id under a new id; the unique constraints refuse a taken
// provider account or a second identity of one provider.
func (s *sqliteStore) CreateOAuthIdentity(ctx context.Context, id *OAuthIdentity) error {
	newID, err := newUUIDHex()
	if err != nil {
		return err
	}
	id.ID = newID
	err = s.w.CreateOAuthIdentity(ctx, sqlitedb.CreateOAuthIdentityParams{
		ID: id.ID, UserID: id.UserID, Provider: id.Provider, SubjectID: id.SubjectID,
		Email: sqliteNullIfEmpty(id.Email), LinkedAt: id.LinkedAt, LastUsedAt: id.LastUsedAt,
	})
	switch {
	case sqliteUniqueViolation(err):
		return ErrIdentityTaken
	case err != nil:
		return fmt.Errorf("sqlite: create oauth identity: %w", err)
	}
	return nil
}

// OAuthIdentities lists the user's identities, oldest link first.
func (s *sqliteStore) OAuthIdentities(ctx context.Context, userID string) ([]OAuthIdentity, error) {
	rows, err := s.r.OAuthIdentitiesByUser(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: oauth identities: %w", err)
	}
	out := make([]OAuthIdentity, len(rows))
	for i, r := range rows {
		out[i] = oauthIdentityFromSQLite(r)
	}
	return out, nil
}

// TouchOAuthIdentity sets last_used_at.
func (s *sqliteStore) TouchOAuthIdentity(ctx context.Context, provider, subject string, at time.Time) error {
	err := s.w.TouchOAuthIdentity(ctx, sqlitedb.TouchOAuthIdentityParams{LastUsedAt: &at, Provider: provider, SubjectID: subject})
	if err != nil {
		return fmt.Errorf("sqlite: touch oauth identity: %w", err)
	}
	return nil
}

// DeleteOAuthIdentity unlinks with one DELETE; with keepOne the DELETE
// counts the user's identities itself, and SQLite's single writer makes
// that count and the delete one step.
func (s *sqliteStore) DeleteOAuthIdentity(ctx context.Context, userID, provider string, keepOne bool) (bool, error) {
	var n int64
	var err error
	if keepOne {
		n, err = s.w.DeleteOAuthIdentityKeepOne(ctx, sqlitedb.DeleteOAuthIdentityKeepOneParams{UserID: userID, Provider: provider})
	} else {
		n, err = s.w.DeleteOAuthIdentity(ctx, sqlitedb.DeleteOAuthIdentityParams{UserID: userID, Provider: provider})
	}
	if err != nil {
		return false, fmt.Errorf("sqlite: delete oauth identity: %w", err)
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
