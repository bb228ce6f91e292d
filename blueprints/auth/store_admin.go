//regstack:feature admin

package auth

import (
	"context"
	"time"
)

// AdminStore is what the admin API needs from the database beyond Store.
// Each backend implements it in store_<backend>_admin.go, generated only
// with enable_admin_router, so a host without the admin API has none of
// these methods.
type AdminStore interface {
	// UpdateUser applies an administrator's edit in one statement: nil
	// fields are left alone; IsActive=false also revokes every session
	// issued at or before now (re-enabling keeps the cutoff). It returns the
	// updated user, or ErrNotFound.
	UpdateUser(ctx context.Context, id string, p UserPatch, now time.Time) (*User, error)
	// ListUsers returns at most limit users after skipping skip, newest
	// created_at first (ties broken by id, descending), so pages are stable.
	ListUsers(ctx context.Context, skip, limit int) ([]*User, error)
	// CountUsers returns the administrator's statistics; pending
	// registrations count only when they expire after now.
	CountUsers(ctx context.Context, now time.Time) (UserCounts, error)
}

// UserPatch is an administrator's edit of a user; a nil field is left
// unchanged (so FullName cannot be cleared this way, as upstream).
type UserPatch struct {
	IsActive    *bool
	IsSuperuser *bool
	FullName    *string
}

// UserCounts are the figures of GET /admin/stats.
type UserCounts struct {
	Total                int64
	Active               int64
	Verified             int64
	Superusers           int64
	PendingRegistrations int64
}
