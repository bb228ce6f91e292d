package auth

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// contractNow is the reference instant of the store contract. It has whole
// milliseconds because that is the finest precision every backend keeps
// (MongoDB stores milliseconds, SQL backends microseconds).
func contractNow() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 891_000_000, time.UTC) }

// testStoreContract runs the behaviour every Store implementation must
// have. newStore returns an empty store with its schema installed and
// arranges its own cleanup; every subtest gets a fresh one. Nothing here
// may depend on a particular database.
func testStoreContract(t *testing.T, newStore func(t *testing.T) Store) {
	t.Run("Users", func(t *testing.T) { testStoreUsers(t, newStore) })
	t.Run("SessionUser", func(t *testing.T) { testStoreSessionUser(t, newStore) })
	t.Run("Setters", func(t *testing.T) { testStoreSetters(t, newStore) })
	t.Run("Pending", func(t *testing.T) { testStorePending(t, newStore) })
	t.Run("PendingContest", func(t *testing.T) { testStorePendingContest(t, newStore) })
	t.Run("RevokeToken", func(t *testing.T) { testStoreRevokeToken(t, newStore) })
	t.Run("RevokeTokenOnce", func(t *testing.T) { testStoreRevokeTokenOnce(t, newStore) })
	t.Run("LoginFailures", func(t *testing.T) { testStoreLoginFailures(t, newStore) })
	t.Run("LoginReservations", func(t *testing.T) { testStoreLoginReservations(t, newStore) })
	t.Run("DeleteUserRace", func(t *testing.T) { testStoreDeleteUserRace(t, newStore) })
	t.Run("DeleteUser", func(t *testing.T) { testStoreDeleteUser(t, newStore) })
	t.Run("Reap", func(t *testing.T) { testStoreReap(t, newStore) })
	t.Run("InstallSchemaAgain", func(t *testing.T) {
		s := newStore(t)
		contractMustCreateUser(t, s, contractUser("kept@example.com"))
		if _, err := s.InstallSchema(t.Context()); err != nil {
			t.Fatalf("second InstallSchema: %v", err)
		}
		if _, err := s.UserByEmail(t.Context(), "kept@example.com"); err != nil {
			t.Fatalf("user after second InstallSchema: %v", err)
		}
	})
	t.Run("Races", func(t *testing.T) { testStoreRaces(t, newStore) })
	t.Run("Schema", func(t *testing.T) { testStoreSchema(t, newStore) })
	t.Run("SetVerified", func(t *testing.T) { testStoreSetVerified(t, newStore) })

	//regstack:if admin

	t.Run("Admin", func(t *testing.T) { testStoreAdmin(t, newStore) })

	//regstack:end

	t.Run("Outbox", func(t *testing.T) { testStoreOutbox(t, newStore) })
}

// contractID returns a fresh id in the form the handlers use: 32 lowercase
// hex characters.
func contractID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func contractPtr[T any](v T) *T { return &v }

// contractUser returns a verified, active user with every optional field
// empty.
func contractUser(email string) *User {
	return &User{
		ID:             contractID(),
		Email:          email,
		HashedPassword: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaA",
		IsActive:       true,
		IsVerified:     true,
		CreatedAt:      contractNow(),
		UpdatedAt:      contractNow(),
	}
}

func contractMustCreateUser(t *testing.T, s Store, u *User) {
	t.Helper()
	if err := s.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", u.Email, err)
	}
}

// assertContractUTC fails unless every time in u is in UTC, so callers can format
// them without converting.
func assertContractUTC(t *testing.T, u *User) {
	t.Helper()
	times := map[string]*time.Time{
		"CreatedAt":              &u.CreatedAt,
		"UpdatedAt":              &u.UpdatedAt,
		"LastLogin":              u.LastLogin,
		"TokensInvalidatedAfter": u.TokensInvalidatedAfter,
	}
	for name, tm := range times {
		if tm != nil && tm.Location() != time.UTC {
			t.Errorf("%s location = %v, want UTC", name, tm.Location())
		}
	}
}

