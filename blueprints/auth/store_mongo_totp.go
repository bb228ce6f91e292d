//regstack:feature backend=mongo totp

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

// mongoStore keeps authenticator-app secrets too.
var _ TOTPStore = (*mongoStore)(nil)

// The collections of authenticator apps; the Python library has none.
const (
	mongoTOTPCollection     = "totp_credentials"
	mongoRecoveryCollection = "totp_recovery_codes"
	mongoTOTPStepCollection = "totp_steps"
)

// mongoTOTPStepTTL is how long an accepted step is remembered: longer
// than the ±1 step a code is accepted for.
const mongoTOTPStepTTL = 5 * time.Minute

func (s *mongoStore) totpCredentials() *mongo.Collection { return s.db.Collection(mongoTOTPCollection) }
func (s *mongoStore) recoveryCodes() *mongo.Collection {
	return s.db.Collection(mongoRecoveryCollection)
}
func (s *mongoStore) totpSteps() *mongo.Collection { return s.db.Collection(mongoTOTPStepCollection) }

// mongoTOTPDoc is a document of totp_credentials, keyed by the user id.
type mongoTOTPDoc struct {
	UserID      string     `bson:"_id"`
	Secret      []byte     `bson:"secret"`
	ConfirmedAt *time.Time `bson:"confirmed_at,omitempty"`
	CreatedAt   time.Time  `bson:"created_at"`
}

