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

// The outbox collections. Their names are fixed: the Python library has no
// outbox, so there is no upstream setting to follow.
const (
	mongoOutboxCollection = "email_outbox"
	mongoLeaseCollection  = "email_outbox_leases"
)

// mongoClaimBatch is how many due messages one claim considers; each
// worker holds one lease at a time, so this many is plenty to find one
// that no other worker holds.
const mongoClaimBatch = 32

// mongoOutboxDoc is one queued message.
type mongoOutboxDoc struct {
	ID          string     `bson:"_id"`
	Payload     []byte     `bson:"payload"`
	CreatedAt   time.Time  `bson:"created_at"`
	AvailableAt time.Time  `bson:"available_at"`
	Attempts    int        `bson:"attempts"`
	LastError   *string    `bson:"last_error"`
	DeadAt      *time.Time `bson:"dead_at"`
}

// mongoLeaseDoc is a worker's claim on message Msg. Its _id is the lease
// id, random and never reused; the unique index email_outbox_lease_msg on
// msg lets one lease per message exist.
type mongoLeaseDoc struct {
	Lease string    `bson:"_id"`
	Msg   string    `bson:"msg"`
	Until time.Time `bson:"until"`
}

func (s *mongoStore) emailOutbox() *mongo.Collection { return s.db.Collection(mongoOutboxCollection) }
func (s *mongoStore) emailLeases() *mongo.Collection { return s.db.Collection(mongoLeaseCollection) }

// EnqueueEmail stores a queued message.
func (s *mongoStore) EnqueueEmail(ctx context.Context, m *OutboxMessage) error {
	_, err := s.emailOutbox().InsertOne(ctx, mongoOutboxDoc{
		ID: m.ID, Payload: m.Payload, CreatedAt: m.CreatedAt, AvailableAt: m.AvailableAt,
	})
	if err != nil {
		return fmt.Errorf("mongo: enqueue email: %w", err)
	}
	return nil
}

// ClaimEmail leases the oldest due message that no live lease holds.
//
// The claim cannot be a findOneAndUpdate: FerretDB runs that as a read
// followed by a write, so two workers could both take one message. It rests
// instead on the two operations that are atomic there too: inserting a
// lease document for the message (the unique index on msg lets one insert
// win), and, to take over a lease that ran out, deleting that lease
// document by its _id (one deleter sees DeletedCount 1). A lease's _id is
// random and never reused: FerretDB deletes by reading the matching
// documents first, so a delete aimed at an old lease must not be able to
// match a newer one. Only the lease holder then writes the message, so the
// message's own updates need no atomicity. After winning the lease the
// message is read again: a worker that held it before may have delivered or
// rescheduled it in the meantime.
func (s *mongoStore) ClaimEmail(ctx context.Context, now time.Time, lease string, leaseUntil time.Time) (*OutboxMessage, error) {
	cur, err := s.emailOutbox().Find(ctx,
		bson.D{{Key: "dead_at", Value: nil}, {Key: "available_at", Value: bson.D{{Key: "$lte", Value: now}}}},
		mongoopts.Find().
			SetSort(bson.D{{Key: "available_at", Value: 1}, {Key: "_id", Value: 1}}).
			SetLimit(mongoClaimBatch).
			SetProjection(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("mongo: claim email: %w", err)
	}
	var due []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &due); err != nil {
		return nil, fmt.Errorf("mongo: claim email: %w", err)
	}
	for _, c := range due {
		won, err := s.takeEmailLease(ctx, c.ID, now, lease, leaseUntil)
		if err != nil {
			return nil, err
		}
		if !won {
			continue
		}
		m, err := s.leasedEmail(ctx, c.ID, now)
		if err != nil {
			return nil, errors.Join(err, s.dropEmailLease(ctx, c.ID, lease))
		}
		if m == nil {
			// Delivered or rescheduled by the previous holder meanwhile: give
			// the lease back and try the next.
			if err := s.dropEmailLease(ctx, c.ID, lease); err != nil {
				return nil, err
			}
			continue
		}
		return m, nil
	}
	return nil, ErrNotFound
}

