//regstack:feature backend=mongo oauth

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoStore keeps OAuth states and identities too.
var _ OAuthStore = (*mongoStore)(nil)

// mongoOAuthState is a document of oauth_states, keyed by the state id as
// in the Python library; optional fields are left out when empty.
type mongoOAuthState struct {
	ID            string    `bson:"_id"`
	Provider      string    `bson:"provider"`
	CodeVerifier  string    `bson:"code_verifier"`
	Nonce         string    `bson:"nonce"`
	RedirectTo    string    `bson:"redirect_to"`
	Mode          string    `bson:"mode"`
	LinkingUserID *string   `bson:"linking_user_id,omitempty"`
	CreatedAt     time.Time `bson:"created_at"`
	ExpiresAt     time.Time `bson:"expires_at"`
	ResultToken   *string   `bson:"result_token,omitempty"`
}

// mongoOAuthIdentity is a document of oauth_identities.
type mongoOAuthIdentity struct {
	ID         bson.ObjectID `bson:"_id"`
	UserID     string        `bson:"user_id"`
	Provider   string        `bson:"provider"`
	SubjectID  string        `bson:"subject_id"`
	Email      *string       `bson:"email,omitempty"`
	LinkedAt   time.Time     `bson:"linked_at"`
	LastUsedAt *time.Time    `bson:"last_used_at,omitempty"`
}

func (d *mongoOAuthIdentity) identity() OAuthIdentity {
	return OAuthIdentity{
		ID: d.ID.Hex(), UserID: d.UserID, Provider: d.Provider, SubjectID: d.SubjectID,
		Email: mongoDeref(d.Email), LinkedAt: d.LinkedAt.UTC(), LastUsedAt: mongoUTCPtr(d.LastUsedAt),
	}
}

