//regstack:feature backend=postgres admin

package auth

import (
	"context"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresStore serves the admin API too.
var _ AdminStore = (*postgresStore)(nil)

// UpdateUser applies an administrator's edit in one UPDATE.
func (s *postgresStore) UpdateUser(ctx context.Context, id string, p UserPatch, now time.Time) (*User, error) {
	r, err := s.q.UpdateUser(ctx, pgdb.UpdateUserParams{
		ID:          id,
		Now:         now,
		IsActive:    p.IsActive,
		IsSuperuser: p.IsSuperuser,
		FullName:    p.FullName,
	})
	if err != nil {
		return nil, postgresErr("update user", err)
	}
	return userFromPostgres(r), nil
}

// ListUsers returns one page of users, newest first.
func (s *postgresStore) ListUsers(ctx context.Context, skip, limit int) ([]*User, error) {
	rows, err := s.q.ListUsers(ctx, pgdb.ListUsersParams{Skip: postgresInt32(skip), PageSize: postgresInt32(limit)})
	if err != nil {
		return nil, postgresErr("list users", err)
	}
	users := make([]*User, len(rows))
	for i, r := range rows {
		users[i] = userFromPostgres(r)
	}
	return users, nil
}

// CountUsers returns the administrator's statistics in one query.
func (s *postgresStore) CountUsers(ctx context.Context, now time.Time) (UserCounts, error) {
	r, err := s.q.CountUsers(ctx, now)
	if err != nil {
		return UserCounts{}, postgresErr("count users", err)
	}
	return UserCounts{
		Total:                r.Total,
		Active:               r.Active,
		Verified:             r.Verified,
		Superusers:           r.Superusers,
		PendingRegistrations: r.Pending,
	}, nil
}
