//regstack:feature backend=sqlite admin

package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// sqliteStore serves the admin API too.
var _ AdminStore = (*sqliteStore)(nil)

// UpdateUser applies an administrator's edit in one UPDATE.
func (s *sqliteStore) UpdateUser(ctx context.Context, id string, p UserPatch, now time.Time) (*User, error) {
	r, err := s.w.UpdateUser(ctx, sqlitedb.UpdateUserParams{
		ID:          id,
		Now:         now,
		IsActive:    p.IsActive,
		IsSuperuser: p.IsSuperuser,
		FullName:    p.FullName,
	})
	if err != nil {
		return nil, sqliteNotFound(err)
	}
	return userFromSQLite(r), nil
}

// ListUsers returns one page of users, newest first.
func (s *sqliteStore) ListUsers(ctx context.Context, skip, limit int) ([]*User, error) {
	rows, err := s.r.ListUsers(ctx, sqlitedb.ListUsersParams{Offset: int64(skip), Limit: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	users := make([]*User, len(rows))
	for i, r := range rows {
		users[i] = userFromSQLite(r)
	}
	return users, nil
}

// CountUsers returns the administrator's statistics in one query.
func (s *sqliteStore) CountUsers(ctx context.Context, now time.Time) (UserCounts, error) {
	r, err := s.r.CountUsers(ctx, now)
	if err != nil {
		return UserCounts{}, fmt.Errorf("sqlite: count users: %w", err)
	}
	return UserCounts{
		Total:                r.Total,
		Active:               r.Active,
		Verified:             r.Verified,
		Superusers:           r.Superusers,
		PendingRegistrations: r.Pending,
	}, nil
}
