//regstack:feature admin

package auth

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// withAdmin switches the admin API on.
func withAdmin(c *Config) { c.EnableAdminRouter = true }

// adminEmail is the superuser adminToken creates.
const adminEmail = "root@example.com"

// adminToken makes the first administrator with BootstrapAdmin, as a host
// or `regstack create-admin` would, and signs it in.
func (e *testEnv) adminToken() string {
	e.t.Helper()
	if err := e.rs.BootstrapAdmin(context.Background(), adminEmail, testPassword); err != nil {
		e.t.Fatalf("BootstrapAdmin: %v", err)
	}
	return e.login(adminEmail, testPassword)
}

// createUnverified stores an unverified account straight through the Store
// (no API endpoint makes one); an empty password makes an account without
// one, as an OAuth sign-in does.
func (e *testEnv) createUnverified(email, password string) *User {
	e.t.Helper()
	var hash string
	if password != "" {
		hash = mustHash(e.t, e.rs.hasher, password)
	}
	u, err := e.rs.newUser(email, hash, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.rs.store.CreateUser(context.Background(), u); err != nil {
		e.t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

// eventLog collects "<event> <email>" lines from event handlers.
type eventLog struct {
	mu  sync.Mutex
	got []string
}

// add records one line.
func (l *eventLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, s)
}

// lines returns a copy of what was recorded.
func (l *eventLog) lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.got)
}

// detailList returns a 422 answer's list of pydantic error objects.
func detailList(t *testing.T, r response) []map[string]any {
	t.Helper()
	list, ok := r.json["detail"].([]any)
	if !ok {
		t.Fatalf("detail is not a list: %s", r.body)
	}
	out := make([]map[string]any, len(list))
	for i, d := range list {
		out[i] = d.(map[string]any)
	}
	return out
}

// emails returns the "email" field of each item of a user list.
func emails(t *testing.T, r response) []string {
	t.Helper()
	items, ok := r.json["items"].([]any)
	if !ok {
		t.Fatalf("items is not a list: %s", r.body)
	}
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)["email"].(string)
	}
	return out
}

// adminRoutes is every endpoint of the admin API, with a body that passes
// validation, for the checks every route shares.
func adminRoutes(id string) []struct {
	method, path string
	body         any
} {
	return []struct {
		method, path string
		body         any
	}{
		{"GET", "/admin/stats", nil},
		{"GET", "/admin/users", nil},
		{"GET", "/admin/users/" + id, nil},
		{"PATCH", "/admin/users/" + id, map[string]any{}},
		{"DELETE", "/admin/users/" + id, nil},
		{"POST", "/admin/users/" + id + "/resend-verification", nil},
	}
}

// Upstream test 45: the admin API is not mounted by default.
func TestAdminRouterOff(t *testing.T) {
	e := newTestEnv(t)
	tok := e.adminToken()
	for _, rt := range adminRoutes(e.user(adminEmail).ID) {
		e.do(rt.method, rt.path, rt.body, tok).want(t, http.StatusNotFound, "Not Found")
	}
}

// Upstream tests 46 and 47: 401 without a valid session, 403 for a user who
// is not a superuser, on every route, before any validation.
func TestAdminRequiresSuperuser(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	e.register("alice@example.com")
	tok := e.login("alice@example.com", testPassword)
	id := e.user("alice@example.com").ID
	for _, rt := range adminRoutes(id) {
		t.Run(rt.method+" "+rt.path, func(t *testing.T) {
			r := e.do(rt.method, rt.path, rt.body, "").want(t, http.StatusUnauthorized, "Authentication required.")
			if r.header.Get("WWW-Authenticate") != "Bearer" {
				t.Errorf("WWW-Authenticate %q", r.header.Get("WWW-Authenticate"))
			}
			e.do(rt.method, rt.path, rt.body, "not-a-jwt").want(t, http.StatusUnauthorized, "")
			e.do(rt.method, rt.path, rt.body, tok).want(t, http.StatusForbidden, "Administrator privileges required.")
		})
	}
	// The auth checks win over a bad query or body, as in the reference.
	e.do("GET", "/admin/users?limit=0", nil, tok).want(t, http.StatusForbidden, "Administrator privileges required.")
	e.do("PATCH", "/admin/users/"+id, `{"bogus":1}`, "").want(t, http.StatusUnauthorized, "Authentication required.")
	if !e.user("alice@example.com").IsActive {
		t.Error("a forbidden request changed the user")
	}
}

