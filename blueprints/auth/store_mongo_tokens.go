//regstack:feature backend=mongo

package auth

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoUpsertAttempts bounds UpsertPending's retries after a duplicate-key
// race; one retry settles a race between two callers, and only a
// pathological number of simultaneous registrations for one address needs
// more.
const mongoUpsertAttempts = 10

// UpsertPending replaces any pending registration for p.Email with p in
// one atomic update (upsert on email), so the earlier token stops working
// at once and there is never a moment without a registration.
//
// MongoDB cannot change a document's _id, so a replaced registration keeps
// the _id of the one it replaces, as in the Python library, and p.ID is set
// to that id. Two callers upserting a new address at once may both try the
// insert; the pending_email_unique index refuses one, which retries and
// then replaces the other's registration.
func (s *mongoStore) UpsertPending(ctx context.Context, p *PendingRegistration) error {
	set := bson.D{
		{Key: "email", Value: p.Email},
		{Key: "hashed_password", Value: p.HashedPassword},
		{Key: "token_hash", Value: p.TokenHash},
		{Key: "created_at", Value: p.CreatedAt},
		{Key: "expires_at", Value: p.ExpiresAt},
	}
	update := bson.D{{Key: "$setOnInsert", Value: bson.D{{Key: "_id", Value: p.ID}}}}
	if p.FullName != nil {
		set = append(set, bson.E{Key: "full_name", Value: *p.FullName})
	} else {
		// As a replacement in the Python library, which leaves the
		// field out.
		update = append(update, bson.E{Key: "$unset", Value: bson.D{{Key: "full_name", Value: ""}}})
	}
	update = append(update, bson.E{Key: "$set", Value: set})
	// No projection: FerretDB does not implement one on findAndModify,
	// and the document is small.
	opts := mongoopts.FindOneAndUpdate().SetUpsert(true).SetReturnDocument(mongoopts.After)
	var err error
	for range mongoUpsertAttempts {
		var d struct {
			ID any `bson:"_id"`
		}
		err = s.pending.FindOneAndUpdate(ctx, bson.D{{Key: "email", Value: p.Email}}, update, opts).Decode(&d)
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("mongo: upsert pending registration: %w", err)
		}
		id, err := mongoIDString(d.ID)
		if err != nil {
			return fmt.Errorf("mongo: upsert pending registration: %w", err)
		}
		p.ID = id
		return nil
	}
	return fmt.Errorf("mongo: upsert pending registration: still racing after %d attempts: %w", mongoUpsertAttempts, err)
}

// PendingByEmail returns the pending registration for email, expired or
// not, or ErrNotFound.
func (s *mongoStore) PendingByEmail(ctx context.Context, email string) (*PendingRegistration, error) {
	return decodeMongoPending("pending registration by email", s.pending.FindOne(ctx, bson.D{{Key: "email", Value: email}}))
}

// TakePending returns the registration with this token hash and deletes
// it, so that of several concurrent callers exactly one gets it: the one
// whose delete of that document (by _id and token hash) deletes it.
//
// findOneAndDelete alone would be one round trip on MongoDB, but FerretDB
// implements it as a read followed by a delete, and two callers can both
// get the document. A delete's count is exact on both servers. Between the
// read and the delete only UpsertPending can change the document, and it
// always gives it a new token hash, so a document the delete finds is the
// one that was read.
func (s *mongoStore) TakePending(ctx context.Context, tokenHash string) (*PendingRegistration, error) {
	var d mongoPending
	if err := s.pending.FindOne(ctx, bson.D{{Key: "token_hash", Value: tokenHash}}).Decode(&d); err != nil {
		return nil, mongoFound("take pending registration", err)
	}
	res, err := s.pending.DeleteOne(ctx, bson.D{{Key: "_id", Value: d.ID}, {Key: "token_hash", Value: tokenHash}})
	switch {
	case err != nil:
		return nil, fmt.Errorf("mongo: take pending registration: %w", err)
	case res.DeletedCount == 0:
		// Another caller took it first, or it was replaced.
		return nil, ErrNotFound
	}
	p, err := d.pending()
	if err != nil {
		return nil, fmt.Errorf("mongo: take pending registration: %w", err)
	}
	return p, nil
}

// RevokeToken puts jti on the revocation list; the jti_unique index makes a
// second call (or a concurrent one) a no-op that keeps the first entry.
func (s *mongoStore) RevokeToken(ctx context.Context, jti string, exp time.Time) error {
	_, err := s.blacklist.InsertOne(ctx, mongoRevokedToken{JTI: jti, Exp: exp})
	if err != nil && !mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("mongo: revoke token: %w", err)
	}
	return nil
}

// RecordLoginFailure records one failed sign-in for email.
func (s *mongoStore) RecordLoginFailure(ctx context.Context, email string, at time.Time) error {
	if _, err := s.loginAttempts.InsertOne(ctx, mongoLoginAttempt{Email: email, When: at}); err != nil {
		return fmt.Errorf("mongo: record login failure: %w", err)
	}
	return nil
}

// CountLoginFailures counts failures for email at or after since; the
// email_when index answers it.
func (s *mongoStore) CountLoginFailures(ctx context.Context, email string, since time.Time) (int, error) {
	n, err := s.loginAttempts.CountDocuments(ctx, bson.D{
		{Key: "email", Value: email},
		{Key: "when", Value: bson.D{{Key: "$gte", Value: since}}},
	})
	if err != nil {
		return 0, fmt.Errorf("mongo: count login failures: %w", err)
	}
	return int(n), nil
}

// ClearLoginFailures forgets every failure for email.
func (s *mongoStore) ClearLoginFailures(ctx context.Context, email string) error {
	if _, err := s.loginAttempts.DeleteMany(ctx, bson.D{{Key: "email", Value: email}}); err != nil {
		return fmt.Errorf("mongo: clear login failures: %w", err)
	}
	return nil
}

// Reap deletes every document that expired before now and the login
// failures older than now minus lockoutWindow. TTL indexes do the same on
// MongoDB itself (not on FerretDB), but reads never rely on them, and the
// login failures have no TTL index: their lifetime is the configured
// window, which an index would freeze at creation. There is no transaction:
// after an error the counts say what was deleted before it.
func (s *mongoStore) Reap(ctx context.Context, now time.Time, lockoutWindow time.Duration) (ReapCounts, error) {
	before := func(field string, t time.Time) bson.D {
		return bson.D{{Key: field, Value: bson.D{{Key: "$lt", Value: t}}}}
	}
	var c ReapCounts
	for _, r := range []struct {
		coll   *mongo.Collection
		filter bson.D
		count  *int64
	}{
		{s.pending, before("expires_at", now), &c.PendingRegistrations},
		{s.blacklist, before("exp", now), &c.RevokedTokens},
		{s.loginAttempts, before("when", now.Add(-lockoutWindow)), &c.LoginAttempts},
		{s.mfaCodes, before("expires_at", now), &c.MFACodes},
		{s.oauthStates, before("expires_at", now), &c.OAuthStates},
	} {
		res, err := r.coll.DeleteMany(ctx, r.filter)
		if err != nil {
			return c, fmt.Errorf("mongo: reap %s: %w", r.coll.Name(), err)
		}
		*r.count = res.DeletedCount
	}
	return c, nil
}