func testStoreUsers(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)

	full := contractUser("Alice@example.com")
	full.IsSuperuser = true
	full.IsVerified = false
	full.FullName = contractPtr("Alice Liddell")
	full.PhoneNumber = contractPtr("+14155552671")
	full.IsMFAEnabled = true
	full.UpdatedAt = contractNow().Add(time.Minute)
	full.LastLogin = contractPtr(contractNow().Add(2 * time.Minute))
	full.TokensInvalidatedAfter = contractPtr(contractNow().Add(3 * time.Minute))
	contractMustCreateUser(t, s, full)

	// An account created through OAuth has no password.
	noPassword := contractUser("oauth@example.com")
	noPassword.HashedPassword = ""
	contractMustCreateUser(t, s, noPassword)

	// Input in another zone is the same instant and reads back in UTC.
	zoned := contractUser("zoned@example.com")
	zoned.CreatedAt = contractNow().In(time.FixedZone("UTC+5", 5*3600))
	zoned.UpdatedAt = zoned.CreatedAt
	contractMustCreateUser(t, s, zoned)

	for _, want := range []*User{full, noPassword, zoned} {
		byID, err := s.UserByID(ctx, want.ID)
		if err != nil {
			t.Fatalf("UserByID(%s): %v", want.Email, err)
		}
		if diff := cmp.Diff(want, byID); diff != "" {
			t.Errorf("UserByID(%s) mismatch (-want +got):\n%s", want.Email, diff)
		}
		assertContractUTC(t, byID)
		byEmail, err := s.UserByEmail(ctx, want.Email)
		if err != nil {
			t.Fatalf("UserByEmail(%s): %v", want.Email, err)
		}
		if diff := cmp.Diff(want, byEmail); diff != "" {
			t.Errorf("UserByEmail(%s) mismatch (-want +got):\n%s", want.Email, diff)
		}
	}
	if noPassword.HasPassword() {
		t.Error("user without password: HasPassword() = true")
	}

	tests := []struct {
		name  string
		email string
		want  error
	}{
		{"same address", "Alice@example.com", ErrDuplicateEmail},
		// Emails are compared exactly, as upstream: the local part keeps
		// its case, so this is a different account.
		{"local part differs in case", "alice@example.com", nil},
		{"new address", "bob@example.com", nil},
	}
	for _, tt := range tests {
		t.Run("Create/"+tt.name, func(t *testing.T) {
			err := s.CreateUser(ctx, contractUser(tt.email))
			if !errors.Is(err, tt.want) {
				t.Errorf("CreateUser(%s) = %v, want %v", tt.email, err, tt.want)
			}
		})
	}

	missing := []struct {
		name string
		get  func() (*User, error)
	}{
		{"UserByID unknown", func() (*User, error) { return s.UserByID(ctx, contractID()) }},
		{"UserByEmail unknown", func() (*User, error) { return s.UserByEmail(ctx, "nobody@example.com") }},
		{"UserByEmail other case", func() (*User, error) { return s.UserByEmail(ctx, "ALICE@example.com") }},
		{"UserByEmail other domain case", func() (*User, error) { return s.UserByEmail(ctx, "Alice@Example.com") }},
	}
	for _, tt := range missing {
		t.Run(tt.name, func(t *testing.T) {
			u, err := tt.get()
			if !errors.Is(err, ErrNotFound) || u != nil {
				t.Errorf("got (%v, %v), want (nil, ErrNotFound)", u, err)
			}
		})
	}
}

