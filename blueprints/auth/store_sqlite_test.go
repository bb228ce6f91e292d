//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// openTestSQLite opens a store on url with default options and closes it
// when the test ends; it does not install the schema.
func openTestSQLite(t *testing.T, url string, opts ...Option) *sqliteStore {
	t.Helper()
	s, err := openSQLiteStore(t.Context(), &Config{DatabaseURL: url}, newOptions(opts))
	if err != nil {
		t.Fatalf("openSQLiteStore(%q): %v", url, err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s.(*sqliteStore)
}

func installSQLiteSchema(t *testing.T, s Store) {
	t.Helper()
	if _, err := s.InstallSchema(t.Context()); err != nil {
		t.Fatalf("InstallSchema: %v", err)
	}
}

// newTestSQLiteStore returns a store on a fresh database file with the
// schema installed.
func newTestSQLiteStore(t *testing.T) *sqliteStore {
	t.Helper()
	s := openTestSQLite(t, "sqlite:///"+filepath.Join(t.TempDir(), "regstack.db"))
	installSQLiteSchema(t, s)
	return s
}

func TestSQLiteStoreContract(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store { return newTestSQLiteStore(t) })
}

// TestSQLiteStoreContractHostPool runs the contract on a host pool passed
// with WithSQLDB: many connections, transactions DEFERRED, only the busy
// timeout to serialise writers.
func TestSQLiteStoreContractHostPool(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store {
		db := openHostSQLitePool(t)
		s := openTestSQLite(t, "", WithSQLDB(db))
		installSQLiteSchema(t, s)
		return s
	})
}

func TestSQLiteStoreContractMemory(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store {
		s := openTestSQLite(t, "sqlite:///:memory:")
		installSQLiteSchema(t, s)
		return s
	})
}

// openHostSQLitePool opens a pool the way a host might: a plain file name, a
// busy timeout, no _time_format and no _txlock.
func openHostSQLitePool(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "host.db")+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatalf("sql.Open: %v", err)
	}
	db.SetMaxOpenConns(8)
	t.Cleanup(func() { db.Close() })
	return db
}

func TestSQLiteInstallSchema(t *testing.T) {
	ctx := t.Context()
	s := openTestSQLite(t, "sqlite:///"+filepath.Join(t.TempDir(), "schema.db"))

	v, err := s.SchemaVersion(ctx)
	if err != nil || v != "" {
		t.Fatalf("SchemaVersion before install = %q, %v; want \"\", nil", v, err)
	}
	latest, err := s.LatestSchemaVersion()
	if err != nil {
		t.Fatalf("LatestSchemaVersion: %v", err)
	}
	if want := sqliteLatestVersion(t); latest != want {
		t.Errorf("LatestSchemaVersion = %q, want %s", latest, want)
	}
	for i := range 2 {
		if _, err := s.InstallSchema(ctx); err != nil {
			t.Fatalf("InstallSchema call %d: %v", i+1, err)
		}
	}
	v, err = s.SchemaVersion(ctx)
	if err != nil || v != latest {
		t.Errorf("SchemaVersion after install = %q, %v; want %q, nil", v, err, latest)
	}
	var applied int
	if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM regstack_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if want := len(sqliteSteps(t)); applied != want {
		t.Errorf("regstack_migrations has %d rows after two installs, want %d", applied, want)
	}

	tables := sqliteObjects(t, s.read, "table")
	wantTables := []string{
		"email_outbox", "login_attempts", "mfa_codes", "oauth_identities", "oauth_states",
		"pending_registrations", "regstack_migrations", "token_blacklist",
		"totp_credentials", "totp_recovery_codes", "users",
	}
	if sqlTablesArePython() {
		// Alembic's version table, for the Python library (migration 0004).
		wantTables = append(wantTables, "alembic_version")
	}
	// regstack-gen renames tables in this file's strings when regstack.toml
	// asks for other names, so sort rather than trust the literal's order.
	slices.Sort(wantTables)
	if diff := cmp.Diff(wantTables, tables); diff != "" {
		t.Errorf("tables mismatch (-want +got):\n%s", diff)
	}
	indexes := sqliteObjects(t, s.read, "index")
	wantIndexes := []string{
		"ix_blacklist_exp", "ix_email_outbox_due", "ix_login_attempts_email_when", "ix_mfa_codes_expires_at",
		"ix_oauth_states_expires_at", "ix_pending_expires_at",
	}
	if diff := cmp.Diff(wantIndexes, indexes); diff != "" {
		t.Errorf("indexes mismatch (-want +got):\n%s", diff)
	}
}