// Upstream test 48: statistics, the list and one user.
func TestAdminStatsListAndGet(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	e.register("alice@example.com")
	e.register("bob@example.com")
	e.createUnverified("carol@example.com", testPassword)
	e.do("PATCH", "/admin/users/"+e.user("bob@example.com").ID, map[string]any{"is_active": false}, tok).want(t, http.StatusOK, "")

	r := e.do("GET", "/admin/stats", nil, tok).want(t, http.StatusOK, "")
	want := map[string]any{
		"total_users": float64(4), "active_users": float64(3), "verified_users": float64(3),
		"superusers": float64(1), "pending_registrations": float64(0),
	}
	if d := cmp.Diff(want, r.json); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}

	l := e.do("GET", "/admin/users", nil, tok).want(t, http.StatusOK, "")
	if l.json["total"] != float64(4) || l.json["skip"] != float64(0) || l.json["limit"] != float64(50) {
		t.Errorf("list total/skip/limit: %s", l.body)
	}
	if got := emails(t, l); len(got) != 4 {
		t.Fatalf("list items %v", got)
	}
	item := l.json["items"].([]any)[0].(map[string]any)
	var keys []string
	for k := range item {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	wantKeys := []string{"_id", "created_at", "email", "full_name", "is_active", "is_mfa_enabled", "is_superuser", "is_verified", "last_login", "phone_number"}
	if d := cmp.Diff(wantKeys, keys); d != "" {
		t.Errorf("UserPublic keys (-want +got):\n%s", d)
	}

	alice := e.user("alice@example.com")
	g := e.do("GET", "/admin/users/"+alice.ID, nil, tok).want(t, http.StatusOK, "")
	if g.str("_id") != alice.ID || g.str("email") != "alice@example.com" || g.json["is_verified"] != true {
		t.Errorf("get user: %s", g.body)
	}
}

// Upstream test 52: pending registrations count only while unexpired.
func TestAdminStatsPendingRegistrations(t *testing.T) {
	e := newTestEnv(t, withAdmin, withVerification, func(c *Config) { c.VerificationTokenTTLSeconds = 3600 })
	tok := e.adminToken()
	for _, addr := range []string{"alice@example.com", "bob@example.com"} {
		e.do("POST", "/register", map[string]any{"email": addr, "password": testPassword}, "").want(t, http.StatusCreated, "")
	}
	now := e.clock.Now()
	expired := &PendingRegistration{
		ID: "0123456789abcdef0123456789abcdef", Email: "old@example.com", HashedPassword: "x",
		TokenHash: hashOpaqueToken("expired-token"), CreatedAt: now.Add(-2 * time.Hour), ExpiresAt: now.Add(-time.Hour),
	}
	if err := e.rs.store.UpsertPending(context.Background(), expired, ""); err != nil {
		t.Fatal(err)
	}
	pending := func() any {
		return e.do("GET", "/admin/stats", nil, tok).want(t, http.StatusOK, "").json["pending_registrations"]
	}
	if got := pending(); got != float64(2) {
		t.Errorf("pending_registrations %v, want 2", got)
	}
	e.clock.Advance(2 * time.Hour)
	tok = e.login(adminEmail, testPassword) // the first session expired too
	if got := pending(); got != float64(0) {
		t.Errorf("pending_registrations after expiry %v, want 0", got)
	}
}