func testStoreSessionUser(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)
	u := contractUser("session@example.com")
	contractMustCreateUser(t, s, u)
	if _, err := s.RevokeToken(ctx, "revoked-jti", contractNow().Add(time.Hour)); err != nil {
		t.Fatalf("RevokeToken: %v", err)
	}

	tests := []struct {
		name        string
		userID, jti string
		wantUser    *User
		wantRevoked bool
		wantErr     error
	}{
		{"user, not revoked", u.ID, "live-jti", u, false, nil},
		{"user, revoked", u.ID, "revoked-jti", u, true, nil},
		{"no user, not revoked", contractID(), "live-jti", nil, false, ErrNotFound},
		{"no user, revoked", contractID(), "revoked-jti", nil, true, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, revoked, err := s.SessionUser(ctx, tt.userID, tt.jti)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if revoked != tt.wantRevoked {
				t.Errorf("revoked = %v, want %v", revoked, tt.wantRevoked)
			}
			if diff := cmp.Diff(tt.wantUser, got); diff != "" {
				t.Errorf("user mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func testStoreSetters(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	later := contractNow().Add(90 * time.Second)

	t.Run("SetLastLogin", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("login@example.com")
		contractMustCreateUser(t, s, u)
		if err := s.SetLastLogin(ctx, u.ID, later); err != nil {
			t.Fatalf("SetLastLogin: %v", err)
		}
		want := *u
		want.LastLogin = contractPtr(later)
		want.UpdatedAt = later
		assertContractStoredUser(t, s, &want)
	})

	t.Run("RecordLogin", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("signin@example.com")
		contractMustCreateUser(t, s, u)
		for _, addr := range []string{u.Email, u.Email, "Signin@example.com"} {
			if err := s.RecordLoginFailure(ctx, addr, contractNow()); err != nil {
				t.Fatalf("RecordLoginFailure: %v", err)
			}
		}
		if err := s.RecordLogin(ctx, u.ID, u.Email, later); err != nil {
			t.Fatalf("RecordLogin: %v", err)
		}
		want := *u
		want.LastLogin = contractPtr(later)
		want.UpdatedAt = later
		assertContractStoredUser(t, s, &want)
		// The address's failures are gone; another spelling's stay.
		for addr, n := range map[string]int{u.Email: 0, "Signin@example.com": 1} {
			if got, err := s.CountLoginFailures(ctx, addr, contractNow().Add(-time.Hour)); err != nil || got != n {
				t.Errorf("CountLoginFailures(%s) = %d, %v; want %d", addr, got, err, n)
			}
		}
	})

	t.Run("RecordLogin of a deleted user clears nothing", func(t *testing.T) {
		s := newStore(t)
		const addr = "gone@example.com"
		if err := s.RecordLoginFailure(ctx, addr, contractNow()); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
		if err := s.RecordLogin(ctx, contractID(), addr, later); !errors.Is(err, ErrNotFound) {
			t.Fatalf("RecordLogin(unknown id) = %v, want ErrNotFound", err)
		}
		if got, err := s.CountLoginFailures(ctx, addr, contractNow().Add(-time.Hour)); err != nil || got != 1 {
			t.Errorf("CountLoginFailures = %d, %v; want the failure kept (1)", got, err)
		}
	})

	t.Run("SetFullName", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("name@example.com")
		contractMustCreateUser(t, s, u)
		want := *u
		want.FullName = contractPtr("Ada Lovelace")
		want.UpdatedAt = later
		got, err := s.SetFullName(ctx, u.ID, contractPtr("Ada Lovelace"), later)
		if err != nil {
			t.Fatalf("SetFullName: %v", err)
		}
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("returned user mismatch (-want +got):\n%s", diff)
		}
		assertContractStoredUser(t, s, &want)

		// nil clears the name.
		evenLater := later.Add(time.Second)
		want.FullName = nil
		want.UpdatedAt = evenLater
		got, err = s.SetFullName(ctx, u.ID, nil, evenLater)
		if err != nil {
			t.Fatalf("SetFullName(nil): %v", err)
		}
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("returned user after clearing mismatch (-want +got):\n%s", diff)
		}
		assertContractStoredUser(t, s, &want)
	})

	t.Run("SetPassword", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("password@example.com")
		u.HashedPassword = "" // an OAuth-only account setting its first password
		contractMustCreateUser(t, s, u)
		if err := s.SetPassword(ctx, u.ID, "$argon2id$new", later); err != nil {
			t.Fatalf("SetPassword: %v", err)
		}
		want := *u
		want.HashedPassword = "$argon2id$new"
		want.TokensInvalidatedAfter = contractPtr(later)
		want.UpdatedAt = later
		assertContractStoredUser(t, s, &want)
	})

	t.Run("SetEmail", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("old@example.com")
		other := contractUser("taken@example.com")
		contractMustCreateUser(t, s, u)
		contractMustCreateUser(t, s, other)

		if _, err := s.SetEmail(ctx, u.ID, "taken@example.com", later); !errors.Is(err, ErrDuplicateEmail) {
			t.Fatalf("SetEmail to a taken address: err = %v, want ErrDuplicateEmail", err)
		}
		assertContractStoredUser(t, s, u)

		want := *u
		want.Email = "new@example.com"
		want.TokensInvalidatedAfter = contractPtr(later)
		want.UpdatedAt = later
		got, err := s.SetEmail(ctx, u.ID, "new@example.com", later)
		if err != nil {
			t.Fatalf("SetEmail: %v", err)
		}
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("returned user mismatch (-want +got):\n%s", diff)
		}
		assertContractStoredUser(t, s, &want)
		if _, err := s.UserByEmail(ctx, "old@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("UserByEmail(old address) err = %v, want ErrNotFound", err)
		}
		// The old address is free again.
		contractMustCreateUser(t, s, contractUser("old@example.com"))
	})

	t.Run("SetSuperuser", func(t *testing.T) {
		s := newStore(t)
		u := contractUser("admin@example.com")
		contractMustCreateUser(t, s, u)
		if err := s.SetSuperuser(ctx, u.ID, later); err != nil {
			t.Fatalf("SetSuperuser: %v", err)
		}
		want := *u
		want.IsSuperuser = true
		want.UpdatedAt = later
		assertContractStoredUser(t, s, &want)
	})

	t.Run("unknown user", func(t *testing.T) {
		s := newStore(t)
		id := contractID()
		calls := map[string]func() error{
			"SetLastLogin": func() error { return s.SetLastLogin(ctx, id, later) },
			"RecordLogin":  func() error { return s.RecordLogin(ctx, id, "x@example.com", later) },
			"SetFullName": func() error {
				_, err := s.SetFullName(ctx, id, contractPtr("x"), later)
				return err
			},
			"SetPassword": func() error { return s.SetPassword(ctx, id, "h", later) },
			"SetEmail": func() error {
				_, err := s.SetEmail(ctx, id, "x@example.com", later)
				return err
			},
			"SetSuperuser": func() error { return s.SetSuperuser(ctx, id, later) },
		}
		for name, call := range calls {
			if err := call(); !errors.Is(err, ErrNotFound) {
				t.Errorf("%s(unknown id) = %v, want ErrNotFound", name, err)
			}
		}
	})
}