func mongoDeref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CreateOAuthState inserts st.
func (s *mongoStore) CreateOAuthState(ctx context.Context, st *OAuthState) error {
	_, err := s.oauthStates.InsertOne(ctx, mongoOAuthState{
		ID: st.ID, Provider: st.Provider, CodeVerifier: st.CodeVerifier, Nonce: st.Nonce, RedirectTo: st.RedirectTo,
		Mode: st.Mode, LinkingUserID: mongoOptional(st.LinkingUserID), CreatedAt: st.CreatedAt, ExpiresAt: st.ExpiresAt,
		ResultToken: mongoOptional(st.ResultToken),
	})
	if err != nil {
		return fmt.Errorf("mongo: create oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState reads the state and then deletes it with a filter that
// repeats what was read; the delete's count decides which caller got it.
// (findOneAndDelete is a read and a write on FerretDB and could hand the
// row to two callers.)
func (s *mongoStore) TakeOAuthState(ctx context.Context, id string, completed bool) (*OAuthState, error) {
	filter := bson.D{{Key: "_id", Value: id}, {Key: "result_token", Value: nil}}
	if completed {
		filter = bson.D{{Key: "_id", Value: id}, {Key: "result_token", Value: bson.D{{Key: "$type", Value: "string"}}}}
	}
	var d mongoOAuthState
	if err := s.oauthStates.FindOne(ctx, filter).Decode(&d); err != nil {
		return nil, mongoFound("take oauth state", err)
	}
	res, err := s.oauthStates.DeleteOne(ctx, filter)
	switch {
	case err != nil:
		return nil, fmt.Errorf("mongo: take oauth state: %w", err)
	case res.DeletedCount == 0:
		return nil, ErrNotFound
	}
	return &OAuthState{
		ID: d.ID, Provider: d.Provider, CodeVerifier: d.CodeVerifier, Nonce: d.Nonce, RedirectTo: d.RedirectTo,
		Mode: d.Mode, LinkingUserID: mongoDeref(d.LinkingUserID), CreatedAt: d.CreatedAt.UTC(),
		ExpiresAt: d.ExpiresAt.UTC(), ResultToken: mongoDeref(d.ResultToken),
	}, nil
}

// OAuthIdentity returns the identity of (provider, subject).
func (s *mongoStore) OAuthIdentity(ctx context.Context, provider, subject string) (*OAuthIdentity, error) {
	var d mongoOAuthIdentity
	err := s.oauthIdentities.FindOne(ctx, bson.D{{Key: "provider", Value: provider}, {Key: "subject_id", Value: subject}}).Decode(&d)
	if err != nil {
		return nil, mongoFound("oauth identity", err)
	}
	id := d.identity()
	return &id, nil
}

// CreateOAuthIdentity inserts id; the provider_subject_unique and
// user_provider_unique indexes refuse a taken one.
func (s *mongoStore) CreateOAuthIdentity(ctx context.Context, id *OAuthIdentity) error {
	d := mongoOAuthIdentity{
		ID: bson.NewObjectID(), UserID: id.UserID, Provider: id.Provider, SubjectID: id.SubjectID,
		Email: mongoOptional(id.Email), LinkedAt: id.LinkedAt, LastUsedAt: id.LastUsedAt,
	}
	_, err := s.oauthIdentities.InsertOne(ctx, d)
	switch {
	case mongo.IsDuplicateKeyError(err):
		return ErrIdentityTaken
	case err != nil:
		return fmt.Errorf("mongo: create oauth identity: %w", err)
	}
	id.ID = d.ID.Hex()
	return nil
}

// OAuthIdentities lists the user's identities, oldest link first.
func (s *mongoStore) OAuthIdentities(ctx context.Context, userID string) ([]OAuthIdentity, error) {
	cur, err := s.oauthIdentities.Find(ctx, bson.D{{Key: "user_id", Value: userID}},
		mongoopts.Find().SetSort(bson.D{{Key: "linked_at", Value: 1}, {Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("mongo: oauth identities: %w", err)
	}
	var docs []mongoOAuthIdentity
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("mongo: oauth identities: %w", err)
	}
	out := make([]OAuthIdentity, len(docs))
	for i := range docs {
		out[i] = docs[i].identity()
	}
	return out, nil
}

// TouchOAuthIdentity sets last_used_at.
func (s *mongoStore) TouchOAuthIdentity(ctx context.Context, provider, subject string, at time.Time) error {
	_, err := s.oauthIdentities.UpdateOne(ctx, bson.D{{Key: "provider", Value: provider}, {Key: "subject_id", Value: subject}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "last_used_at", Value: at}}}})
	if err != nil {
		return fmt.Errorf("mongo: touch oauth identity: %w", err)
	}
	return nil
}

// DeleteOAuthIdentity unlinks the identity. Without transactions the
// keepOne rule is kept by compensation: delete, then count what is left,
// and put the identity back if none is. Two concurrent unlinks may then
// both be refused, but never both succeed.
func (s *mongoStore) DeleteOAuthIdentity(ctx context.Context, userID, provider string, keepOne bool) (bool, error) {
	filter := bson.D{{Key: "user_id", Value: userID}, {Key: "provider", Value: provider}}
	var d mongoOAuthIdentity
	if err := s.oauthIdentities.FindOne(ctx, filter).Decode(&d); errors.Is(err, mongo.ErrNoDocuments) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("mongo: delete oauth identity: %w", err)
	}
	res, err := s.oauthIdentities.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}})
	if err != nil {
		return false, fmt.Errorf("mongo: delete oauth identity: %w", err)
	}
	if res.DeletedCount == 0 || !keepOne {
		return res.DeletedCount == 1, nil
	}
	left, err := s.oauthIdentities.CountDocuments(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return false, fmt.Errorf("mongo: delete oauth identity: %w", err)
	}
	if left > 0 {
		return true, nil
	}
	if _, err := s.oauthIdentities.InsertOne(ctx, d); err != nil {
		return false, fmt.Errorf("mongo: restoring the last oauth identity: %w", err)
	}
	return false, ErrLastSignInMethod
}
