//regstack:feature admin

package auth

import (
	"fmt"
	"math"
	"net/http"
)

// adminStats is the answer of GET /admin/stats (the reference's AdminStats).
type adminStats struct {
	TotalUsers           int64 `json:"total_users"`
	ActiveUsers          int64 `json:"active_users"`
	VerifiedUsers        int64 `json:"verified_users"`
	Superusers           int64 `json:"superusers"`
	PendingRegistrations int64 `json:"pending_registrations"`
}

// userList is the answer of GET /admin/users (the reference's
// UserListResponse): one page of users and the total count.
type userList struct {
	Items []userPublic `json:"items"`
	Total int64        `json:"total"`
	Skip  int64        `json:"skip"`
	Limit int64        `json:"limit"`
}

// The bounds of GET /admin/users' paging parameters, as in the reference.
const (
	adminListDefaultLimit = 50
	adminListMaxLimit     = 200
)

// admin wraps an endpoint of the admin API: the bearer checks first (401),
// then the superuser check (403), and only then the handler, so neither a
// guest nor an ordinary user learns anything from validation errors.
func (rs *RegStack) admin(h sessionHandler) http.Handler {
	return rs.bearer(func(w http.ResponseWriter, r *http.Request, s session) error {
		if !s.user.IsSuperuser {
			return errDetail(http.StatusForbidden, detailAdminRequired)
		}
		return h(w, r, s)
	})
}

// handleAdminStats is GET /admin/stats. Pending registrations count only
// while their link still works (expires_at after now).
func (rs *RegStack) handleAdminStats(w http.ResponseWriter, r *http.Request, _ session) error {
	c, err := rs.adminStore.CountUsers(r.Context(), rs.clock.Now())
	if err != nil {
		return fmt.Errorf("counting users: %w", err)
	}
	writeJSON(w, http.StatusOK, adminStats{
		TotalUsers:           c.Total,
		ActiveUsers:          c.Active,
		VerifiedUsers:        c.Verified,
		Superusers:           c.Superusers,
		PendingRegistrations: c.PendingRegistrations,
	})
	return nil
}

// handleAdminListUsers is GET /admin/users?skip=&limit=: newest accounts
// first, skip ≥ 0 (default 0) and limit 1–200 (default 50), else 422.
func (rs *RegStack) handleAdminListUsers(w http.ResponseWriter, r *http.Request, _ session) error {
	v, err := parseIntQueries(r.URL.Query(),
		intQuery{name: "skip", def: 0, min: 0, max: math.MaxInt64},
		intQuery{name: "limit", def: adminListDefaultLimit, min: 1, max: adminListMaxLimit},
	)
	if err != nil {
		return err
	}
	skip, limit := v[0], v[1]
	ctx := r.Context()
	c, err := rs.adminStore.CountUsers(ctx, rs.clock.Now())
	if err != nil {
		return fmt.Errorf("counting users: %w", err)
	}
	page := userList{Items: []userPublic{}, Total: c.Total, Skip: skip, Limit: limit}
	// A page past the end is empty without asking the database, which also
	// keeps an absurd offset away from the query.
	if skip < c.Total {
		users, err := rs.adminStore.ListUsers(ctx, int(skip), int(limit))
		if err != nil {
			return fmt.Errorf("listing users: %w", err)
		}
		for _, u := range users {
			page.Items = append(page.Items, publicUser(u))
		}
	}
	writeJSON(w, http.StatusOK, page)
	return nil
}
