//regstack:feature backend=mongo

package auth

import (
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// The documents below have the Python library's field names, so the two
// share a database. Optional fields are left out when empty, as the Python
// library writes them; a field the Python library set to null reads back
// as empty. MongoDB keeps times to the millisecond.

// mongoUser is a document of the users collection. A host's own extra
// fields are allowed and ignored.
type mongoUser struct {
	// ID is the string id the handlers create, or the ObjectID of a user
	// the Python library created; mongoIDString reads either.
	ID                     any        `bson:"_id"`
	Email                  string     `bson:"email"`
	HashedPassword         *string    `bson:"hashed_password,omitempty"`
	IsActive               bool       `bson:"is_active"`
	IsVerified             bool       `bson:"is_verified"`
	IsSuperuser            bool       `bson:"is_superuser"`
	FullName               *string    `bson:"full_name,omitempty"`
	PhoneNumber            *string    `bson:"phone_number,omitempty"`
	IsMFAEnabled           bool       `bson:"is_mfa_enabled"`
	CreatedAt              time.Time  `bson:"created_at"`
	UpdatedAt              time.Time  `bson:"updated_at"`
	LastLogin              *time.Time `bson:"last_login,omitempty"`
	TokensInvalidatedAfter *time.Time `bson:"tokens_invalidated_after,omitempty"`
}

// mongoPending is a document of the pending_registrations collection.
type mongoPending struct {
	ID             any       `bson:"_id"`
	Email          string    `bson:"email"`
	HashedPassword string    `bson:"hashed_password"`
	FullName       *string   `bson:"full_name,omitempty"`
	TokenHash      string    `bson:"token_hash"`
	CreatedAt      time.Time `bson:"created_at"`
	ExpiresAt      time.Time `bson:"expires_at"`
	// Contested is absent from documents the Python library wrote, which
	// decode as uncontested.
	Contested bool `bson:"contested,omitempty"`
}

// mongoRevokedToken is a document of the token_blacklist collection; the
// driver gives it an ObjectID, as the Python library does.
type mongoRevokedToken struct {
	JTI string    `bson:"jti"`
	Exp time.Time `bson:"exp"`
}

// mongoLoginAttempt is a document of the login_attempts collection. The
// Python library's optional ip field is never set by either library.
type mongoLoginAttempt struct {
	Email string    `bson:"email"`
	When  time.Time `bson:"when"`
}

// mongoIDFilter matches the document with this id. Documents the Python
// library created have an ObjectID _id, which the API shows as 24 hex
// digits; an id of that form matches either the ObjectID or the string, so
// both libraries' documents are found. Any other id is looked up as the
// string it is, and an id that matches nothing is simply not found.
func mongoIDFilter(id string) bson.D {
	if oid, err := bson.ObjectIDFromHex(id); err == nil {
		return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{oid, id}}}}}
	}
	return bson.D{{Key: "_id", Value: id}}
}

// mongoIDString returns a decoded _id as the string the domain uses: a
// string as is, an ObjectID as its hex form.
func mongoIDString(v any) (string, error) {
	switch id := v.(type) {
	case string:
		return id, nil
	case bson.ObjectID:
		return id.Hex(), nil
	}
	return "", fmt.Errorf("_id of type %T: want a string or an ObjectID", v)
}

// mongoFound turns the driver's "no documents" into ErrNotFound and wraps
// any other error.
func mongoFound(op string, err error) error {
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ErrNotFound
	}
	return fmt.Errorf("mongo: %s: %w", op, err)
}

// mongoOptional maps the domain's "none" ("") to a missing field.
func mongoOptional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// mongoUTCPtr returns *t in UTC, or nil.
func mongoUTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// mongoUserDoc returns the document CreateUser inserts for u.
func mongoUserDoc(u *User) mongoUser {
	return mongoUser{
		ID:                     u.ID,
		Email:                  u.Email,
		HashedPassword:         mongoOptional(u.HashedPassword),
		IsActive:               u.IsActive,
		IsVerified:             u.IsVerified,
		IsSuperuser:            u.IsSuperuser,
		FullName:               u.FullName,
		PhoneNumber:            u.PhoneNumber,
		IsMFAEnabled:           u.IsMFAEnabled,
		CreatedAt:              u.CreatedAt,
		UpdatedAt:              u.UpdatedAt,
		LastLogin:              u.LastLogin,
		TokensInvalidatedAfter: u.TokensInvalidatedAfter,
	}
}

// user converts the document, with every time in UTC whatever time zone
// the client's BSON options decode to.
func (d *mongoUser) user() (*User, error) {
	id, err := mongoIDString(d.ID)
	if err != nil {
		return nil, err
	}
	u := &User{
		ID:                     id,
		Email:                  d.Email,
		IsActive:               d.IsActive,
		IsVerified:             d.IsVerified,
		IsSuperuser:            d.IsSuperuser,
		FullName:               d.FullName,
		PhoneNumber:            d.PhoneNumber,
		IsMFAEnabled:           d.IsMFAEnabled,
		CreatedAt:              d.CreatedAt.UTC(),
		UpdatedAt:              d.UpdatedAt.UTC(),
		LastLogin:              mongoUTCPtr(d.LastLogin),
		TokensInvalidatedAfter: mongoUTCPtr(d.TokensInvalidatedAfter),
	}
	if d.HashedPassword != nil {
		u.HashedPassword = *d.HashedPassword
	}
	return u, nil
}

// pending converts the document, with its times in UTC.
func (d *mongoPending) pending() (*PendingRegistration, error) {
	id, err := mongoIDString(d.ID)
	if err != nil {
		return nil, err
	}
	return &PendingRegistration{
		ID:             id,
		Email:          d.Email,
		HashedPassword: d.HashedPassword,
		FullName:       d.FullName,
		TokenHash:      d.TokenHash,
		CreatedAt:      d.CreatedAt.UTC(),
		ExpiresAt:      d.ExpiresAt.UTC(),
		Contested:      d.Contested,
	}, nil
}

// decodeMongoUser decodes the document res holds, or returns ErrNotFound
// when there is none.
func decodeMongoUser(op string, res *mongo.SingleResult) (*User, error) {
	var d mongoUser
	if err := res.Decode(&d); err != nil {
		return nil, mongoFound(op, err)
	}
	u, err := d.user()
	if err != nil {
		return nil, fmt.Errorf("mongo: %s: %w", op, err)
	}
	return u, nil
}

// decodeMongoPending is decodeMongoUser for pending registrations.
func decodeMongoPending(op string, res *mongo.SingleResult) (*PendingRegistration, error) {
	var d mongoPending
	if err := res.Decode(&d); err != nil {
		return nil, mongoFound(op, err)
	}
	p, err := d.pending()
	if err != nil {
		return nil, fmt.Errorf("mongo: %s: %w", op, err)
	}
	return p, nil
}
