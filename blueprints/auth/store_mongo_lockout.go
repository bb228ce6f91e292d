//regstack:feature backend=mongo

package auth

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoLoginSlot is a reserved login attempt: one of the threshold slot
// documents an address may hold in the login_attempts collection. Its _id
// names the address and the slot, so the collection's unique _id index
// lets only one caller hold a slot at a time. email and when are the
// fields the Python library reads, so its lockout counts these documents.
type mongoLoginSlot struct {
	ID    string    `bson:"_id"`
	Email string    `bson:"email"`
	When  time.Time `bson:"when"`
}

// mongoLoginSlotID is the _id of slot n of email. The slot number comes
// after the last '#', so no two (email, slot) pairs share an id.
func mongoLoginSlotID(email string, n int) string {
	return email + "#" + strconv.Itoa(n)
}

// ReserveLoginAttempt takes one of threshold slots for email. Updates with
// a filter are not atomic on FerretDB (it reads, then writes), but an
// insert refused by a unique index and a delete's count are, on FerretDB
// and on MongoDB alike, so a slot is taken only by inserting its document:
// a free slot has none, and a slot whose attempt left the window is first
// deleted (only while it still holds that old attempt) and then inserted.
// A slot is therefore reused only after its previous attempt stopped
// counting, which bounds the attempts in any window by threshold.
//
// A caller that loses every insert to concurrent callers looks again, a
// bounded number of times; when every slot holds a counted attempt the
// reservation is refused.
func (s *mongoStore) ReserveLoginAttempt(ctx context.Context, email string, now time.Time, window time.Duration, threshold int) (LoginReservation, error) {
	since := now.Add(-window)
	rounds := threshold + 2
	for range rounds {
		held, err := s.loginSlots(ctx, email)
		if err != nil {
			return LoginReservation{}, err
		}
		var blocking time.Time
		lost := false
		for n := range threshold {
			id := mongoLoginSlotID(email, n)
			when, taken := held[id]
			if taken && when.After(since) {
				if blocking.IsZero() || when.Before(blocking) {
					blocking = when
				}
				continue
			}
			if taken {
				// The attempt left the window; free the slot unless another
				// caller already has.
				_, err := s.loginAttempts.DeleteOne(ctx, bson.D{
					{Key: "_id", Value: id},
					{Key: "when", Value: bson.D{{Key: "$lte", Value: since}}},
				})
				if err != nil {
					return LoginReservation{}, fmt.Errorf("mongo: free login attempt slot: %w", err)
				}
			}
			_, err := s.loginAttempts.InsertOne(ctx, mongoLoginSlot{ID: id, Email: email, When: now})
			if err == nil {
				return LoginReservation{Reserved: true}, nil
			}
			if !mongo.IsDuplicateKeyError(err) {
				return LoginReservation{}, fmt.Errorf("mongo: reserve login attempt: %w", err)
			}
			lost = true
		}
		if !lost {
			return LoginReservation{Blocking: blocking}, nil
		}
	}
	// Every round lost a race: refuse (the safe answer) and let the client
	// retry in a second.
	return LoginReservation{}, nil
}

// loginSlots returns the time of every slot document of email by _id.
// Documents without a string _id (failures the Python library recorded)
// hold no slot.
func (s *mongoStore) loginSlots(ctx context.Context, email string) (map[string]time.Time, error) {
	cur, err := s.loginAttempts.Find(ctx, bson.D{{Key: "email", Value: email}},
		mongoopts.Find().SetProjection(bson.D{{Key: "_id", Value: 1}, {Key: "when", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("mongo: read login attempt slots: %w", err)
	}
	var docs []struct {
		ID   any       `bson:"_id"`
		When time.Time `bson:"when"`
	}
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("mongo: read login attempt slots: %w", err)
	}
	held := make(map[string]time.Time, len(docs))
	for _, d := range docs {
		if id, ok := d.ID.(string); ok {
			held[id] = d.When.UTC()
		}
	}
	return held, nil
}
