//regstack:feature backend=mongo admin

package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoStore serves the admin API too.
var _ AdminStore = (*mongoStore)(nil)

// UpdateUser applies an administrator's edit in one findOneAndUpdate:
// only the fields the patch sets change, and disabling the account moves
// the session cutoff to now in the same update.
func (s *mongoStore) UpdateUser(ctx context.Context, id string, p UserPatch, now time.Time) (*User, error) {
	set := bson.D{{Key: "updated_at", Value: now}}
	if p.IsActive != nil {
		set = append(set, bson.E{Key: "is_active", Value: *p.IsActive})
		if !*p.IsActive {
			set = append(set, bson.E{Key: "tokens_invalidated_after", Value: now})
		}
	}
	if p.IsSuperuser != nil {
		set = append(set, bson.E{Key: "is_superuser", Value: *p.IsSuperuser})
	}
	if p.FullName != nil {
		set = append(set, bson.E{Key: "full_name", Value: *p.FullName})
	}
	return s.setUserFieldsReturning(ctx, "update user", id, set)
}

// ListUsers returns one page of users, newest first; _id breaks ties so
// the order is total and pages never overlap.
func (s *mongoStore) ListUsers(ctx context.Context, skip, limit int) ([]*User, error) {
	users := []*User{}
	if limit <= 0 {
		// MongoDB reads a limit of 0 as "no limit".
		return users, nil
	}
	cur, err := s.users.Find(ctx, bson.D{}, mongoopts.Find().
		SetSort(bson.D{{Key: "created_at", Value: -1}, {Key: "_id", Value: -1}}).
		SetSkip(int64(skip)).
		SetLimit(int64(limit)))
	if err != nil {
		return nil, fmt.Errorf("mongo: list users: %w", err)
	}
	var docs []mongoUser
	if err := cur.All(ctx, &docs); err != nil {
		return nil, fmt.Errorf("mongo: list users: %w", err)
	}
	for i := range docs {
		u, err := docs[i].user()
		if err != nil {
			return nil, fmt.Errorf("mongo: list users: %w", err)
		}
		users = append(users, u)
	}
	return users, nil
}

// CountUsers returns the administrator's statistics. The five counts run
// at once, so the call costs about one round trip; pending registrations
// count only when they expire after now.
func (s *mongoStore) CountUsers(ctx context.Context, now time.Time) (UserCounts, error) {
	var c UserCounts
	counts := []struct {
		coll   *mongo.Collection
		filter bson.D
		n      *int64
	}{
		{s.users, bson.D{}, &c.Total},
		{s.users, bson.D{{Key: "is_active", Value: true}}, &c.Active},
		{s.users, bson.D{{Key: "is_verified", Value: true}}, &c.Verified},
		{s.users, bson.D{{Key: "is_superuser", Value: true}}, &c.Superusers},
		{s.pending, bson.D{{Key: "expires_at", Value: bson.D{{Key: "$gt", Value: now}}}}, &c.PendingRegistrations},
	}
	errs := make([]error, len(counts))
	var wg sync.WaitGroup
	for i, q := range counts {
		wg.Go(func() { *q.n, errs[i] = q.coll.CountDocuments(ctx, q.filter) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return UserCounts{}, fmt.Errorf("mongo: count users: %w", err)
	}
	return c, nil
}
