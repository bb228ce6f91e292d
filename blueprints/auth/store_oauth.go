//regstack:feature oauth

package auth

import (
	"context"
	"errors"
	"time"
)

// Errors of the OAuthStore.
var (
	// ErrIdentityTaken means a unique index refused a new identity: the
	// provider account is linked already, or the user already has an
	// identity of that provider.
	ErrIdentityTaken = errors.New("auth: oauth identity already linked")
	// ErrLastSignInMethod means an unlink was refused because it would
	// leave the account with no way to sign in.
	ErrLastSignInMethod = errors.New("auth: only sign-in method")
)

// Modes of an OAuth state.
const (
	oauthModeSignin = "signin"
	oauthModeLink   = "link"
)

// OAuthState is a row of oauth_states. A started sign-in (ResultToken
// "") keeps the PKCE verifier and nonce server-side until the callback;
// a completed one (ResultToken set) waits for POST /oauth/exchange.
type OAuthState struct {
	ID            string
	Provider      string
	CodeVerifier  string
	Nonce         string
	RedirectTo    string
	Mode          string
	LinkingUserID string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	ResultToken   string
}

// OAuthIdentity is a row of oauth_identities: a provider account linked
// to a user.
type OAuthIdentity struct {
	ID         string
	UserID     string
	Provider   string
	SubjectID  string
	Email      string // snapshot, "" when the provider gave none
	LinkedAt   time.Time
	LastUsedAt *time.Time
}

// OAuthStore is what OAuth sign-in needs from the database, beyond Store;
// every backend implements it in store_<backend>_oauth.go.
type OAuthStore interface {
	// CreateOAuthState inserts st.
	CreateOAuthState(ctx context.Context, st *OAuthState) error
	// TakeOAuthState atomically deletes and returns the state with id,
	// expired or not, if it is completed (completed=true: its ResultToken
	// is set) or started (completed=false). Of several concurrent calls
	// with one id, at most one gets the row; the others get ErrNotFound.
	TakeOAuthState(ctx context.Context, id string, completed bool) (*OAuthState, error)

	// OAuthIdentity returns the identity of (provider, subject) or
	// ErrNotFound.
	OAuthIdentity(ctx context.Context, provider, subject string) (*OAuthIdentity, error)
	// CreateOAuthIdentity inserts id, setting id.ID; a taken
	// (provider, subject) or (user, provider) gives ErrIdentityTaken.
	CreateOAuthIdentity(ctx context.Context, id *OAuthIdentity) error
	// OAuthIdentities returns the user's identities, oldest link first.
	OAuthIdentities(ctx context.Context, userID string) ([]OAuthIdentity, error)
	// TouchOAuthIdentity sets last_used_at of (provider, subject).
	TouchOAuthIdentity(ctx context.Context, provider, subject string, at time.Time) error
	// DeleteOAuthIdentity unlinks the user's identity of provider and
	// reports whether there was one. With keepOne, it refuses
	// (ErrLastSignInMethod) to remove the user's last identity, decided
	// by the database, so two concurrent unlinks cannot remove both.
	DeleteOAuthIdentity(ctx context.Context, userID, provider string, keepOne bool) (bool, error)
}

// notDeletedReason explains a keepOne unlink that deleted nothing, from
// the user's identities read afterwards: ErrLastSignInMethod when the
// provider's identity is still there, nil when it never was.
func notDeletedReason(ids []OAuthIdentity, provider string) error {
	for _, id := range ids {
		if id.Provider == provider {
			return ErrLastSignInMethod
		}
	}
	return nil
}
