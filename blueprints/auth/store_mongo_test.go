//regstack:feature backend=mongo

package auth

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// openTestMongo opens a store with cfg and opts and closes it when the
// test ends; it does not install the schema.
func openTestMongo(t *testing.T, cfg *Config, opts ...Option) *mongoStore {
	t.Helper()
	s, err := openMongoStore(t.Context(), cfg, newOptions(opts))
	if err != nil {
		t.Fatalf("openMongoStore: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s.(*mongoStore)
}

// installMongoSchema installs the schema or fails the test.
func installMongoSchema(t *testing.T, s Store) {
	t.Helper()
	if _, err := s.InstallSchema(t.Context()); err != nil {
		t.Fatalf("InstallSchema: %v", err)
	}
}

// newTestMongoStore returns a store on a fresh database with the schema
// installed. The TTL warning FerretDB causes goes to the test log.
func newTestMongoStore(t *testing.T) *mongoStore {
	t.Helper()
	s := openTestMongo(t, &Config{DatabaseURL: mongoTestURL(t)}, WithLogger(mongoTestLogger(t)))
	installMongoSchema(t, s)
	return s
}

// mongoTestLogger logs to the test's own output.
func mongoTestLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

// TestMongoStoreContract runs the store contract on a database the store
// connects itself.
func TestMongoStoreContract(t *testing.T) {
	requireMongoTestServer(t)
	testStoreContract(t, func(t *testing.T) Store { return newTestMongoStore(t) })
}

// TestMongoStoreContractHostDatabase runs the contract on a database the
// host connected and passed with WithMongoDatabase.
func TestMongoStoreContractHostDatabase(t *testing.T) {
	requireMongoTestServer(t)
	testStoreContract(t, func(t *testing.T) Store {
		url := mongoTestURL(t)
		_, name, err := parseMongoURL(url, "")
		if err != nil {
			t.Fatal(err)
		}
		db := connectMongoTest(t, url).Database(name)
		s := openTestMongo(t, &Config{}, WithMongoDatabase(db), WithLogger(mongoTestLogger(t)))
		installMongoSchema(t, s)
		return s
	})
}

// TestMongoWithMongoDatabaseLeavesHostClientOpen checks that Close leaves
// a host database's client connected.
func TestMongoWithMongoDatabaseLeavesHostClientOpen(t *testing.T) {
	ctx := t.Context()
	url := mongoTestURL(t)
	_, name, err := parseMongoURL(url, "")
	if err != nil {
		t.Fatal(err)
	}
	db := connectMongoTest(t, url).Database(name)
	s, err := openMongoStore(ctx, &Config{}, newOptions([]Option{WithMongoDatabase(db), WithLogger(mongoTestLogger(t))}))
	if err != nil {
		t.Fatalf("openMongoStore: %v", err)
	}
	installMongoSchema(t, s)
	contractMustCreateUser(t, s, contractUser("host@example.com"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	n, err := db.Collection("users").CountDocuments(ctx, bson.D{})
	if err != nil || n != 1 {
		t.Errorf("users in host database after store Close = %d, %v; want 1, nil", n, err)
	}
}

// TestMongoCollectionNames checks that the *_collection keys name the
// collections the store writes, and that the defaults stay untouched.
func TestMongoCollectionNames(t *testing.T) {
	ctx := t.Context()
	url := mongoTestURL(t)
	cfg := &Config{
		DatabaseURL:             url,
		UserCollection:          "app_users",
		PendingCollection:       "app_pending",
		BlacklistCollection:     "app_blacklist",
		LoginAttemptCollection:  "app_attempts",
		MFACodeCollection:       "app_mfa",
		OAuthIdentityCollection: "app_identities",
		OAuthStateCollection:    "app_states",
	}
	s := openTestMongo(t, cfg, WithLogger(mongoTestLogger(t)))
	installMongoSchema(t, s)
	u := contractUser("named@example.com")
	contractMustCreateUser(t, s, u)
	if err := s.UpsertPending(ctx, contractPending("pending@example.com", "hash", contractNow().Add(time.Hour)), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevokeToken(ctx, "jti", contractNow().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordLoginFailure(ctx, u.Email, contractNow()); err != nil {
		t.Fatal(err)
	}

	_, name, err := parseMongoURL(url, "")
	if err != nil {
		t.Fatal(err)
	}
	db := connectMongoTest(t, url).Database(name)
	for coll, want := range map[string]int64{"app_users": 1, "app_pending": 1, "app_blacklist": 1, "app_attempts": 1} {
		if n, err := db.Collection(coll).CountDocuments(ctx, bson.D{}); err != nil || n != want {
			t.Errorf("documents in %s = %d, %v; want %d", coll, n, err, want)
		}
	}
	names, err := db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		t.Fatal(err)
	}
	// app_states has only a TTL index, so on FerretDB InstallSchema does
	// not create it; every other collection appears with its indexes.
	names = slices.DeleteFunc(names, func(n string) bool { return n == "app_states" })
	slices.Sort(names)
	// The email outbox's collections have fixed names (no upstream setting).
	want := []string{"app_attempts", "app_blacklist", "app_identities", "app_mfa", "app_pending", "app_users",
		"email_outbox", "email_outbox_leases"}

	//regstack:if totp

	// Authenticator apps' collections with an index; totp_credentials
	// appears with its first document.
	want = append(want, "totp_recovery_codes", "totp_steps")

	//regstack:end

	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("collections mismatch (-want +got):\n%s", diff)
	}
}

// TestMongoObjectIDUser reads, changes and deletes a user the Python
// library wrote: an ObjectID _id, null optional fields and a host's extra
// field.
func TestMongoObjectIDUser(t *testing.T) {
	ctx := t.Context()
	s := newTestMongoStore(t)
	oid := bson.NewObjectID()
	created := time.Date(2025, 1, 1, 0, 0, 0, 123_000_000, time.UTC)
	_, err := s.users.InsertOne(ctx, bson.D{
		{Key: "_id", Value: oid},
		{Key: "email", Value: "py@example.com"},
		{Key: "hashed_password", Value: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"},
		{Key: "is_active", Value: true},
		{Key: "is_verified", Value: true},
		{Key: "is_superuser", Value: false},
		{Key: "full_name", Value: nil},
		{Key: "phone_number", Value: nil},
		{Key: "is_mfa_enabled", Value: false},
		{Key: "created_at", Value: created},
		{Key: "updated_at", Value: created},
		{Key: "last_login", Value: nil},
		{Key: "tokens_invalidated_after", Value: nil},
		{Key: "plan", Value: "pro"}, // a host's own field
	})
	if err != nil {
		t.Fatalf("insert Python user: %v", err)
	}
	if _, err := s.mfaCodes.InsertOne(ctx, bson.D{{Key: "user_id", Value: oid.Hex()}, {Key: "kind", Value: "login_mfa"}}); err != nil {
		t.Fatal(err)
	}
	want := &User{
		ID:             oid.Hex(),
		Email:          "py@example.com",
		HashedPassword: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
		IsActive:       true,
		IsVerified:     true,
		CreatedAt:      created,
		UpdatedAt:      created,
	}
	byID, err := s.UserByID(ctx, oid.Hex())
	if err != nil {
		t.Fatalf("UserByID: %v", err)
	}
	if diff := cmp.Diff(want, byID); diff != "" {
		t.Errorf("UserByID mismatch (-want +got):\n%s", diff)
	}
	byEmail, err := s.UserByEmail(ctx, "py@example.com")
	if err != nil {
		t.Fatalf("UserByEmail: %v", err)
	}
	if diff := cmp.Diff(want, byEmail); diff != "" {
		t.Errorf("UserByEmail mismatch (-want +got):\n%s", diff)
	}
	if u, revoked, err := s.SessionUser(ctx, oid.Hex(), "jti"); err != nil || revoked || u.ID != oid.Hex() {
		t.Errorf("SessionUser = %v, %v, %v; want the user, not revoked", u, revoked, err)
	}

	later := contractNow()
	got, err := s.SetFullName(ctx, oid.Hex(), contractPtr("Py Thon"), later)
	if err != nil {
		t.Fatalf("SetFullName: %v", err)
	}
	want.FullName, want.UpdatedAt = contractPtr("Py Thon"), later
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SetFullName mismatch (-want +got):\n%s", diff)
	}
	var raw bson.M
	if err := s.users.FindOne(ctx, bson.D{{Key: "_id", Value: oid}}).Decode(&raw); err != nil {
		t.Fatalf("the document is no longer under its ObjectID: %v", err)
	}
	if raw["plan"] != "pro" {
		t.Errorf("host field plan = %v after an update, want pro", raw["plan"])
	}

	//regstack:if admin

	page, err := s.ListUsers(ctx, 0, 10)
	if err != nil || len(page) != 1 || page[0].ID != oid.Hex() {
		t.Errorf("ListUsers = %v, %v; want the Python user", page, err)
	}

	//regstack:end

	for _, id := range []string{"", "not-an-object-id", bson.NewObjectID().Hex(), contractID()} {
		if _, err := s.UserByID(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("UserByID(%q) err = %v, want ErrNotFound", id, err)
		}
	}

	if err := s.DeleteUser(ctx, &User{ID: oid.Hex()}); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	if _, err := s.UserByID(ctx, oid.Hex()); !errors.Is(err, ErrNotFound) {
		t.Errorf("UserByID after delete err = %v, want ErrNotFound", err)
	}
	if n, err := s.mfaCodes.CountDocuments(ctx, bson.D{}); err != nil || n != 0 {
		t.Errorf("MFA codes left after DeleteUser = %d, %v; want 0", n, err)
	}
}

// TestMongoStoredDocuments checks the documents the store writes have the
// Python library's shape: string _id, BSON dates, optional fields left
// out.
func TestMongoStoredDocuments(t *testing.T) {
	ctx := t.Context()
	s := newTestMongoStore(t)
	u := contractUser("doc@example.com")
	u.HashedPassword = ""
	contractMustCreateUser(t, s, u)
	var raw bson.Raw
	if err := s.users.FindOne(ctx, bson.D{{Key: "_id", Value: u.ID}}).Decode(&raw); err != nil {
		t.Fatalf("find by string _id: %v", err)
	}
	elems, err := raw.Elements()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range elems {
		got = append(got, e.Key()+":"+e.Value().Type.String())
	}
	want := []string{
		"_id:string", "email:string", "is_active:boolean", "is_verified:boolean",
		"is_superuser:boolean", "is_mfa_enabled:boolean", "created_at:UTC datetime", "updated_at:UTC datetime",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored user fields mismatch (-want +got):\n%s", diff)
	}
}

// TestMongoURL checks where the database name comes from; it needs no
// server.
func TestMongoURL(t *testing.T) {
	tests := []struct {
		url, fallback string
		wantURI       string
		wantDB        string
		wantErr       string
	}{
		{url: "mongodb://localhost:27017/app", wantDB: "app"},
		{url: "mongodb://localhost:27017/app?retryWrites=true", wantDB: "app"},
		{url: "mongodb://localhost:27017/", fallback: "fromcfg", wantDB: "fromcfg"},
		{url: "mongodb://localhost:27017", fallback: "fromcfg", wantDB: "fromcfg"},
		{url: "mongodb://localhost:27017/?replicaSet=rs0", fallback: "fromcfg", wantDB: "fromcfg"},
		{url: "mongodb://localhost:27017/", wantDB: "regstack"},
		{url: "mongodb://user:p%40ss@h1:1,h2:2/multi?authSource=admin", wantDB: "multi"},
		{url: "mongodb+srv://cluster0.example.net/prod", wantDB: "prod"},
		{url: "mongodb+srv://u:p@cluster0.example.net/?w=majority", fallback: "cfg", wantDB: "cfg"},
		{url: "mongodb://h/my%2Ddb", wantDB: "my-db"},
		{url: "MongoDB://h/app", wantURI: "mongodb://h/app", wantDB: "app"},
		{url: "mongodb://h/a.b", wantErr: "invalid database name"},
		{url: "mongodb:///app", wantErr: "no host"},
		{url: "mongodb://h/%zz", wantErr: "database name"},
		{url: "postgresql://h/app", wantErr: "want mongodb://"},
		{url: "localhost:27017", wantErr: "want mongodb://"},
		{url: "", wantErr: "want mongodb://"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			uri, db, err := parseMongoURL(tt.url, tt.fallback)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			wantURI := tt.wantURI
			if wantURI == "" {
				wantURI = tt.url
			}
			if uri != wantURI || db != tt.wantDB {
				t.Errorf("got (%q, %q), want (%q, %q)", uri, db, wantURI, tt.wantDB)
			}
		})
	}
}

// TestMongoInstallSchema installs on an empty database: every index is
// reported once, a second run reports nothing, and TTL indexes either exist
// or, on a server without them (FerretDB), were skipped with a warning.
func TestMongoInstallSchema(t *testing.T) {
	ctx := t.Context()
	var log syncBuffer
	s := openTestMongo(t, &Config{DatabaseURL: mongoTestURL(t)}, WithLogger(slog.New(slog.NewJSONHandler(&log, nil))))
	info, err := s.buildInfo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ferret := info.FerretDBVersion != ""
	var ttl, all []string
	for _, ix := range s.indexes() {
		all = append(all, ix.String())
		if ix.ttl {
			ttl = append(ttl, ix.String())
		}
	}
	wantCreated := all
	if ferret {
		wantCreated = slices.DeleteFunc(slices.Clone(all), func(n string) bool { return slices.Contains(ttl, n) })
	}

	pending, err := s.PendingSchema(ctx)
	if err != nil {
		t.Fatalf("PendingSchema: %v", err)
	}
	if diff := cmp.Diff(mongoPrefixed("index ", wantCreated), pending); diff != "" {
		t.Errorf("PendingSchema on an empty database mismatch (-want +got):\n%s", diff)
	}
	applied, err := s.InstallSchema(ctx)
	if err != nil {
		t.Fatalf("InstallSchema: %v", err)
	}
	if diff := cmp.Diff(mongoPrefixed("created index ", wantCreated), applied); diff != "" {
		t.Errorf("InstallSchema applied mismatch (-want +got):\n%s", diff)
	}
	var wantLog []map[string]any
	if ferret {
		wantLog = []map[string]any{{
			"level":   "WARN",
			"msg":     "mongo: the server cannot create TTL indexes; expired documents stay until Reap deletes them (reads ignore them either way)",
			"indexes": mongoJSONStrings(ttl),
		}}
	}
	if diff := cmp.Diff(wantLog, log.records(t)); diff != "" {
		t.Errorf("log mismatch (-want +got):\n%s", diff)
	}
	again, err := s.InstallSchema(ctx)
	if err != nil || len(again) != 0 {
		t.Errorf("second InstallSchema = %q, %v; want nothing", again, err)
	}
	if pending, err := s.PendingSchema(ctx); err != nil || len(pending) != 0 {
		t.Errorf("PendingSchema after install = %q, %v; want nothing", pending, err)
	}

	// The indexes as the server lists them.
	var got []string
	for _, coll := range []*mongo.Collection{s.users, s.pending, s.blacklist, s.loginAttempts, s.mfaCodes, s.oauthIdentities, s.oauthStates} {
		specs, err := coll.Indexes().ListSpecifications(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range specs {
			if spec.Name == "_id_" {
				continue
			}
			desc := coll.Name() + "." + spec.Name
			if spec.Unique != nil && *spec.Unique {
				desc += " unique"
			}
			if spec.ExpireAfterSeconds != nil {
				desc += " ttl"
			}
			got = append(got, desc)
		}
	}
	slices.Sort(got)
	want := []string{
		"login_attempts.email_when",
		"mfa_codes.user_kind_unique unique",
		"oauth_identities.provider_subject_unique unique",
		"oauth_identities.user_provider_unique unique",
		"pending_registrations.pending_email_unique unique",
		"pending_registrations.pending_token_unique unique",
		"token_blacklist.jti_unique unique",
		"users.email_unique unique",
	}
	if !ferret {
		want = append(want, "mfa_codes.mfa_ttl ttl", "oauth_states.oauth_state_ttl ttl",
			"pending_registrations.pending_ttl ttl", "token_blacklist.exp_ttl ttl")
		slices.Sort(want)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indexes on the server mismatch (-want +got):\n%s", diff)
	}
}

// mongoJSONStrings is names as JSON decodes them.
func mongoJSONStrings(names []string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = n
	}
	return out
}

// mongoPrefixed returns names, each with prefix in front.
func mongoPrefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// TestMongoInstallSchemaConcurrent starts several stores on one empty
// database at once, as processes booting together would.
func TestMongoInstallSchemaConcurrent(t *testing.T) {
	url := mongoTestURL(t)
	const n = 6
	stores := make([]Store, n)
	for i := range stores {
		stores[i] = openTestMongo(t, &Config{DatabaseURL: url}, WithLogger(mongoTestLogger(t)))
	}
	got := contractRace(t, n, nil, func(i int) error { _, err := stores[i].InstallSchema(t.Context()); return err })
	if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
		t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
	}
	if pending, err := stores[0].PendingSchema(t.Context()); err != nil || len(pending) != 0 {
		t.Errorf("PendingSchema after concurrent installs = %q, %v; want nothing", pending, err)
	}
}

// TestMongoDuplicateIDIsNotDuplicateEmail checks that a taken id is not
// reported as a taken email (a caller bug must not look like a conflict).
func TestMongoDuplicateIDIsNotDuplicateEmail(t *testing.T) {
	s := newTestMongoStore(t)
	first := contractUser("first@example.com")
	contractMustCreateUser(t, s, first)
	again := contractUser("second@example.com")
	again.ID = first.ID
	err := s.CreateUser(t.Context(), again)
	if err == nil || errors.Is(err, ErrDuplicateEmail) {
		t.Errorf("CreateUser with a taken id = %v, want an error other than ErrDuplicateEmail", err)
	}
}

// TestMongoUpsertPendingKeepsID checks that a replaced registration keeps
// its _id (MongoDB cannot change one) and that the caller learns it.
func TestMongoUpsertPendingKeepsID(t *testing.T) {
	ctx := t.Context()
	s := newTestMongoStore(t)
	first := contractPending("keep@example.com", "hash-1", contractNow().Add(time.Hour))
	firstID := first.ID
	if err := s.UpsertPending(ctx, first, ""); err != nil {
		t.Fatal(err)
	}
	if first.ID != firstID {
		t.Errorf("inserted registration: ID changed from %s to %s", firstID, first.ID)
	}
	second := contractPending("keep@example.com", "hash-2", contractNow().Add(2*time.Hour))
	if err := s.UpsertPending(ctx, second, ""); err != nil {
		t.Fatal(err)
	}
	if second.ID != firstID {
		t.Errorf("replacing registration: ID = %s, want the replaced one's %s", second.ID, firstID)
	}
	if n, err := s.pending.CountDocuments(ctx, bson.D{}); err != nil || n != 1 {
		t.Errorf("pending registrations = %d, %v; want 1", n, err)
	}
}

// TestMongoDeleteUserCascade checks the user's MFA codes and OAuth
// identities go with it, by id.
func TestMongoDeleteUserCascade(t *testing.T) {
	ctx := t.Context()
	s := newTestMongoStore(t)
	gone := contractUser("gone@example.com")
	kept := contractUser("kept@example.com")
	for _, u := range []*User{gone, kept} {
		contractMustCreateUser(t, s, u)
		insertMongoMFAAndOAuthDocs(t, s, u.ID, contractNow().Add(time.Hour))
	}
	if err := s.DeleteUser(ctx, gone); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	for _, coll := range []*mongo.Collection{s.mfaCodes, s.oauthIdentities} {
		for id, want := range map[string]int64{gone.ID: 0, kept.ID: 1} {
			n, err := coll.CountDocuments(ctx, bson.D{{Key: "user_id", Value: id}})
			if err != nil || n != want {
				t.Errorf("%s documents of user %s = %d, %v; want %d", coll.Name(), id, n, err, want)
			}
		}
	}
}

// insertMongoMFAAndOAuthDocs gives the user an MFA code, an OAuth identity
// and an OAuth state, written the way the Python library writes them.
func insertMongoMFAAndOAuthDocs(t *testing.T, s *mongoStore, userID string, expires time.Time) {
	t.Helper()
	ctx := t.Context()
	linked := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	docs := []struct {
		coll *mongo.Collection
		doc  bson.D
	}{
		{s.mfaCodes, bson.D{{Key: "user_id", Value: userID}, {Key: "kind", Value: "login_mfa"}, {Key: "code_hash", Value: "h"},
			{Key: "expires_at", Value: expires}, {Key: "attempts", Value: 0}, {Key: "max_attempts", Value: 5}, {Key: "created_at", Value: linked}}},
		{s.oauthIdentities, bson.D{{Key: "user_id", Value: userID}, {Key: "provider", Value: "google"}, {Key: "subject_id", Value: contractID()},
			{Key: "linked_at", Value: linked}}},
		{s.oauthStates, bson.D{{Key: "_id", Value: contractID()}, {Key: "provider", Value: "google"}, {Key: "code_verifier", Value: "v"},
			{Key: "nonce", Value: "n"}, {Key: "redirect_to", Value: "/"}, {Key: "mode", Value: "link"}, {Key: "linking_user_id", Value: userID},
			{Key: "created_at", Value: linked}, {Key: "expires_at", Value: expires}}},
	}
	for _, d := range docs {
		if _, err := d.coll.InsertOne(ctx, d.doc); err != nil {
			t.Fatalf("insert into %s: %v", d.coll.Name(), err)
		}
	}
}

// TestMongoReapMFAAndOAuth checks Reap on the collections the contract
// cannot fill: MFA codes and OAuth states expiring before now go.
func TestMongoReapMFAAndOAuth(t *testing.T) {
	s := newTestMongoStore(t)
	insertMongoMFAAndOAuthDocs(t, s, contractID(), contractNow().Add(-time.Second))
	insertMongoMFAAndOAuthDocs(t, s, contractID(), contractNow())
	got, err := s.Reap(t.Context(), contractNow(), time.Minute)
	if err != nil {
		t.Fatalf("Reap: %v", err)
	}
	if diff := cmp.Diff(ReapCounts{MFACodes: 1, OAuthStates: 1}, got); diff != "" {
		t.Errorf("Reap counts mismatch (-want +got):\n%s", diff)
	}
}

// TestMongoServerVersion checks buildInfo's version reaches the caller.
func TestMongoServerVersion(t *testing.T) {
	s := newTestMongoStore(t)
	v, err := s.ServerVersion(t.Context())
	if err != nil {
		t.Fatalf("ServerVersion: %v", err)
	}
	if major, _, ok := strings.Cut(v, "."); !ok || major == "" {
		t.Errorf("ServerVersion = %q, want a dotted version", v)
	}
}

// TestMongoOpenUnreachable checks that a server that does not answer fails
// the open, not the first request; it needs no server.
func TestMongoOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	_, err := openMongoStore(ctx, &Config{DatabaseURL: "mongodb://127.0.0.1:1/x?serverSelectionTimeoutMS=500"}, newOptions(nil))
	if err == nil || !strings.HasPrefix(err.Error(), "mongo: ping:") {
		t.Errorf("openMongoStore(unreachable) err = %v, want a ping error", err)
	}
}

// disableForTest turns the account off behind the API's back: no product
// code disables an account outside the admin API, which core tests cannot
// count on.
func (s *mongoStore) disableForTest(ctx context.Context, id string) error {
	return s.setUserFields(ctx, "disable", id, bson.D{{Key: "is_active", Value: false}})
}