// The list is newest first; skip and limit page through it and are echoed.
func TestAdminListOrderAndPaging(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	for _, addr := range []string{"u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com"} {
		e.clock.Advance(time.Minute)
		e.register(addr)
	}
	all := []string{"u4@example.com", "u3@example.com", "u2@example.com", "u1@example.com", adminEmail}
	tests := []struct {
		query      string
		want       []string
		skip, lim  float64
		wantTotals float64
	}{
		{"", all, 0, 50, 5},
		{"?skip=1&limit=2", all[1:3], 1, 2, 5},
		{"?skip=4", all[4:], 4, 50, 5},
		{"?skip=5", []string{}, 5, 50, 5},
		{"?limit=200", all, 0, 200, 5},
		{"?limit=1", all[:1], 0, 1, 5},
		{"?limit=%2B3&skip=%201%20", all[1:4], 1, 3, 5},
		{"?limit=2.0", all[:2], 0, 2, 5},
		{"?limit=2.", all[:2], 0, 2, 5},
		{"?limit=9&limit=1", all[:1], 0, 1, 5}, // the last value counts
		{"?skip=99999999999999999999999", []string{}, 9223372036854775807, 50, 5},
		{"?unknown=1", all, 0, 50, 5},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.do("GET", "/admin/users"+tt.query, nil, tok).want(t, http.StatusOK, "")
			if d := cmp.Diff(tt.want, emails(t, r)); d != "" {
				t.Errorf("items (-want +got):\n%s", d)
			}
			if r.json["skip"] != tt.skip || r.json["limit"] != tt.lim || r.json["total"] != tt.wantTotals {
				t.Errorf("skip/limit/total: %s", r.body)
			}
		})
	}
}

// Out-of-range and non-integer paging parameters give 422 in the
// reference's query-parameter shape, all errors together.
func TestAdminListValidation(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	parse := func(name, input string) map[string]any {
		return map[string]any{
			"type": "int_parsing", "loc": []any{"query", name}, "input": input,
			"msg": "Input should be a valid integer, unable to parse string as an integer",
		}
	}
	ge := func(name, input string, bound float64, msg string) map[string]any {
		return map[string]any{
			"type": "greater_than_equal", "loc": []any{"query", name}, "input": input,
			"msg": msg, "ctx": map[string]any{"ge": bound},
		}
	}
	le200 := func(input string) map[string]any {
		return map[string]any{
			"type": "less_than_equal", "loc": []any{"query", "limit"}, "input": input,
			"msg": "Input should be less than or equal to 200", "ctx": map[string]any{"le": float64(200)},
		}
	}
	tests := []struct {
		query string
		want  []map[string]any
	}{
		{"limit=0", []map[string]any{ge("limit", "0", 1, "Input should be greater than or equal to 1")}},
		{"limit=-5", []map[string]any{ge("limit", "-5", 1, "Input should be greater than or equal to 1")}},
		{"limit=201", []map[string]any{le200("201")}},
		{"limit=100000000000000000000", []map[string]any{le200("100000000000000000000")}},
		{"skip=-1", []map[string]any{ge("skip", "-1", 0, "Input should be greater than or equal to 0")}},
		{"limit=abc", []map[string]any{parse("limit", "abc")}},
		{"limit=", []map[string]any{parse("limit", "")}},
		{"limit=1.5", []map[string]any{parse("limit", "1.5")}},
		{"skip=0x10", []map[string]any{parse("skip", "0x10")}},
		{"skip=.", []map[string]any{parse("skip", ".")}},
		{"skip=.0", []map[string]any{parse("skip", ".0")}},
		{"skip=1.01", []map[string]any{parse("skip", "1.01")}},
		{"limit=0&skip=x", []map[string]any{parse("skip", "x"), ge("limit", "0", 1, "Input should be greater than or equal to 1")}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.do("GET", "/admin/users?"+tt.query, nil, tok).want(t, http.StatusUnprocessableEntity, "")
			if d := cmp.Diff(tt.want, detailList(t, r)); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
		})
	}
}

