//regstack:feature backend=mongo

package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// mongoUpsertAttempts bounds UpsertPending's rounds. Every round in which
// a caller loses, another caller's registration was stored, so n callers
// racing for one address need at most n rounds; the bound only stops a
// caller that never wins.
const mongoUpsertAttempts = 100

// UpsertPending replaces any pending registration for p.Email with p and
// decides p.Contested against the registration it replaces (see
// Store.UpsertPending).
//
// FerretDB runs an update as a read followed by a write, so an update could
// not tell which registration it replaced. A delete's count and an insert
// against a unique index are exact on both servers, so a replacement is a
// delete of the registration just read (by _id and token hash) and an
// insert: a caller whose delete finds nothing, or whose insert meets another
// registration, lost a race and compares again against what is there now —
// a registration it never compared passwords with, which makes its own
// contested. The replacement keeps the replaced registration's _id, as the
// Python library's update did, and p.ID is set to it.
func (s *mongoStore) UpsertPending(ctx context.Context, p *PendingRegistration, seenTokenHash string) error {
	contested := p.Contested
	for range mongoUpsertAttempts {
		id := any(p.ID)
		var cur mongoPending
		err := s.pending.FindOne(ctx, bson.D{{Key: "email", Value: p.Email}}).Decode(&cur)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
		case err != nil:
			return fmt.Errorf("mongo: upsert pending registration: %w", err)
		default:
			if cur.ExpiresAt.After(p.CreatedAt) && cur.TokenHash != seenTokenHash {
				contested = true
			}
			res, err := s.pending.DeleteOne(ctx, bson.D{{Key: "_id", Value: cur.ID}, {Key: "token_hash", Value: cur.TokenHash}})
			if err != nil {
				return fmt.Errorf("mongo: upsert pending registration: %w", err)
			}
			if res.DeletedCount == 0 {
				continue // replaced or taken meanwhile: look again
			}
			id = cur.ID
		}
		d := mongoPending{
			ID: id, Email: p.Email, HashedPassword: p.HashedPassword, FullName: p.FullName,
			TokenHash: p.TokenHash, CreatedAt: p.CreatedAt, ExpiresAt: p.ExpiresAt, Contested: contested,
		}
		_, err = s.pending.InsertOne(ctx, d)
		if mongo.IsDuplicateKeyError(err) {
			continue // another sign-up got in first: compare against it
		}
		if err != nil {
			return fmt.Errorf("mongo: upsert pending registration: %w", err)
		}
		if p.ID, err = mongoIDString(id); err != nil {
			return fmt.Errorf("mongo: upsert pending registration: %w", err)
		}
		p.Contested = contested
		return nil
	}
	return fmt.Errorf("mongo: upsert pending registration: still racing after %d rounds", mongoUpsertAttempts)
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

// RevokeToken puts jti on the revocation list and reports whether this
// call added it; the jti_unique index makes a second call (or a concurrent
// one) a no-op that keeps the first entry.
func (s *mongoStore) RevokeToken(ctx context.Context, jti string, exp time.Time) (bool, error) {
	_, err := s.blacklist.InsertOne(ctx, mongoRevokedToken{JTI: jti, Exp: exp})
	switch {
	case mongo.IsDuplicateKeyError(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("mongo: revoke token: %w", err)
	}
	return true, nil
}

// DeleteRevocation removes jti from the revocation list.
func (s *mongoStore) DeleteRevocation(ctx context.Context, jti string) error {
	if _, err := s.blacklist.DeleteOne(ctx, bson.D{{Key: "jti", Value: jti}}); err != nil {
		return fmt.Errorf("mongo: delete revocation: %w", err)
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