// takeEmailLease tries to make lease the holder of message id until
// leaseUntil; false when a live lease of another worker holds it, or
// another worker won the race for an expired one.
func (s *mongoStore) takeEmailLease(ctx context.Context, id string, now time.Time, lease string, leaseUntil time.Time) (bool, error) {
	leases := s.emailLeases()
	for range 2 {
		_, err := leases.InsertOne(ctx, mongoLeaseDoc{Lease: lease, Msg: id, Until: leaseUntil})
		if err == nil {
			return true, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return false, fmt.Errorf("mongo: lease email: %w", err)
		}
		var held mongoLeaseDoc
		err = leases.FindOne(ctx, bson.D{{Key: "msg", Value: id}}).Decode(&held)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
			continue // released meanwhile: try the insert again
		case err != nil:
			return false, fmt.Errorf("mongo: lease email: %w", err)
		case held.Until.After(now):
			return false, nil
		}
		// Expired: of the workers deleting this very lease, one wins.
		res, err := leases.DeleteOne(ctx, bson.D{{Key: "_id", Value: held.Lease}})
		if err != nil {
			return false, fmt.Errorf("mongo: take over email lease: %w", err)
		}
		if res.DeletedCount == 0 {
			return false, nil
		}
	}
	return false, nil
}

// leasedEmail reads message id under a freshly won lease and counts the
// attempt; nil when it is no longer due.
func (s *mongoStore) leasedEmail(ctx context.Context, id string, now time.Time) (*OutboxMessage, error) {
	var d mongoOutboxDoc
	err := s.emailOutbox().FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("mongo: claim email: %w", err)
	}
	if d.DeadAt != nil || d.AvailableAt.After(now) {
		return nil, nil
	}
	d.Attempts++
	if _, err := s.emailOutbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "attempts", Value: d.Attempts}}}}); err != nil {
		return nil, fmt.Errorf("mongo: claim email: %w", err)
	}
	return &OutboxMessage{
		ID: d.ID, Payload: d.Payload, CreatedAt: d.CreatedAt, AvailableAt: d.AvailableAt,
		Attempts: d.Attempts, LastError: d.LastError, DeadAt: d.DeadAt,
	}, nil
}

// holdsEmailLease reports whether lease still holds message id.
func (s *mongoStore) holdsEmailLease(ctx context.Context, id, lease string) error {
	err := s.emailLeases().FindOne(ctx, bson.D{{Key: "_id", Value: lease}, {Key: "msg", Value: id}}).Err()
	if errors.Is(err, mongo.ErrNoDocuments) {
		return ErrNotFound
	} else if err != nil {
		return fmt.Errorf("mongo: check email lease: %w", err)
	}
	return nil
}

// dropEmailLease deletes lease's claim on message id, if it still has one.
func (s *mongoStore) dropEmailLease(ctx context.Context, id, lease string) error {
	if _, err := s.emailLeases().DeleteOne(ctx, bson.D{{Key: "_id", Value: lease}, {Key: "msg", Value: id}}); err != nil {
		return fmt.Errorf("mongo: release email lease: %w", err)
	}
	return nil
}

// CompleteEmail deletes a delivered message held by lease, then the lease.
func (s *mongoStore) CompleteEmail(ctx context.Context, id, lease string) error {
	if err := s.holdsEmailLease(ctx, id, lease); err != nil {
		return err
	}
	if _, err := s.emailOutbox().DeleteOne(ctx, bson.D{{Key: "_id", Value: id}}); err != nil {
		return fmt.Errorf("mongo: complete email: %w", err)
	}
	return s.dropEmailLease(ctx, id, lease)
}