// Upstream test 49 and the rest of PATCH: disabling revokes the user's
// sessions for good, promotion works, null and absent fields are skipped,
// and the body is validated strictly.
func TestAdminPatchUser(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	e.register("alice@example.com")
	aliceTok := e.login("alice@example.com", testPassword)
	path := "/admin/users/" + e.user("alice@example.com").ID

	r := e.do("PATCH", path, map[string]any{"is_active": false}, tok).want(t, http.StatusOK, "")
	if r.json["is_active"] != false || r.str("email") != "alice@example.com" {
		t.Fatalf("patch body %s", r.body)
	}
	e.do("GET", "/me", nil, aliceTok).want(t, http.StatusUnauthorized, "User no longer active.")
	e.do("POST", "/login", map[string]any{"email": "alice@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Account is disabled.")

	// Re-enabling does not bring the old session back.
	e.clock.Advance(time.Second)
	e.do("PATCH", path, map[string]any{"is_active": true}, tok).want(t, http.StatusOK, "")
	e.do("GET", "/me", nil, aliceTok).want(t, http.StatusUnauthorized, "Session was invalidated; please sign in again.")
	aliceTok = e.login("alice@example.com", testPassword)
	e.do("GET", "/me", nil, aliceTok).want(t, http.StatusOK, "")

	// Promotion: the same session now reaches the admin API.
	e.do("GET", "/admin/stats", nil, aliceTok).want(t, http.StatusForbidden, "Administrator privileges required.")
	r = e.do("PATCH", path, map[string]any{"is_superuser": true, "full_name": "Alice A."}, tok).want(t, http.StatusOK, "")
	if r.json["is_superuser"] != true || r.str("full_name") != "Alice A." || r.json["is_active"] != true {
		t.Fatalf("promote body %s", r.body)
	}
	e.do("GET", "/admin/stats", nil, aliceTok).want(t, http.StatusOK, "")

	// null and absent fields are left alone; full_name cannot be cleared.
	r = e.do("PATCH", path, `{"full_name":null,"is_active":null,"is_superuser":null}`, tok).want(t, http.StatusOK, "")
	if r.str("full_name") != "Alice A." || r.json["is_superuser"] != true || r.json["is_active"] != true {
		t.Errorf("nulls changed the user: %s", r.body)
	}
	e.do("PATCH", path, map[string]any{}, tok).want(t, http.StatusOK, "")
	if u := e.user("alice@example.com"); !u.IsSuperuser || deref(u.FullName) != "Alice A." {
		t.Errorf("stored user after no-op patches: %+v", u)
	}
	e.do("PATCH", path, map[string]any{"full_name": strings.Repeat("é", 200)}, tok).want(t, http.StatusOK, "")

	bad := []struct {
		name string
		body any
		want map[string]any
	}{
		{"full_name too long", map[string]any{"full_name": strings.Repeat("x", 201)}, map[string]any{
			"type": "string_too_long", "loc": []any{"body", "full_name"}, "input": strings.Repeat("x", maxEchoRunes) + "…",
			"msg": "String should have at most 200 characters", "ctx": map[string]any{"max_length": float64(200)},
		}},
		{"unknown field", map[string]any{"email": "evil@example.com"}, map[string]any{
			"type": "extra_forbidden", "loc": []any{"body", "email"}, "input": "evil@example.com",
			"msg": "Extra inputs are not permitted",
		}},
		{"wrong type", map[string]any{"is_active": []any{"nope"}}, map[string]any{
			"type": "bool_type", "loc": []any{"body", "is_active"}, "input": []any{"nope"},
			"msg": "Input should be a valid boolean",
		}},
		{"not a boolean spelling", map[string]any{"is_active": "nope"}, map[string]any{
			"type": "bool_parsing", "loc": []any{"body", "is_active"}, "input": "nope",
			"msg": "Input should be a valid boolean, unable to interpret input",
		}},
		{"missing body", nil, map[string]any{
			"type": "missing", "loc": []any{"body"}, "input": nil, "msg": "Field required",
		}},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("PATCH", path, tt.body, tok).want(t, http.StatusUnprocessableEntity, "")
			if d := cmp.Diff([]map[string]any{tt.want}, detailList(t, r)); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
		})
	}
	if u := e.user("alice@example.com"); u.Email != "alice@example.com" || !u.IsActive {
		t.Errorf("a rejected patch changed the user: %+v", u)
	}
}

