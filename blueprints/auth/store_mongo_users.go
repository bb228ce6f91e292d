//regstack:feature backend=mongo

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

// CreateUser inserts u with u.ID as its _id; the email_unique index
// settles a race for one address.
func (s *mongoStore) CreateUser(ctx context.Context, u *User) error {
	_, err := s.users.InsertOne(ctx, mongoUserDoc(u))
	if mongo.IsDuplicateKeyError(err) {
		return s.duplicateUser(ctx, u.ID, err)
	}
	if err != nil {
		return fmt.Errorf("mongo: create user: %w", err)
	}
	return nil
}

// duplicateUser tells which unique index refused a new user. Not every
// server names the index in its duplicate-key error (FerretDB does not),
// so the store asks whether the id is taken: a duplicate id is a caller
// bug, not a taken email. This read runs only after a refused insert.
func (s *mongoStore) duplicateUser(ctx context.Context, id string, dup error) error {
	err := s.users.FindOne(ctx, bson.D{{Key: "_id", Value: id}},
		mongoopts.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
	switch {
	case errors.Is(err, mongo.ErrNoDocuments):
		return ErrDuplicateEmail
	case err != nil:
		return fmt.Errorf("mongo: create user: %w", errors.Join(dup, err))
	}
	return fmt.Errorf("mongo: create user: id %q is taken: %w", id, dup)
}

// UserByID returns the user or ErrNotFound.
func (s *mongoStore) UserByID(ctx context.Context, id string) (*User, error) {
	return decodeMongoUser("user by id", s.users.FindOne(ctx, mongoIDFilter(id)))
}

// UserByEmail returns the user with exactly this email or ErrNotFound.
func (s *mongoStore) UserByEmail(ctx context.Context, email string) (*User, error) {
	return decodeMongoUser("user by email", s.users.FindOne(ctx, bson.D{{Key: "email", Value: email}}))
}

// SessionUser reads the user and looks jti up on the revocation list at
// the same time, on two connections: without a join on every server, two
// concurrent reads cost one round trip of latency.
func (s *mongoStore) SessionUser(ctx context.Context, userID, jti string) (*User, bool, error) {
	type lookup struct {
		revoked bool
		err     error
	}
	revocation := make(chan lookup, 1)
	go func() {
		err := s.blacklist.FindOne(ctx, bson.D{{Key: "jti", Value: jti}},
			mongoopts.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			revocation <- lookup{}
			return
		}
		revocation <- lookup{revoked: err == nil, err: err}
	}()
	u, err := s.UserByID(ctx, userID)
	r := <-revocation
	if r.err != nil {
		return nil, false, fmt.Errorf("mongo: session user: revocation list: %w", r.err)
	}
	if err != nil {
		return nil, r.revoked, err
	}
	return u, r.revoked, nil
}

// SetLastLogin records a successful sign-in at at.
func (s *mongoStore) SetLastLogin(ctx context.Context, id string, at time.Time) error {
	return s.setUserFields(ctx, "set last login", id, bson.D{
		{Key: "last_login", Value: at},
		{Key: "updated_at", Value: at},
	})
}

// RecordLogin records a successful password sign-in: the last login, then
// email's failures cleared. Without transactions (FerretDB has none) the
// two are separate writes; a failure between them leaves failures that a
// later sign-in or the lockout window clears.
func (s *mongoStore) RecordLogin(ctx context.Context, id, email string, at time.Time) error {
	if err := s.SetLastLogin(ctx, id, at); err != nil {
		return err
	}
	return s.ClearLoginFailures(ctx, email)
}

// SetFullName sets or clears the display name; a cleared name is stored as
// null, as the Python library does.
func (s *mongoStore) SetFullName(ctx context.Context, id string, name *string, now time.Time) (*User, error) {
	return s.setUserFieldsReturning(ctx, "set full name", id, bson.D{
		{Key: "full_name", Value: name},
		{Key: "updated_at", Value: now},
	})
}

// SetPassword replaces the hash and revokes earlier sessions.
func (s *mongoStore) SetPassword(ctx context.Context, id, hash string, now time.Time) error {
	return s.setUserFields(ctx, "set password", id, bson.D{
		{Key: "hashed_password", Value: mongoOptional(hash)},
		{Key: "tokens_invalidated_after", Value: now},
		{Key: "updated_at", Value: now},
	})
}

// SetEmail changes the address and revokes earlier sessions; the
// email_unique index refuses a taken address.
func (s *mongoStore) SetEmail(ctx context.Context, id, email string, now time.Time) (*User, error) {
	u, err := s.setUserFieldsReturning(ctx, "set email", id, bson.D{
		{Key: "email", Value: email},
		{Key: "tokens_invalidated_after", Value: now},
		{Key: "updated_at", Value: now},
	})
	if err != nil && !errors.Is(err, ErrNotFound) && s.emailTakenByOther(ctx, email, id, err) {
		return nil, ErrDuplicateEmail
	}
	return u, err
}

// emailTakenByOther reports whether a refused update to email failed
// because another user has that address. MongoDB says so with a
// duplicate-key error; FerretDB reports a unique index refusing an update
// as an internal error, so after any other error the store looks. The
// look-up runs only after a failed update.
func (s *mongoStore) emailTakenByOther(ctx context.Context, email, id string, updateErr error) bool {
	if mongo.IsDuplicateKeyError(updateErr) {
		return true
	}
	var d struct {
		ID any `bson:"_id"`
	}
	err := s.users.FindOne(ctx, bson.D{{Key: "email", Value: email}},
		mongoopts.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Decode(&d)
	if err != nil {
		return false
	}
	holder, err := mongoIDString(d.ID)
	return err == nil && holder != id
}

// SetSuperuser grants administrator rights.
func (s *mongoStore) SetSuperuser(ctx context.Context, id string, now time.Time) error {
	return s.setUserFields(ctx, "set superuser", id, bson.D{
		{Key: "is_superuser", Value: true},
		{Key: "updated_at", Value: now},
	})
}

// DeleteUser deletes the user first, so the rows keyed by the stored
// address (not a caller's stale copy) can go next: pending registration and
// login failures by email, MFA codes and OAuth identities by id. Without
// transactions the order matters: once the user is gone nothing can sign
// in as it, and leftovers of a failure half-way only wait for their own
// expiry.
//
// The user is read and then deleted by _id, and only the caller whose
// delete removed it succeeds; the others get ErrNotFound.
// findOneAndDelete would be one round trip, but FerretDB runs it as a read
// and a delete and handed one user to several concurrent callers (several
// DELETE /account answered 200).
func (s *mongoStore) DeleteUser(ctx context.Context, u *User) error {
	var d struct {
		ID    any    `bson:"_id"`
		Email string `bson:"email"`
	}
	err := s.users.FindOne(ctx, mongoIDFilter(u.ID),
		mongoopts.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "email", Value: 1}})).Decode(&d)
	if err != nil {
		return mongoFound("delete user", err)
	}
	res, err := s.users.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}})
	switch {
	case err != nil:
		return fmt.Errorf("mongo: delete user: %w", err)
	case res.DeletedCount == 0:
		// A concurrent caller deleted it first.
		return ErrNotFound
	}
	id, err := mongoIDString(d.ID)
	if err != nil {
		return fmt.Errorf("mongo: delete user: %w", err)
	}
	var errs []error
	for _, dep := range []struct {
		coll   *mongo.Collection
		filter bson.D
	}{
		{s.pending, bson.D{{Key: "email", Value: d.Email}}},
		{s.loginAttempts, bson.D{{Key: "email", Value: d.Email}}},
		{s.mfaCodes, bson.D{{Key: "user_id", Value: id}}},
		{s.oauthIdentities, bson.D{{Key: "user_id", Value: id}}},
		//regstack:if totp
		{s.totpCredentials(), bson.D{{Key: "_id", Value: id}}},
		{s.totpSteps(), bson.D{{Key: "user_id", Value: id}}},
		{s.recoveryCodes(), bson.D{{Key: "user_id", Value: id}}},
		//regstack:end
	} {
		if _, err := dep.coll.DeleteMany(ctx, dep.filter); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", dep.coll.Name(), err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("mongo: delete user: user deleted, but not all of its documents: %w", err)
	}
	return nil
}

// setUserFields sets fields of one user in one update; ErrNotFound when
// no user has the id.
func (s *mongoStore) setUserFields(ctx context.Context, op, id string, set bson.D) error {
	res, err := s.users.UpdateOne(ctx, mongoIDFilter(id), bson.D{{Key: "$set", Value: set}})
	switch {
	case err != nil:
		return fmt.Errorf("mongo: %s: %w", op, err)
	case res.MatchedCount == 0:
		return ErrNotFound
	}
	return nil
}

// setUserFieldsReturning is setUserFields returning the updated user, in
// one findOneAndUpdate.
func (s *mongoStore) setUserFieldsReturning(ctx context.Context, op, id string, set bson.D) (*User, error) {
	res := s.users.FindOneAndUpdate(ctx, mongoIDFilter(id), bson.D{{Key: "$set", Value: set}},
		mongoopts.FindOneAndUpdate().SetReturnDocument(mongoopts.After))
	return decodeMongoUser(op, res)
}

// SetVerified marks the user's address as verified.
func (s *mongoStore) SetVerified(ctx context.Context, id string, now time.Time) error {
	return s.setUserFields(ctx, "set verified", id, bson.D{
		{Key: "is_verified", Value: true},
		{Key: "updated_at", Value: now},
	})
}