// sqliteObjects lists the named schema objects of one type, without
// SQLite's automatic ones.
func sqliteObjects(t *testing.T, db *sql.DB, typ string) []string {
	t.Helper()
	rows, err := db.QueryContext(t.Context(),
		`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`, typ)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestSQLiteInstallSchemaConcurrent(t *testing.T) {
	url := "sqlite:///" + filepath.Join(t.TempDir(), "concurrent.db")
	tests := []struct {
		name   string
		stores func(t *testing.T, n int) []Store
	}{
		{"one store", func(t *testing.T, n int) []Store {
			s := openTestSQLite(t, url)
			out := make([]Store, n)
			for i := range out {
				out[i] = s
			}
			return out
		}},
		// Separate stores stand for separate processes starting at once.
		{"separate stores", func(t *testing.T, n int) []Store {
			out := make([]Store, n)
			for i := range out {
				out[i] = openTestSQLite(t, url)
			}
			return out
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const n = 8
			stores := tt.stores(t, n)
			got := contractRace(t, n, nil, func(i int) error { _, err := stores[i].InstallSchema(t.Context()); return err })
			if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
				t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
			}
			v, err := stores[0].(*sqliteStore).SchemaVersion(t.Context())
			if want := sqliteLatestVersion(t); err != nil || v != want {
				t.Errorf("SchemaVersion = %q, %v; want %s", v, err, want)
			}
			if diff := cmp.Diff(wantAlembicRows(sqliteAlembicHead), sqliteAlembicRows(t, stores[0].(*sqliteStore).read)); diff != "" {
				t.Errorf("alembic_version rows mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSQLiteWithSQLDBLeavesHostDBOpen(t *testing.T) {
	db := openHostSQLitePool(t)
	s, err := openSQLiteStore(t.Context(), &Config{}, newOptions([]Option{WithSQLDB(db)}))
	if err != nil {
		t.Fatalf("openSQLiteStore: %v", err)
	}
	installSQLiteSchema(t, s)
	contractMustCreateUser(t, s, contractUser("host@example.com"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := db.PingContext(t.Context()); err != nil {
		t.Fatalf("host pool after store Close: %v", err)
	}
	var n int
	if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n != 1 {
		t.Errorf("users in host database = %d, %v; want 1, nil", n, err)
	}
}

func TestSQLiteURL(t *testing.T) {
	tests := []struct {
		url        string
		wantFile   string
		wantMemory bool
		wantErr    string
	}{
		{url: "sqlite:///data/app.db", wantFile: "data/app.db"},
		{url: "sqlite:////var/lib/app.db", wantFile: "/var/lib/app.db"},
		{url: "sqlite+aiosqlite:///app.db", wantFile: "app.db"},
		{url: "sqlite+aiosqlite:////abs/app.db", wantFile: "/abs/app.db"},
		{url: "sqlite:///:memory:", wantMemory: true},
		{url: "sqlite+aiosqlite:///:memory:", wantMemory: true},
		{url: "sqlite:///", wantErr: "no file name"},
		{url: "sqlite:///app.db?mode=ro", wantErr: "query parameters"},
		{url: "sqlite://app.db", wantErr: "want sqlite:///"},
		{url: "postgresql://localhost/app", wantErr: "want sqlite:///"},
		{url: "", wantErr: "want sqlite:///"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			file, memory, err := parseSQLiteURL(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if file != tt.wantFile || memory != tt.wantMemory {
				t.Errorf("got (%q, %v), want (%q, %v)", file, memory, tt.wantFile, tt.wantMemory)
			}
		})
	}
}

// TestSQLiteURLOpens opens each file form and checks the data lands in the
// file the URL names.
func TestSQLiteURLOpens(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	tests := []struct {
		url  string
		file string
	}{
		{"sqlite:///relative.db", filepath.Join(dir, "relative.db")},
		{"sqlite+aiosqlite:///alias.db", filepath.Join(dir, "alias.db")},
		{"sqlite:///" + filepath.Join(dir, "with space.db"), filepath.Join(dir, "with space.db")},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s := openTestSQLite(t, tt.url)
			installSQLiteSchema(t, s)
			contractMustCreateUser(t, s, contractUser("file@example.com"))

			db, err := sql.Open("sqlite", tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var n int
			if err := db.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n != 1 {
				t.Errorf("users in %s = %d, %v; want 1, nil", tt.file, n, err)
			}
		})
	}
}

func TestSQLiteMemoryStoresShareNothing(t *testing.T) {
	a := openTestSQLite(t, "sqlite:///:memory:")
	b := openTestSQLite(t, "sqlite:///:memory:")
	installSQLiteSchema(t, a)
	installSQLiteSchema(t, b)
	contractMustCreateUser(t, a, contractUser("only-a@example.com"))
	if _, err := b.UserByEmail(t.Context(), "only-a@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second in-memory store sees the first one's user: err = %v", err)
	}
}

// TestSQLiteStoredTimes checks the stored text: the Python library's format
// (UTC, six fraction digits, no offset), which SQLite's date functions read.
func TestSQLiteStoredTimes(t *testing.T) {
	ctx := t.Context()
	tests := []struct {
		name  string
		store func(t *testing.T) *sqliteStore
	}{
		{"own pool", newTestSQLiteStore},
		// The host pool has no _time_format; the stored format must not
		// depend on it.
		{"host pool", func(t *testing.T) *sqliteStore {
			s := openTestSQLite(t, "", WithSQLDB(openHostSQLitePool(t)))
			installSQLiteSchema(t, s)
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.store(t)
			u := contractUser("times@example.com")
			u.CreatedAt = time.Date(2026, 3, 4, 5, 6, 7, 891_234_567, time.FixedZone("CET", 3600))
			u.UpdatedAt = time.Date(2026, 3, 4, 4, 6, 7, 0, time.UTC)
			contractMustCreateUser(t, s, u)

			// CAST keeps the driver from parsing the DATETIME column.
			var created, updated, createdFn, updatedFn string
			var createdDay float64
			err := s.read.QueryRowContext(ctx, `
				SELECT CAST(created_at AS TEXT), CAST(updated_at AS TEXT), julianday(created_at),
				       strftime('%Y-%m-%d %H:%M:%f', created_at), datetime(updated_at)
				FROM users WHERE id = ?`, u.ID).Scan(&created, &updated, &createdDay, &createdFn, &updatedFn)
			if err != nil {
				t.Fatalf("query stored times: %v", err)
			}
			got := []string{created, updated, createdFn, updatedFn}
			want := []string{
				"2026-03-04 04:06:07.891234", // UTC, truncated to the microsecond
				"2026-03-04 04:06:07.000000",
				"2026-03-04 04:06:07.891",
				"2026-03-04 04:06:07",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stored times mismatch (-want +got):\n%s", diff)
			}
			if createdDay == 0 {
				t.Error("julianday(created_at) = 0: SQLite cannot read the stored time")
			}

			back, err := s.UserByID(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if wantCreated := u.CreatedAt.Truncate(time.Microsecond); !back.CreatedAt.Equal(wantCreated) {
				t.Errorf("CreatedAt read back = %v, want %v", back.CreatedAt, wantCreated)
			}
		})
	}
}

func TestSQLiteDeleteUserCascade(t *testing.T) {
	ctx := t.Context()
	s := newTestSQLiteStore(t)
	gone := contractUser("gone@example.com")
	kept := contractUser("kept@example.com")
	for _, u := range []*User{gone, kept} {
		contractMustCreateUser(t, s, u)
		insertSQLiteMFAAndOAuthRows(t, s, u.ID, contractNow().Add(time.Hour))
	}
	if err := s.DeleteUser(ctx, gone); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	for _, table := range []string{"mfa_codes", "oauth_identities"} {
		for id, want := range map[string]int{gone.ID: 0, kept.ID: 1} {
			var n int
			if err := s.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE user_id = ?`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%s rows of user %s = %d, want %d", table, id, n, want)
			}
		}
	}
}

// insertSQLiteMFAAndOAuthRows gives the user an MFA code, an OAuth identity and an
// OAuth state, written the way the Python library writes them.
func insertSQLiteMFAAndOAuthRows(t *testing.T, s *sqliteStore, userID string, expires time.Time) {
	t.Helper()
	ctx := t.Context()
	exp := sqliteTime(expires)
	stmts := []struct {
		query string
		args  []any
	}{
		{`INSERT INTO mfa_codes (user_id, kind, code_hash, expires_at, attempts, max_attempts, created_at)
		  VALUES (?, 'login_mfa', 'h', ?, 0, 5, '2026-01-01 00:00:00.000000')`, []any{userID, exp}},
		{`INSERT INTO oauth_identities (id, user_id, provider, subject_id, linked_at)
		  VALUES (?, ?, 'google', ?, '2026-01-01 00:00:00.000000')`, []any{contractID(), userID, contractID()}},
		{`INSERT INTO oauth_states (id, provider, code_verifier, nonce, redirect_to, mode, linking_user_id, created_at, expires_at)
		  VALUES (?, 'google', 'v', 'n', '/', 'link', ?, '2026-01-01 00:00:00.000000', ?)`, []any{contractID(), userID, exp}},
	}
	for _, st := range stmts {
		if _, err := s.write.ExecContext(ctx, st.query, st.args...); err != nil {
			t.Fatalf("%s: %v", st.query, err)
		}
	}
}

func TestSQLiteReapMFAAndOAuth(t *testing.T) {
	s := newTestSQLiteStore(t)
	insertSQLiteMFAAndOAuthRows(t, s, contractID(), contractNow().Add(-time.Second))
	insertSQLiteMFAAndOAuthRows(t, s, contractID(), contractNow())
	got, err := s.Reap(t.Context(), contractNow(), time.Minute)
	if err != nil {
		t.Fatalf("Reap: %v", err)
	}
	if diff := cmp.Diff(ReapCounts{MFACodes: 1, OAuthStates: 1}, got); diff != "" {
		t.Errorf("Reap counts mismatch (-want +got):\n%s", diff)
	}
}

func TestSQLiteDuplicateIDIsNotDuplicateEmail(t *testing.T) {
	s := newTestSQLiteStore(t)
	first := contractUser("first@example.com")
	contractMustCreateUser(t, s, first)
	again := contractUser("second@example.com")
	again.ID = first.ID
	err := s.CreateUser(t.Context(), again)
	if err == nil || errors.Is(err, ErrDuplicateEmail) {
		t.Errorf("CreateUser with a taken id = %v, want an error other than ErrDuplicateEmail", err)
	}
}

// TestSQLiteAlembicDatabase opens databases the Python library migrated
// with Alembic: one at head is adopted without re-creating the tables, an
// older revision is refused.
func TestSQLiteAlembicDatabase(t *testing.T) {
	tests := []struct {
		revision string
		wantErr  string
	}{
		{revision: "0002"},
		{revision: "0001", wantErr: `Alembic revision "0001"`},
	}
	for _, tt := range tests {
		t.Run(tt.revision, func(t *testing.T) {
			ctx := t.Context()
			s := openTestSQLite(t, "sqlite:///"+filepath.Join(t.TempDir(), "python.db"))
			ms, err := sqliteMigrations()
			if err != nil {
				t.Fatal(err)
			}
			// The Python library's schema, a user it wrote, and its
			// version table.
			python := ms[1].sql + `
				CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
				INSERT INTO alembic_version VALUES ('` + tt.revision + `');
				INSERT INTO users VALUES ('0123456789abcdef0123456789abcdef', 'py@example.com', NULL, 1, 1, 0, NULL, NULL, 0,
					'2025-01-01 00:00:00.000000', '2025-01-02 03:04:05.123456', NULL, '2025-01-02 03:04:05.123456');`
			if _, err := s.write.ExecContext(ctx, python); err != nil {
				t.Fatalf("create Python schema: %v", err)
			}

			_, err = s.InstallSchema(ctx)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("InstallSchema err = %v, want one containing %q", err, tt.wantErr)
				}
				if v, _ := s.SchemaVersion(ctx); v != "" {
					t.Errorf("SchemaVersion after refusal = %q, want \"\"", v)
				}
				return
			}
			if err != nil {
				t.Fatalf("InstallSchema: %v", err)
			}
			if v, err := s.SchemaVersion(ctx); err != nil || v != sqliteLatestVersion(t) {
				t.Errorf("SchemaVersion = %q, %v; want %s", v, err, sqliteLatestVersion(t))
			}
			// The Python library's own row stays, alone.
			if diff := cmp.Diff([]string{tt.revision}, sqliteAlembicRows(t, s.read)); diff != "" {
				t.Errorf("alembic_version rows mismatch (-want +got):\n%s", diff)
			}
			got, err := s.UserByEmail(ctx, "py@example.com")
			if err != nil {
				t.Fatalf("UserByEmail(user written by Python): %v", err)
			}
			want := &User{
				ID:                     "0123456789abcdef0123456789abcdef",
				Email:                  "py@example.com",
				IsActive:               true,
				IsVerified:             true,
				CreatedAt:              time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
				UpdatedAt:              time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC),
				TokensInvalidatedAfter: contractPtr(time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC)),
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("user written by Python mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSQLiteStoreCancelledContext ends a context in the middle of a write
// transaction: the transaction's writes must be rolled back and the single
// writer connection must serve the next callers.
func TestSQLiteStoreCancelledContext(t *testing.T) {
	s := newTestSQLiteStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	err := s.withTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (email, "when") VALUES ('cancel@example.com', '2026-01-01 00:00:00.000000')`); err != nil {
			return err
		}
		cancel()
		_, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (email, "when") VALUES ('cancel@example.com', '2026-01-01 00:00:00.000000')`)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("transaction with a cancelled context: err = %v, want context.Canceled", err)
	}

	var wg sync.WaitGroup
	for _, email := range []string{"a@example.com", "b@example.com", "cancel@example.com"} {
		wg.Go(func() {
			if err := s.RecordLoginFailure(t.Context(), email, contractNow()); err != nil {
				t.Errorf("RecordLoginFailure after cancellation: %v", err)
			}
		})
	}
	wg.Wait()
	n, err := s.CountLoginFailures(t.Context(), "cancel@example.com", time.Time{})
	if err != nil || n != 1 {
		t.Errorf("failures for cancel@example.com = %d, %v; want 1 (the cancelled insert rolled back)", n, err)
	}
}

// sqliteSteps returns the names of the recorded migrations, every one but
// the bootstrap, in order.
func sqliteSteps(t *testing.T) []string {
	t.Helper()
	ms, err := sqliteMigrations()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms[1:] {
		names = append(names, m.name)
	}
	return names
}

// sqliteLatestVersion is the version of the newest migration.
func sqliteLatestVersion(t *testing.T) string {
	t.Helper()
	ms, err := sqliteMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms[len(ms)-1].version
}

// disableForTest turns the account off behind the API's back: no product
// code disables an account outside the admin API, which core tests cannot
// count on.
func (s *sqliteStore) disableForTest(ctx context.Context, id string) error {
	_, err := s.write.ExecContext(ctx, `UPDATE users SET is_active = 0 WHERE id = ?`, id)
	return err
}