// Upstream test 50 and the cascade: the user's pending registration and
// login failures go too, the session dies, and user_deleted fires.
func TestAdminDeleteUser(t *testing.T) {
	e := newTestEnv(t, withAdmin, withLockout(5, 3600))
	var events eventLog
	e.rs.OnUserDeleted(func(_ context.Context, ev UserDeleted) error {
		events.add(ev.EventName() + " " + ev.User.Email)
		return nil
	})
	tok := e.adminToken()
	e.register("alice@example.com")
	e.register("bob@example.com")
	aliceTok := e.login("alice@example.com", testPassword)
	alice := e.user("alice@example.com")
	ctx := context.Background()
	now := e.clock.Now()
	if err := e.rs.store.RecordLoginFailure(ctx, "alice@example.com", now); err != nil {
		t.Fatal(err)
	}
	// A stray pending registration for the address (as an admin resend
	// leaves behind when the link is never clicked).
	if err := e.rs.store.UpsertPending(ctx, &PendingRegistration{
		ID: "fedcba9876543210fedcba9876543210", Email: "alice@example.com", HashedPassword: alice.HashedPassword,
		TokenHash: hashOpaqueToken("stray"), CreatedAt: now, ExpiresAt: now.Add(time.Hour),
	}, ""); err != nil {
		t.Fatal(err)
	}

	r := e.do("DELETE", "/admin/users/"+alice.ID, nil, tok).want(t, http.StatusOK, "")
	if r.str("message") != "User alice@example.com deleted." {
		t.Errorf("message %q", r.str("message"))
	}
	if _, err := e.rs.store.UserByID(ctx, alice.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("user still there (err %v)", err)
	}
	if _, err := e.rs.store.PendingByEmail(ctx, "alice@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("pending registration still there (err %v)", err)
	}
	if n, err := e.rs.store.CountLoginFailures(ctx, "alice@example.com", now.Add(-time.Hour)); err != nil || n != 0 {
		t.Errorf("login failures left: %d (err %v)", n, err)
	}
	e.do("GET", "/me", nil, aliceTok).want(t, http.StatusUnauthorized, "User no longer active.")
	e.do("GET", "/admin/users/"+alice.ID, nil, tok).want(t, http.StatusNotFound, "User not found.")
	e.do("DELETE", "/admin/users/"+alice.ID, nil, tok).want(t, http.StatusNotFound, "User not found.")
	e.user("bob@example.com") // untouched
	if d := cmp.Diff([]string{"user_deleted alice@example.com"}, events.lines()); d != "" {
		t.Errorf("events (-want +got):\n%s", d)
	}
}