// assertContractStoredUser fails unless the store holds exactly want under want.ID.
func assertContractStoredUser(t *testing.T, s Store, want *User) {
	t.Helper()
	got, err := s.UserByID(t.Context(), want.ID)
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored user mismatch (-want +got):\n%s", diff)
	}
	assertContractUTC(t, got)
}

func contractPending(email, tokenHash string, expires time.Time) *PendingRegistration {
	return &PendingRegistration{
		ID:             contractID(),
		Email:          email,
		HashedPassword: "$argon2id$pending",
		TokenHash:      tokenHash,
		CreatedAt:      contractNow(),
		ExpiresAt:      expires,
	}
}

func testStorePending(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()

	t.Run("upsert replaces the earlier token", func(t *testing.T) {
		s := newStore(t)
		first := contractPending("new@example.com", "hash-1", contractNow().Add(time.Hour))
		first.FullName = contractPtr("First Try")
		second := contractPending("new@example.com", "hash-2", contractNow().Add(2*time.Hour))
		for _, p := range []*PendingRegistration{first, second} {
			if err := s.UpsertPending(ctx, p, ""); err != nil {
				t.Fatalf("UpsertPending(%s): %v", p.TokenHash, err)
			}
		}
		got, err := s.PendingByEmail(ctx, "new@example.com")
		if err != nil {
			t.Fatalf("PendingByEmail: %v", err)
		}
		if diff := cmp.Diff(second, got); diff != "" {
			t.Errorf("PendingByEmail mismatch (-want +got):\n%s", diff)
		}
		if _, err := s.TakePending(ctx, "hash-1"); !errors.Is(err, ErrNotFound) {
			t.Errorf("TakePending(replaced token) err = %v, want ErrNotFound", err)
		}
	})

	t.Run("take is single-use", func(t *testing.T) {
		s := newStore(t)
		p := contractPending("once@example.com", "hash-once", contractNow().Add(time.Hour))
		p.FullName = contractPtr("Once")
		other := contractPending("other@example.com", "hash-other", contractNow().Add(time.Hour))
		for _, q := range []*PendingRegistration{p, other} {
			if err := s.UpsertPending(ctx, q, ""); err != nil {
				t.Fatalf("UpsertPending: %v", err)
			}
		}
		got, err := s.TakePending(ctx, "hash-once")
		if err != nil {
			t.Fatalf("TakePending: %v", err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("TakePending mismatch (-want +got):\n%s", diff)
		}
		if _, err := s.TakePending(ctx, "hash-once"); !errors.Is(err, ErrNotFound) {
			t.Errorf("second TakePending err = %v, want ErrNotFound", err)
		}
		if _, err := s.PendingByEmail(ctx, "once@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("PendingByEmail after take err = %v, want ErrNotFound", err)
		}
		if _, err := s.PendingByEmail(ctx, "other@example.com"); err != nil {
			t.Errorf("other registration after take: %v", err)
		}
	})

	t.Run("expired rows are still returned", func(t *testing.T) {
		s := newStore(t)
		p := contractPending("late@example.com", "hash-late", contractNow().Add(-time.Hour))
		if err := s.UpsertPending(ctx, p, ""); err != nil {
			t.Fatalf("UpsertPending: %v", err)
		}
		byEmail, err := s.PendingByEmail(ctx, "late@example.com")
		if err != nil {
			t.Fatalf("PendingByEmail(expired): %v", err)
		}
		if diff := cmp.Diff(p, byEmail); diff != "" {
			t.Errorf("PendingByEmail mismatch (-want +got):\n%s", diff)
		}
		taken, err := s.TakePending(ctx, "hash-late")
		if err != nil {
			t.Fatalf("TakePending(expired): %v", err)
		}
		if diff := cmp.Diff(p, taken); diff != "" {
			t.Errorf("TakePending mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("unknown", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.PendingByEmail(ctx, "none@example.com"); !errors.Is(err, ErrNotFound) {
			t.Errorf("PendingByEmail(unknown) err = %v, want ErrNotFound", err)
		}
		if _, err := s.TakePending(ctx, "no-such-hash"); !errors.Is(err, ErrNotFound) {
			t.Errorf("TakePending(unknown) err = %v, want ErrNotFound", err)
		}
	})
}

func testStoreRevokeToken(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)
	u := contractUser("revoke@example.com")
	contractMustCreateUser(t, s, u)
	for i := range 2 {
		if _, err := s.RevokeToken(ctx, "jti-1", contractNow().Add(time.Hour)); err != nil {
			t.Fatalf("RevokeToken call %d: %v", i+1, err)
		}
	}
	// Presence is what counts: an entry whose exp has passed still revokes
	// until Reap removes it (the token's own exp rejects it anyway).
	if _, err := s.RevokeToken(ctx, "jti-old", contractNow().Add(-time.Hour)); err != nil {
		t.Fatalf("RevokeToken(expired): %v", err)
	}
	for jti, want := range map[string]bool{"jti-1": true, "jti-old": true, "jti-2": false} {
		_, revoked, err := s.SessionUser(ctx, u.ID, jti)
		if err != nil {
			t.Fatalf("SessionUser(%s): %v", jti, err)
		}
		if revoked != want {
			t.Errorf("SessionUser(%s) revoked = %v, want %v", jti, revoked, want)
		}
	}
}

func testStoreLoginFailures(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)
	const email = "locked@example.com"
	at := []time.Time{
		contractNow().Add(-20 * time.Minute),
		contractNow().Add(-15 * time.Minute),
		contractNow().Add(-5 * time.Minute),
		contractNow(),
	}
	for _, a := range at {
		if err := s.RecordLoginFailure(ctx, email, a); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
	}
	if err := s.RecordLoginFailure(ctx, "Locked@example.com", contractNow()); err != nil {
		t.Fatalf("RecordLoginFailure(other address): %v", err)
	}

	tests := []struct {
		name  string
		email string
		since time.Time
		want  int
	}{
		{"everything", email, contractNow().Add(-time.Hour), 4},
		{"since is inclusive", email, contractNow().Add(-15 * time.Minute), 3},
		{"just after a failure", email, contractNow().Add(-15*time.Minute + time.Millisecond), 2},
		{"at the newest", email, contractNow(), 1},
		{"after the newest", email, contractNow().Add(time.Millisecond), 0},
		{"other address", "Locked@example.com", contractNow().Add(-time.Hour), 1},
		{"unknown address", "nobody@example.com", contractNow().Add(-time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.CountLoginFailures(ctx, tt.email, tt.since)
			if err != nil {
				t.Fatalf("CountLoginFailures: %v", err)
			}
			if got != tt.want {
				t.Errorf("CountLoginFailures(%s, %v) = %d, want %d", tt.email, tt.since, got, tt.want)
			}
		})
	}

	if err := s.ClearLoginFailures(ctx, email); err != nil {
		t.Fatalf("ClearLoginFailures: %v", err)
	}
	for addr, want := range map[string]int{email: 0, "Locked@example.com": 1} {
		got, err := s.CountLoginFailures(ctx, addr, contractNow().Add(-time.Hour))
		if err != nil {
			t.Fatalf("CountLoginFailures after clear: %v", err)
		}
		if got != want {
			t.Errorf("after clear, CountLoginFailures(%s) = %d, want %d", addr, got, want)
		}
	}
}

