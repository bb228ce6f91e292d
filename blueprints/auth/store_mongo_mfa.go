//regstack:feature backend=mongo sms_2fa

package auth

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// mongoStore keeps second-factor codes too.
var _ MFAStore = (*mongoStore)(nil)

// mongoMFACode is a document of the mfa_codes collection, with the fields
// the Python library reads and writes.
type mongoMFACode struct {
	ID          bson.ObjectID `bson:"_id"`
	UserID      string        `bson:"user_id"`
	Kind        string        `bson:"kind"`
	CodeHash    string        `bson:"code_hash"`
	ExpiresAt   time.Time     `bson:"expires_at"`
	Attempts    int           `bson:"attempts"`
	MaxAttempts int           `bson:"max_attempts"`
	CreatedAt   time.Time     `bson:"created_at"`
}

// mongoMFASlot is one counted attempt on a code. Updates are not atomic on
// FerretDB (it reads, then writes), so attempts are not counted with $inc:
// attempt n of a code is a document whose (user_id, kind) pair is (the
// code's _id, "attempt#n"), and the collection's user_kind_unique index
// lets only one caller insert it. A code's attempts are thus bounded by
// max_attempts on MongoDB and FerretDB alike. The slots share the code's
// expires_at, so the TTL index removes them with it; the Python library
// never looks them up (no user has a code's id).
type mongoMFASlot struct {
	UserID    string    `bson:"user_id"`
	Kind      string    `bson:"kind"`
	ExpiresAt time.Time `bson:"expires_at"`
}

// mongoMFASlotKind is the kind of attempt slot n.
func mongoMFASlotKind(n int) string { return "attempt#" + strconv.Itoa(n) }

// PutMFACode replaces the user's code of the kind with a new document (a
// new _id, so the old code's attempt slots do not count for the new one).
// A concurrent re-issue can win the unique index between the delete and
// the insert; the loser tries again.
func (s *mongoStore) PutMFACode(ctx context.Context, c *MFACode) error {
	doc := mongoMFACode{
		UserID: c.UserID, Kind: c.Kind, CodeHash: c.CodeHash, ExpiresAt: c.ExpiresAt,
		MaxAttempts: c.MaxAttempts, CreatedAt: c.CreatedAt,
	}
	filter := bson.D{{Key: "user_id", Value: c.UserID}, {Key: "kind", Value: c.Kind}}
	for range 5 {
		if _, err := s.mfaCodes.DeleteMany(ctx, filter); err != nil {
			return fmt.Errorf("mongo: put mfa code: %w", err)
		}
		doc.ID = bson.NewObjectID()
		_, err := s.mfaCodes.InsertOne(ctx, doc)
		if err == nil {
			return nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return fmt.Errorf("mongo: put mfa code: %w", err)
		}
	}
	return errors.New("mongo: put mfa code: lost every race to concurrent re-issues")
}

// code reads the user's code of kind; ErrNotFound when there is none.
func (s *mongoStore) mfaCode(ctx context.Context, userID, kind string) (*mongoMFACode, error) {
	var doc mongoMFACode
	err := s.mfaCodes.FindOne(ctx, bson.D{{Key: "user_id", Value: userID}, {Key: "kind", Value: kind}}).Decode(&doc)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("mongo: read mfa code: %w", err)
	}
	return &doc, nil
}

// ClaimMFAAttempt counts an attempt by inserting the code's first free
// attempt slot (see mongoMFASlot).
func (s *mongoStore) ClaimMFAAttempt(ctx context.Context, userID, kind string) (MFAAttempt, error) {
	doc, err := s.mfaCode(ctx, userID, kind)
	if err != nil {
		return MFAAttempt{}, err
	}
	a := MFAAttempt{ID: doc.ID.Hex(), CodeHash: doc.CodeHash, ExpiresAt: doc.ExpiresAt.UTC(), Max: doc.MaxAttempts}
	for n := 1; n <= doc.MaxAttempts; n++ {
		_, err := s.mfaCodes.InsertOne(ctx, mongoMFASlot{UserID: a.ID, Kind: mongoMFASlotKind(n), ExpiresAt: doc.ExpiresAt})
		if err == nil {
			a.Number = n
			return a, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return MFAAttempt{}, fmt.Errorf("mongo: claim mfa attempt: %w", err)
		}
	}
	return a, nil
}

// DeleteMFACode deletes the claimed code by _id (a re-issued code has
// another). Its attempt slots stay until the TTL index removes them: a
// guess that read the code just before the delete must still find every
// slot taken, or it would be compared after the code was spent.
func (s *mongoStore) DeleteMFACode(ctx context.Context, a MFAAttempt) (bool, error) {
	oid, err := bson.ObjectIDFromHex(a.ID)
	if err != nil {
		return false, nil
	}
	res, err := s.mfaCodes.DeleteOne(ctx, bson.D{{Key: "_id", Value: oid}})
	if err != nil {
		return false, fmt.Errorf("mongo: delete mfa code: %w", err)
	}
	return res.DeletedCount == 1, nil
}

// DeleteMFACodes deletes every code of the user (their attempt slots go
// with the TTL index).
func (s *mongoStore) DeleteMFACodes(ctx context.Context, userID string) error {
	if _, err := s.mfaCodes.DeleteMany(ctx, bson.D{{Key: "user_id", Value: userID}}); err != nil {
		return fmt.Errorf("mongo: delete mfa codes: %w", err)
	}
	return nil
}

// SetPhone turns the second factor on with phone, or off.
func (s *mongoStore) SetPhone(ctx context.Context, id string, phone *string, now time.Time) (*User, error) {
	return s.setUserFieldsReturning(ctx, "set phone", id, bson.D{
		{Key: "phone_number", Value: phone},
		{Key: "is_mfa_enabled", Value: phone != nil},
		{Key: "updated_at", Value: now},
	})
}