// Upstream test 51, and the upstream bug fixed: the link an administrator
// re-sends verifies the existing account, which can then sign in.
func TestAdminResendVerification(t *testing.T) {
	e := newTestEnv(t, withAdmin, withVerification)
	var events eventLog
	e.rs.OnVerificationRequested(func(_ context.Context, ev VerificationRequested) error {
		events.add(ev.EventName() + " " + ev.Email + " " + ev.URL)
		return nil
	})
	e.rs.OnUserVerified(func(_ context.Context, ev UserVerified) error {
		events.add(ev.EventName() + " " + ev.User.Email)
		return nil
	})
	tok := e.adminToken()
	carol := e.createUnverified("carol@example.com", testPassword)
	e.do("POST", "/login", map[string]any{"email": "carol@example.com", "password": testPassword}, "").
		want(t, http.StatusForbidden, "Email address has not been verified.")

	before := len(e.outbox.messages())
	r := e.do("POST", "/admin/users/"+carol.ID+"/resend-verification", nil, tok).want(t, http.StatusAccepted, "")
	if r.str("message") != "Verification email sent to carol@example.com." {
		t.Errorf("message %q", r.str("message"))
	}
	msgs := e.outbox.messages()[before:]
	if len(msgs) != 1 || msgs[0].To != "carol@example.com" {
		t.Fatalf("emails sent: %+v", msgs)
	}
	token := e.outbox.lastToken(t, "carol@example.com")

	v := e.do("POST", "/verify", map[string]any{"token": token}, "").want(t, http.StatusOK, "")
	if v.str("_id") != carol.ID || v.json["is_verified"] != true || v.str("email") != "carol@example.com" {
		t.Fatalf("verify body %s", v.body)
	}
	if u := e.user("carol@example.com"); u.ID != carol.ID || !u.IsVerified || u.HashedPassword != carol.HashedPassword {
		t.Errorf("stored user after verify: %+v", u)
	}
	if _, err := e.rs.store.PendingByEmail(context.Background(), "carol@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("pending registration left behind (err %v)", err)
	}
	e.login("carol@example.com", testPassword)
	e.do("POST", "/verify", map[string]any{"token": token}, "").want(t, http.StatusBadRequest, "Verification token is invalid or has expired.")

	e.do("POST", "/admin/users/"+carol.ID+"/resend-verification", nil, tok).want(t, http.StatusBadRequest, "User is already verified.")
	e.do("POST", "/admin/users/"+e.user(adminEmail).ID+"/resend-verification", nil, tok).want(t, http.StatusBadRequest, "User is already verified.")
	if got := len(e.outbox.messages()) - before; got != 1 {
		t.Errorf("%d emails in all, want 1", got)
	}
	got := events.lines()
	if len(got) != 2 || !strings.HasPrefix(got[0], "verification_requested carol@example.com http") ||
		!strings.Contains(got[0], "token="+token) || got[1] != "user_verified carol@example.com" {
		t.Errorf("events %q", got)
	}
}

// An account without a password (made by an OAuth sign-in) gets a working
// link too; the reference could not build its pending row (500).
func TestAdminResendVerificationNoPassword(t *testing.T) {
	e := newTestEnv(t, withAdmin, withVerification)
	tok := e.adminToken()
	dave := e.createUnverified("dave@example.com", "")
	e.do("POST", "/admin/users/"+dave.ID+"/resend-verification", nil, tok).want(t, http.StatusAccepted, "")
	v := e.do("POST", "/verify", map[string]any{"token": e.outbox.lastToken(t, "dave@example.com")}, "").want(t, http.StatusOK, "")
	if v.str("_id") != dave.ID || v.json["is_verified"] != true {
		t.Fatalf("verify body %s", v.body)
	}
	if u := e.user("dave@example.com"); !u.IsVerified || u.HasPassword() {
		t.Errorf("stored user: verified=%v has password=%v", u.IsVerified, u.HasPassword())
	}
}

// Upstream test 53 and friends: an unknown id is 404 on every {user_id}
// route, whatever its format, and changes nothing.
func TestAdminUnknownUser(t *testing.T) {
	e := newTestEnv(t, withAdmin)
	tok := e.adminToken()
	for _, id := range []string{"ffffffffffffffffffffffff", "0123456789abcdef0123456789abcdef", "not-an-id", "%20"} {
		for _, rt := range adminRoutes(id)[2:] {
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				e.do(rt.method, rt.path, rt.body, tok).want(t, http.StatusNotFound, "User not found.")
			})
		}
	}
	if got := e.do("GET", "/admin/stats", nil, tok).json["total_users"]; got != float64(1) {
		t.Errorf("total_users %v after 404s, want 1", got)
	}
}