func testStoreDeleteUser(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)
	gone := contractUser("gone@example.com")
	kept := contractUser("kept@example.com")
	for _, u := range []*User{gone, kept} {
		contractMustCreateUser(t, s, u)
		if err := s.UpsertPending(ctx, contractPending(u.Email, "hash-"+u.ID, contractNow().Add(time.Hour)), ""); err != nil {
			t.Fatalf("UpsertPending: %v", err)
		}
		if err := s.RecordLoginFailure(ctx, u.Email, contractNow()); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
	}

	// The caller's copy may be stale; the rows of the stored address go.
	stale := *gone
	stale.Email = "stale@example.com"
	if err := s.DeleteUser(ctx, &stale); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}

	if _, err := s.UserByID(ctx, gone.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("UserByID(deleted) err = %v, want ErrNotFound", err)
	}
	if _, err := s.PendingByEmail(ctx, gone.Email); !errors.Is(err, ErrNotFound) {
		t.Errorf("PendingByEmail(deleted) err = %v, want ErrNotFound", err)
	}
	if n, err := s.CountLoginFailures(ctx, gone.Email, contractNow().Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("CountLoginFailures(deleted) = %d, %v; want 0, nil", n, err)
	}

	if _, err := s.UserByID(ctx, kept.ID); err != nil {
		t.Errorf("other user: %v", err)
	}
	if _, err := s.PendingByEmail(ctx, kept.Email); err != nil {
		t.Errorf("other user's pending registration: %v", err)
	}
	if n, err := s.CountLoginFailures(ctx, kept.Email, contractNow().Add(-time.Hour)); err != nil || n != 1 {
		t.Errorf("other user's failures = %d, %v; want 1, nil", n, err)
	}

	if err := s.DeleteUser(ctx, gone); !errors.Is(err, ErrNotFound) {
		t.Errorf("second DeleteUser err = %v, want ErrNotFound", err)
	}
	// The address can register again.
	contractMustCreateUser(t, s, contractUser(gone.Email))
}

