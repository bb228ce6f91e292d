//regstack:feature admin

package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testStoreAdmin covers AdminStore, the methods behind the admin API,
// which every backend implements in a package generated with it.
func testStoreAdmin(t *testing.T, newStore func(t *testing.T) Store) {
	t.Run("UpdateUser", func(t *testing.T) { testStoreUpdateUser(t, newStore) })
	t.Run("ListUsers", func(t *testing.T) { testStoreListUsers(t, newStore) })
	t.Run("CountUsers", func(t *testing.T) { testStoreCountUsers(t, newStore) })
}

// adminTestStore is a store with the admin methods, as New sees it.
type adminTestStore interface {
	Store
	AdminStore
}

// newAdminStore returns newStore's store with its admin methods.
func newAdminStore(t *testing.T, newStore func(t *testing.T) Store) adminTestStore {
	t.Helper()
	s, ok := newStore(t).(adminTestStore)
	if !ok {
		t.Fatal("the store does not implement AdminStore")
	}
	return s
}

func testStoreUpdateUser(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newAdminStore(t, newStore)
	u := contractUser("edited@example.com")
	u.FullName = contractPtr("Before")
	contractMustCreateUser(t, s, u)

	// An empty patch still touches updated_at and changes nothing else.
	t1 := contractNow().Add(time.Minute)
	got, err := s.UpdateUser(ctx, u.ID, UserPatch{}, t1)
	if err != nil {
		t.Fatalf("UpdateUser(empty): %v", err)
	}
	u.UpdatedAt = t1
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UpdateUser(empty) mismatch (-want +got):\n%s", diff)
	}

	// Disabling revokes sessions; the other fields change as asked.
	t2 := contractNow().Add(2 * time.Minute)
	got, err = s.UpdateUser(ctx, u.ID, UserPatch{
		IsActive: contractPtr(false), IsSuperuser: contractPtr(true), FullName: contractPtr("After"),
	}, t2)
	if err != nil {
		t.Fatalf("UpdateUser(disable): %v", err)
	}
	u.IsActive, u.IsSuperuser, u.FullName, u.UpdatedAt, u.TokensInvalidatedAfter = false, true, contractPtr("After"), t2, contractPtr(t2)
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UpdateUser(disable) mismatch (-want +got):\n%s", diff)
	}
	assertContractStoredUser(t, s, u)

	// Re-enabling keeps the cutoff, so the sessions it revoked stay revoked.
	t3 := contractNow().Add(3 * time.Minute)
	got, err = s.UpdateUser(ctx, u.ID, UserPatch{IsActive: contractPtr(true), IsSuperuser: contractPtr(false)}, t3)
	if err != nil {
		t.Fatalf("UpdateUser(enable): %v", err)
	}
	u.IsActive, u.IsSuperuser, u.UpdatedAt = true, false, t3
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("UpdateUser(enable) mismatch (-want +got):\n%s", diff)
	}

	if _, err := s.UpdateUser(ctx, contractID(), UserPatch{IsActive: contractPtr(false)}, t3); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpdateUser(unknown id) = %v, want ErrNotFound", err)
	}
}

func testStoreListUsers(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newAdminStore(t, newStore)
	if users, err := s.ListUsers(ctx, 0, 50); err != nil || len(users) != 0 {
		t.Fatalf("ListUsers on an empty store = %d users, %v; want none", len(users), err)
	}
	// Five users, the last two created at the same instant.
	var want []string // newest first
	for i, offset := range []time.Duration{0, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second} {
		u := contractUser(string(rune('a'+i)) + "@example.com")
		u.CreatedAt = contractNow().Add(offset)
		contractMustCreateUser(t, s, u)
		want = append([]string{u.ID}, want...)
	}
	// Equal created_at: the larger id comes first.
	if want[0] < want[1] {
		want[0], want[1] = want[1], want[0]
	}
	var got []string
	for skip := 0; skip < 6; skip += 2 {
		page, err := s.ListUsers(ctx, skip, 2)
		if err != nil {
			t.Fatalf("ListUsers(%d, 2): %v", skip, err)
		}
		for _, u := range page {
			assertContractUTC(t, u)
			got = append(got, u.ID)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ListUsers pages mismatch (-want +got):\n%s", diff)
	}
	if page, err := s.ListUsers(ctx, 5, 10); err != nil || len(page) != 0 {
		t.Errorf("ListUsers past the end = %d users, %v; want none", len(page), err)
	}
}

func testStoreCountUsers(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newAdminStore(t, newStore)
	admin := contractUser("admin@example.com")
	admin.IsSuperuser = true
	disabled := contractUser("disabled@example.com")
	disabled.IsActive = false
	unverified := contractUser("new@example.com")
	unverified.IsVerified = false
	for _, u := range []*User{admin, disabled, unverified} {
		contractMustCreateUser(t, s, u)
	}
	now := contractNow()
	for _, p := range []*PendingRegistration{
		contractPending("live@example.com", "live-hash", now.Add(time.Hour)),
		contractPending("expired@example.com", "expired-hash", now.Add(-time.Second)),
		contractPending("edge@example.com", "edge-hash", now), // expires at now: not counted
	} {
		if err := s.UpsertPending(ctx, p, ""); err != nil {
			t.Fatalf("UpsertPending(%s): %v", p.Email, err)
		}
	}
	got, err := s.CountUsers(ctx, now)
	if err != nil {
		t.Fatalf("CountUsers: %v", err)
	}
	want := UserCounts{Total: 3, Active: 2, Verified: 2, Superusers: 1, PendingRegistrations: 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CountUsers mismatch (-want +got):\n%s", diff)
	}
}