// mongoTOTPStep is one accepted time step of a user. Updates are not
// atomic on FerretDB (it reads, then writes), so a step is not accepted by
// a conditional update as on SQL: it is a document, and the
// totp_step_unique index lets only one caller insert it.
type mongoTOTPStep struct {
	UserID    string    `bson:"user_id"`
	Step      int64     `bson:"step"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// mongoRecoveryDoc is one recovery code's digest.
type mongoRecoveryDoc struct {
	UserID    string    `bson:"user_id"`
	CodeHash  string    `bson:"code_hash"`
	CreatedAt time.Time `bson:"created_at"`
}

// PutPendingTOTP replaces an unconfirmed secret (or inserts one). With a
// confirmed secret the filter misses and the upsert's insert hits the
// _id: nothing is stored.
func (s *mongoStore) PutPendingTOTP(ctx context.Context, userID string, sealed []byte, now time.Time) (bool, error) {
	filter := bson.D{{Key: "_id", Value: userID}, {Key: "confirmed_at", Value: nil}}
	_, err := s.totpCredentials().ReplaceOne(ctx, filter, mongoTOTPDoc{UserID: userID, Secret: sealed, CreatedAt: now},
		mongoopts.Replace().SetUpsert(true))
	switch {
	case mongo.IsDuplicateKeyError(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("mongo: put pending totp: %w", err)
	}
	if _, err := s.totpSteps().DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}}); err != nil {
		return false, fmt.Errorf("mongo: put pending totp: %w", err)
	}
	return true, nil
}

// TOTPCredential reads the secret and the latest accepted step.
func (s *mongoStore) TOTPCredential(ctx context.Context, userID string) (TOTPCredential, error) {
	var doc mongoTOTPDoc
	if err := s.totpCredentials().FindOne(ctx, bson.D{{Key: "_id", Value: userID}}).Decode(&doc); err != nil {
		return TOTPCredential{}, mongoFound("totp credential", err)
	}
	c := TOTPCredential{Sealed: doc.Secret, Confirmed: doc.ConfirmedAt != nil}
	var last mongoTOTPStep
	err := s.totpSteps().FindOne(ctx, bson.D{{Key: "user_id", Value: userID}},
		mongoopts.FindOne().SetSort(bson.D{{Key: "step", Value: -1}})).Decode(&last)
	switch {
	case err == nil:
		c.LastStep = last.Step
	case !errors.Is(err, mongo.ErrNoDocuments):
		return TOTPCredential{}, fmt.Errorf("mongo: totp credential: %w", err)
	}
	return c, nil
}

// ConfirmTOTP claims the step first (one inserter wins), then marks the
// secret confirmed.
func (s *mongoStore) ConfirmTOTP(ctx context.Context, userID string, step int64, now time.Time) (bool, error) {
	ok, err := s.UseTOTPStep(ctx, userID, step, now)
	if err != nil || !ok {
		return false, err
	}
	res, err := s.totpCredentials().UpdateOne(ctx,
		bson.D{{Key: "_id", Value: userID}, {Key: "confirmed_at", Value: nil}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "confirmed_at", Value: now}}}})
	if err != nil {
		return false, fmt.Errorf("mongo: confirm totp: %w", err)
	}
	return res.ModifiedCount == 1, nil
}

// UseTOTPStep refuses a step not later than the latest accepted one, then
// inserts it; the unique index picks one of concurrent inserters. Two
// different valid steps racing may both pass, which accepts two distinct
// codes, never one code twice. Older steps are deleted after a success,
// so the collection stays small without TTL indexes (FerretDB).
func (s *mongoStore) UseTOTPStep(ctx context.Context, userID string, step int64, now time.Time) (bool, error) {
	n, err := s.totpSteps().CountDocuments(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "step", Value: bson.D{{Key: "$gte", Value: step}}}})
	if err != nil {
		return false, fmt.Errorf("mongo: use totp step: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	_, err = s.totpSteps().InsertOne(ctx, mongoTOTPStep{UserID: userID, Step: step, ExpiresAt: now.Add(mongoTOTPStepTTL)})
	switch {
	case mongo.IsDuplicateKeyError(err):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("mongo: use totp step: %w", err)
	}
	if _, err := s.totpSteps().DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "step", Value: bson.D{{Key: "$lt", Value: step}}}}); err != nil {
		return false, fmt.Errorf("mongo: use totp step: %w", err)
	}
	return true, nil
}

// DeleteTOTP deletes the secret, then its steps and recovery codes.
func (s *mongoStore) DeleteTOTP(ctx context.Context, userID string) (bool, error) {
	res, err := s.totpCredentials().DeleteOne(ctx, bson.D{{Key: "_id", Value: userID}})
	if err != nil {
		return false, fmt.Errorf("mongo: delete totp: %w", err)
	}
	filter := bson.D{{Key: "user_id", Value: userID}}
	if _, err := s.totpSteps().DeleteMany(ctx, filter); err != nil {
		return false, fmt.Errorf("mongo: delete totp: %w", err)
	}
	if _, err := s.recoveryCodes().DeleteMany(ctx, filter); err != nil {
		return false, fmt.Errorf("mongo: delete totp: %w", err)
	}
	return res.DeletedCount == 1, nil
}

// ReplaceRecoveryCodes deletes the old set, then inserts the new one.
// Without transactions a crash in between leaves no codes, never old and
// new mixed.
func (s *mongoStore) ReplaceRecoveryCodes(ctx context.Context, userID string, hashes []string, now time.Time) error {
	if _, err := s.recoveryCodes().DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}}); err != nil {
		return fmt.Errorf("mongo: replace recovery codes: %w", err)
	}
	docs := make([]any, len(hashes))
	for i, h := range hashes {
		docs[i] = mongoRecoveryDoc{UserID: userID, CodeHash: h, CreatedAt: now}
	}
	if len(docs) == 0 {
		return nil
	}
	if _, err := s.recoveryCodes().InsertMany(ctx, docs); err != nil {
		return fmt.Errorf("mongo: replace recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode deletes the code; DeletedCount (atomic on FerretDB too)
// decides which caller used it.
func (s *mongoStore) UseRecoveryCode(ctx context.Context, userID, hash string) (bool, error) {
	res, err := s.recoveryCodes().DeleteOne(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "code_hash", Value: hash}})
	if err != nil {
		return false, fmt.Errorf("mongo: use recovery code: %w", err)
	}
	return res.DeletedCount == 1, nil
}

// CountRecoveryCodes counts the unused codes.
func (s *mongoStore) CountRecoveryCodes(ctx context.Context, userID string) (int, error) {
	n, err := s.recoveryCodes().CountDocuments(ctx, bson.D{{Key: "user_id", Value: userID}})
	if err != nil {
		return 0, fmt.Errorf("mongo: count recovery codes: %w", err)
	}
	return int(n), nil
}