func testStoreReap(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	s := newStore(t)
	const window = 15 * time.Minute
	u := contractUser("reap@example.com")
	contractMustCreateUser(t, s, u)

	// Rows expiring exactly at now are kept: only expires_at < now goes.
	pending := map[string]time.Time{
		"expired-1": contractNow().Add(-time.Hour),
		"expired-2": contractNow().Add(-time.Millisecond),
		"at-now":    contractNow(),
		"fresh":     contractNow().Add(time.Hour),
	}
	for hash, exp := range pending {
		if err := s.UpsertPending(ctx, contractPending(hash+"@example.com", hash, exp), ""); err != nil {
			t.Fatalf("UpsertPending: %v", err)
		}
	}
	revoked := map[string]time.Time{
		"jti-expired": contractNow().Add(-time.Second),
		"jti-at-now":  contractNow(),
		"jti-fresh":   contractNow().Add(time.Hour),
	}
	for jti, exp := range revoked {
		if _, err := s.RevokeToken(ctx, jti, exp); err != nil {
			t.Fatalf("RevokeToken: %v", err)
		}
	}
	for _, at := range []time.Time{
		contractNow().Add(-window - time.Hour),
		contractNow().Add(-window - time.Millisecond),
		contractNow().Add(-window), // still inside the window
		contractNow(),
	} {
		if err := s.RecordLoginFailure(ctx, u.Email, at); err != nil {
			t.Fatalf("RecordLoginFailure: %v", err)
		}
	}

	got, err := s.Reap(ctx, contractNow(), window)
	if err != nil {
		t.Fatalf("Reap: %v", err)
	}
	want := ReapCounts{PendingRegistrations: 2, RevokedTokens: 1, LoginAttempts: 2}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Reap counts mismatch (-want +got):\n%s", diff)
	}

	for hash := range pending {
		_, err := s.PendingByEmail(ctx, hash+"@example.com")
		wantGone := pending[hash].Before(contractNow())
		if gotGone := errors.Is(err, ErrNotFound); gotGone != wantGone || (err != nil && !gotGone) {
			t.Errorf("pending %s after Reap: err = %v, want gone = %v", hash, err, wantGone)
		}
	}
	for jti, exp := range revoked {
		_, isRevoked, err := s.SessionUser(ctx, u.ID, jti)
		if err != nil {
			t.Fatalf("SessionUser: %v", err)
		}
		if want := !exp.Before(contractNow()); isRevoked != want {
			t.Errorf("%s revoked after Reap = %v, want %v", jti, isRevoked, want)
		}
	}
	if n, err := s.CountLoginFailures(ctx, u.Email, time.Time{}); err != nil || n != 2 {
		t.Errorf("failures left after Reap = %d, %v; want 2, nil", n, err)
	}

	again, err := s.Reap(ctx, contractNow(), window)
	if err != nil {
		t.Fatalf("second Reap: %v", err)
	}
	if diff := cmp.Diff(ReapCounts{}, again); diff != "" {
		t.Errorf("second Reap counts mismatch (-want +got):\n%s", diff)
	}
}