// RetryEmail reschedules a failed message held by lease, then releases it.
func (s *mongoStore) RetryEmail(ctx context.Context, id, lease string, availableAt time.Time, lastErr string) error {
	return s.updateLeasedEmail(ctx, id, lease, bson.D{
		{Key: "available_at", Value: availableAt}, {Key: "last_error", Value: lastErr},
	})
}

// KillEmail dead-letters a message held by lease, then releases it.
func (s *mongoStore) KillEmail(ctx context.Context, id, lease string, at time.Time, lastErr string) error {
	return s.updateLeasedEmail(ctx, id, lease, bson.D{
		{Key: "dead_at", Value: at}, {Key: "last_error", Value: lastErr},
	})
}

// updateLeasedEmail sets fields on message id while lease holds it, then
// releases the lease: the message is written before anyone can claim it.
func (s *mongoStore) updateLeasedEmail(ctx context.Context, id, lease string, set bson.D) error {
	if err := s.holdsEmailLease(ctx, id, lease); err != nil {
		return err
	}
	if _, err := s.emailOutbox().UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, bson.D{{Key: "$set", Value: set}}); err != nil {
		return fmt.Errorf("mongo: update email: %w", err)
	}
	return s.dropEmailLease(ctx, id, lease)
}

// OutboxStats counts the queue and lists the latest failures.
func (s *mongoStore) OutboxStats(ctx context.Context, failing int) (OutboxStats, error) {
	var st OutboxStats
	coll := s.emailOutbox()
	queued := bson.D{{Key: "dead_at", Value: nil}}
	var err error
	if st.Queued, err = coll.CountDocuments(ctx, queued); err != nil {
		return st, fmt.Errorf("mongo: count queued email: %w", err)
	}
	if st.Queued > 0 {
		var oldest mongoOutboxDoc
		err := coll.FindOne(ctx, queued, mongoopts.FindOne().
			SetSort(bson.D{{Key: "created_at", Value: 1}}).
			SetProjection(bson.D{{Key: "payload", Value: 0}})).Decode(&oldest)
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return st, fmt.Errorf("mongo: oldest queued email: %w", err)
		}
		st.OldestQueued = oldest.CreatedAt
	}
	if st.Dead, err = coll.CountDocuments(ctx, bson.D{{Key: "dead_at", Value: bson.D{{Key: "$ne", Value: nil}}}}); err != nil {
		return st, fmt.Errorf("mongo: count dead email: %w", err)
	}
	cur, err := coll.Find(ctx, bson.D{{Key: "last_error", Value: bson.D{{Key: "$ne", Value: nil}}}},
		mongoopts.Find().
			SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: 1}}).
			SetLimit(int64(failing)).
			SetProjection(bson.D{{Key: "payload", Value: 0}}))
	if err != nil {
		return st, fmt.Errorf("mongo: failing email: %w", err)
	}
	var docs []mongoOutboxDoc
	if err := cur.All(ctx, &docs); err != nil {
		return st, fmt.Errorf("mongo: failing email: %w", err)
	}
	for _, d := range docs {
		st.Failing = append(st.Failing, OutboxFailure{
			ID: d.ID, CreatedAt: d.CreatedAt, Attempts: d.Attempts, LastError: deref(d.LastError), DeadAt: d.DeadAt,
		})
	}
	return st, nil
}

// ReapDeadEmail deletes messages dead-lettered at or before before, and
// leases that ran out before it (left by workers that died).
func (s *mongoStore) ReapDeadEmail(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.emailOutbox().DeleteMany(ctx, bson.D{{Key: "dead_at", Value: bson.D{{Key: "$lte", Value: before}}}})
	if err != nil {
		return 0, fmt.Errorf("mongo: reap dead email: %w", err)
	}
	if _, err := s.emailLeases().DeleteMany(ctx, bson.D{{Key: "until", Value: bson.D{{Key: "$lt", Value: before}}}}); err != nil {
		return res.DeletedCount, fmt.Errorf("mongo: reap email leases: %w", err)
	}
	return res.DeletedCount, nil
}