// contractRaceOutcome counts the results of concurrent calls.
type contractRaceOutcome struct {
	OK, Expected, Other int
}

// contractRace runs call n times at once and sorts the errors into success, the
// expected refusal and anything else.
func contractRace(t *testing.T, n int, expected error, call func(i int) error) contractRaceOutcome {
	t.Helper()
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = call(i)
		})
	}
	close(start)
	wg.Wait()
	var out contractRaceOutcome
	for _, err := range errs {
		switch {
		case err == nil:
			out.OK++
		case errors.Is(err, expected):
			out.Expected++
		default:
			out.Other++
			t.Errorf("unexpected error: %v", err)
		}
	}
	return out
}

func testStoreRaces(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()

	t.Run("CreateUser one email", func(t *testing.T) {
		s := newStore(t)
		const n = 50
		got := contractRace(t, n, ErrDuplicateEmail, func(int) error {
			return s.CreateUser(ctx, contractUser("race@example.com"))
		})
		if diff := cmp.Diff(contractRaceOutcome{OK: 1, Expected: n - 1}, got); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		if _, err := s.UserByEmail(ctx, "race@example.com"); err != nil {
			t.Errorf("UserByEmail after race: %v", err)
		}
	})

	t.Run("TakePending one hash", func(t *testing.T) {
		s := newStore(t)
		const n = 20
		if err := s.UpsertPending(ctx, contractPending("take@example.com", "hash-race", contractNow().Add(time.Hour)), ""); err != nil {
			t.Fatalf("UpsertPending: %v", err)
		}
		got := contractRace(t, n, ErrNotFound, func(int) error {
			_, err := s.TakePending(ctx, "hash-race")
			return err
		})
		if diff := cmp.Diff(contractRaceOutcome{OK: 1, Expected: n - 1}, got); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("UpsertPending one email", func(t *testing.T) {
		s := newStore(t)
		const n = 20
		got := contractRace(t, n, nil, func(i int) error {
			return s.UpsertPending(ctx, contractPending("upsert@example.com", fmt.Sprintf("hash-%02d", i), contractNow().Add(time.Hour)), "")
		})
		if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
			t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
		}
		// Exactly one registration is left: one token still works, and it
		// is the one PendingByEmail returns.
		p, err := s.PendingByEmail(ctx, "upsert@example.com")
		if err != nil {
			t.Fatalf("PendingByEmail: %v", err)
		}
		var live []string
		for i := range n {
			hash := fmt.Sprintf("hash-%02d", i)
			if _, err := s.TakePending(ctx, hash); err == nil {
				live = append(live, hash)
			} else if !errors.Is(err, ErrNotFound) {
				t.Fatalf("TakePending(%s): %v", hash, err)
			}
		}
		if diff := cmp.Diff([]string{p.TokenHash}, live); diff != "" {
			t.Errorf("live tokens mismatch (-want +got):\n%s", diff)
		}
	})
}

// testStorePendingContest checks UpsertPending's verdict against the row
// it replaces.
func testStorePendingContest(t *testing.T, newStore func(t *testing.T) Store) {
	ctx := t.Context()
	later := contractNow().Add(time.Hour)
	cases := []struct {
		name string
		// before is the registration already stored (nil for none),
		// seen is the token hash the caller passes and verdict its
		// p.Contested.
		before  *PendingRegistration
		seen    string
		verdict bool
		want    bool
	}{
		{name: "nothing replaced", want: false},
		{name: "nothing replaced, contested verdict", verdict: true, want: true},
		{name: "replaces what it saw", before: contractPending("c@example.com", "h-seen", later), seen: "h-seen", want: false},
		{name: "replaces what it saw, contested verdict", before: contractPending("c@example.com", "h-seen", later), seen: "h-seen", verdict: true, want: true},
		{name: "replaces one it never saw", before: contractPending("c@example.com", "h-other", later), seen: "h-seen", want: true},
		{name: "replaces one it never saw, saw none", before: contractPending("c@example.com", "h-other", later), want: true},
		{name: "replaces an expired one", before: contractPending("c@example.com", "h-old", contractNow().Add(-time.Minute)), want: false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			if tc.before != nil {
				if err := s.UpsertPending(ctx, tc.before, ""); err != nil {
					t.Fatalf("UpsertPending(before): %v", err)
				}
			}
			p := contractPending("c@example.com", "h-new", later)
			p.CreatedAt = contractNow()
			p.Contested = tc.verdict
			if err := s.UpsertPending(ctx, p, tc.seen); err != nil {
				t.Fatalf("UpsertPending: %v", err)
			}
			if p.Contested != tc.want {
				t.Errorf("p.Contested after UpsertPending = %v, want %v", p.Contested, tc.want)
			}
			got, err := s.PendingByEmail(ctx, "c@example.com")
			if err != nil {
				t.Fatalf("PendingByEmail: %v", err)
			}
			if got.Contested != tc.want || got.TokenHash != "h-new" {
				t.Errorf("stored contested=%v token=%s, want %v h-new", got.Contested, got.TokenHash, tc.want)
			}
		})
	}
}

// testStoreRevokeTokenOnce: of 20 concurrent RevokeToken calls for one
// id exactly one reports that it added it.
func testStoreRevokeTokenOnce(t *testing.T, newStore func(t *testing.T) Store) {
	s := newStore(t)
	var added atomic.Int32
	got := contractRace(t, 20, nil, func(int) error {
		ok, err := s.RevokeToken(t.Context(), "spend-once", contractNow().Add(time.Hour))
		if ok {
			added.Add(1)
		}
		return err
	})
	if got.OK != 20 || added.Load() != 1 {
		t.Errorf("outcomes %+v with %d adds, want 20 OK and exactly 1 add", got, added.Load())
	}
	// A claim given back can be taken again; giving back twice is fine.
	for range 2 {
		if err := s.DeleteRevocation(t.Context(), "spend-once"); err != nil {
			t.Fatalf("DeleteRevocation: %v", err)
		}
	}
	if ok, err := s.RevokeToken(t.Context(), "spend-once", contractNow().Add(time.Hour)); err != nil || !ok {
		t.Errorf("RevokeToken after DeleteRevocation = %v, %v; want true, nil", ok, err)
	}
}

func testStoreSchema(t *testing.T, newStore func(t *testing.T) Store) {
	s := newStore(t) // schema installed
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	pending, err := s.PendingSchema(t.Context())
	if err != nil {
		t.Fatalf("PendingSchema: %v", err)
	}
	if len(pending) != 0 {
		t.Errorf("PendingSchema after InstallSchema = %q, want none", pending)
	}
	applied, err := s.InstallSchema(t.Context())
	if err != nil {
		t.Fatalf("InstallSchema again: %v", err)
	}
	if len(applied) != 0 {
		t.Errorf("InstallSchema on a current schema applied %q, want nothing", applied)
	}
}

func testStoreSetVerified(t *testing.T, newStore func(t *testing.T) Store) {
	s := newStore(t)
	u := contractUser("unverified@example.com")
	u.IsVerified = false
	contractMustCreateUser(t, s, u)
	later := contractNow().Add(time.Hour)
	if err := s.SetVerified(t.Context(), u.ID, later); err != nil {
		t.Fatalf("SetVerified: %v", err)
	}
	u.IsVerified, u.UpdatedAt = true, later
	assertContractStoredUser(t, s, u)
	if err := s.SetVerified(t.Context(), contractID(), later); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetVerified(unknown id) = %v, want ErrNotFound", err)
	}
}
