//regstack:feature backend=postgres

package auth

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// openTestPostgres opens a store on url with default options and closes it
// when the test ends; it does not install the schema.
func openTestPostgres(t *testing.T, url string, opts ...Option) *postgresStore {
	t.Helper()
	s, err := openPostgresStore(t.Context(), &Config{DatabaseURL: url}, newOptions(opts))
	if err != nil {
		t.Fatalf("openPostgresStore: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s.(*postgresStore)
}

func installPostgresSchema(t *testing.T, s Store) {
	t.Helper()
	if _, err := s.InstallSchema(t.Context()); err != nil {
		t.Fatalf("InstallSchema: %v", err)
	}
}

// newTestPostgresStore returns a store on a fresh schema with the tables
// installed.
func newTestPostgresStore(t *testing.T) *postgresStore {
	t.Helper()
	s := openTestPostgres(t, postgresTestURL(t))
	installPostgresSchema(t, s)
	return s
}

// openHostPgxPool opens a pool the way a host might, on url, and closes it
// when the test ends.
func openHostPgxPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	connString, err := parsePostgresURL(url)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := pgxpool.New(t.Context(), connString)
	if err != nil {
		t.Fatalf("pgxpool.New: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func TestPostgresStoreContract(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store { return newTestPostgresStore(t) })
}

// TestPostgresStoreContractHostPool runs the contract on a host pool passed
// with WithPgxPool.
func TestPostgresStoreContractHostPool(t *testing.T) {
	testStoreContract(t, func(t *testing.T) Store {
		s := openTestPostgres(t, "", WithPgxPool(openHostPgxPool(t, postgresTestURL(t))))
		installPostgresSchema(t, s)
		return s
	})
}

func TestPostgresWithPgxPoolLeavesHostPoolOpen(t *testing.T) {
	pool := openHostPgxPool(t, postgresTestURL(t))
	s, err := openPostgresStore(t.Context(), &Config{}, newOptions([]Option{WithPgxPool(pool)}))
	if err != nil {
		t.Fatalf("openPostgresStore: %v", err)
	}
	installPostgresSchema(t, s)
	contractMustCreateUser(t, s, contractUser("host@example.com"))
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	var n int
	if err := pool.QueryRow(t.Context(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil || n != 1 {
		t.Errorf("users through the host pool after store Close = %d, %v; want 1, nil", n, err)
	}
}

func TestPostgresURL(t *testing.T) {
	tests := []struct {
		url     string
		want    string
		wantErr string
	}{
		{url: "postgresql://u:p@db:5432/app", want: "postgresql://u:p@db:5432/app"},
		{url: "postgres://u@db/app?sslmode=disable", want: "postgres://u@db/app?sslmode=disable"},
		{url: "POSTGRESQL://db/app", want: "postgresql://db/app"},
		{url: "postgresql+asyncpg://u:p@db:5432/app", want: "postgresql://u:p@db:5432/app"},
		{url: "postgresql+asyncpg://db/app?ssl=require", want: "postgresql://db/app?sslmode=require"},
		{url: "postgresql+asyncpg://db/app?ssl=true", want: "postgresql://db/app?sslmode=require"},
		{url: "postgresql+asyncpg://db/app?ssl=false", want: "postgresql://db/app?sslmode=disable"},
		// An explicit sslmode wins over asyncpg's ssl.
		{url: "postgresql+asyncpg://db/app?ssl=require&sslmode=verify-full", want: "postgresql://db/app?sslmode=verify-full"},
		// SQLAlchemy's driver settings are dropped; libpq's, pgx's and
		// run-time settings stay.
		{url: "postgresql+asyncpg://db/app?prepared_statement_cache_size=0&async_fallback=true&application_name=x",
			want: "postgresql://db/app?application_name=x"},
		{url: "postgresql://db/app?pool_max_conns=20&search_path=auth", want: "postgresql://db/app?pool_max_conns=20&search_path=auth"},
		// A password with reserved characters stays escaped.
		{url: "postgresql+asyncpg://u:p%40ss%2Fw@db/app", want: "postgresql://u:p%40ss%2Fw@db/app"},
		{url: "postgresql+psycopg2://db/app", wantErr: `scheme "postgresql+psycopg2"`},
		{url: "sqlite:///app.db", wantErr: `scheme "sqlite"`},
		{url: "", wantErr: `scheme ""`},
		{url: "postgresql://u:secret@db:port/app", wantErr: "not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			got, err := parsePostgresURL(tt.url)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("err = %v: it shows the password", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if _, err := pgxpool.ParseConfig(got); err != nil {
				t.Errorf("pgxpool.ParseConfig(%q): %v", got, err)
			}
		})
	}
}

// TestPostgresURLOpens opens the test database through each accepted scheme
// and checks every form reaches the same schema.
func TestPostgresURLOpens(t *testing.T) {
	base := postgresTestURL(t)
	seed := openTestPostgres(t, base)
	installPostgresSchema(t, seed)
	contractMustCreateUser(t, seed, contractUser("alias@example.com"))
	_, rest, _ := strings.Cut(base, "://")
	for _, scheme := range []string{"postgresql", "postgres", "postgresql+asyncpg"} {
		t.Run(scheme, func(t *testing.T) {
			s := openTestPostgres(t, scheme+"://"+rest+"&prepared_statement_cache_size=0")
			if _, err := s.UserByEmail(t.Context(), "alias@example.com"); err != nil {
				t.Errorf("UserByEmail through %s://: %v", scheme, err)
			}
		})
	}
}

// TestPostgresBadSettingsHideURL checks that settings pgx refuses are
// reported by their reason, without the URL and its password.
func TestPostgresBadSettingsHideURL(t *testing.T) {
	tests := []struct {
		url  string
		want string
	}{
		{"postgresql://u:secret@db/app?sslmode=bogus", "sslmode is invalid"},
		{"postgresql+asyncpg://u:secret@db/app?ssl=bogus", "sslmode is invalid"},
		{"postgresql://u:secret@db/app?connect_timeout=soon&password=secret", "connect_timeout"},
		{"postgresql://u:secret@db/app?pool_max_conns=many", "pool_max_conns"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := openPostgresStore(t.Context(), &Config{DatabaseURL: tt.url}, newOptions(nil))
			if err == nil || !strings.HasPrefix(err.Error(), "postgres: database_url: ") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a postgres: database_url: error mentioning %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "db/app") {
				t.Errorf("err = %v: it quotes the URL", err)
			}
		})
	}
}

func TestPostgresOpenFails(t *testing.T) {
	base := postgresTestURL(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("no_such_role", "secret")
	_, err = openPostgresStore(t.Context(), &Config{DatabaseURL: u.String()}, newOptions(nil))
	if err == nil || !strings.HasPrefix(err.Error(), "postgres: connect:") {
		t.Fatalf("openPostgresStore with an unknown role: err = %v, want a postgres: connect: error", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v: it shows the password", err)
	}
}

func TestPostgresInstallSchema(t *testing.T) {
	ctx := t.Context()
	s := openTestPostgres(t, postgresTestURL(t))

	v, err := s.SchemaVersion(ctx)
	if err != nil || v != "" {
		t.Fatalf("SchemaVersion before install = %q, %v; want \"\", nil", v, err)
	}
	latest, err := s.LatestSchemaVersion()
	if err != nil {
		t.Fatalf("LatestSchemaVersion: %v", err)
	}
	if want := postgresLatestVersion(t); latest != want {
		t.Errorf("LatestSchemaVersion = %q, want %s", latest, want)
	}
	var steps [][]string
	for i := range 2 {
		applied, err := s.InstallSchema(ctx)
		if err != nil {
			t.Fatalf("InstallSchema call %d: %v", i+1, err)
		}
		steps = append(steps, applied)
	}
	if diff := cmp.Diff([][]string{postgresSteps(t, "applied migration "), nil}, steps); diff != "" {
		t.Errorf("steps of two installs mismatch (-want +got):\n%s", diff)
	}
	v, err = s.SchemaVersion(ctx)
	if err != nil || v != latest {
		t.Errorf("SchemaVersion after install = %q, %v; want %q, nil", v, err, latest)
	}

	tables := postgresCatalog(t, s, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
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
	// Constraint and index names follow the Python library's, so a
	// database can be shared with it.
	constraints := postgresCatalog(t, s, `
		SELECT c.conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
		WHERE n.nspname = current_schema() AND c.contype IN ('p', 'u', 'c') ORDER BY 1`)
	wantConstraints := []string{
		"ck_mfa_codes_attempts_nonneg", "ck_oauth_states_mode_valid", "email_unique", "jti_unique",
		"pending_email_unique", "pending_token_unique", "pk_email_outbox", "pk_login_attempts", "pk_mfa_codes",
		"pk_oauth_identities", "pk_oauth_states", "pk_pending_registrations", "pk_regstack_migrations",
		"pk_token_blacklist", "pk_totp_credentials", "pk_totp_recovery_codes", "pk_users", "provider_subject_unique", "user_kind_unique", "user_provider_unique",
	}
	if sqlTablesArePython() {
		wantConstraints = append(wantConstraints, "alembic_version_pkc")
		slices.Sort(wantConstraints)
	}
	if diff := cmp.Diff(wantConstraints, constraints); diff != "" {
		t.Errorf("constraints mismatch (-want +got):\n%s", diff)
	}
	indexes := postgresCatalog(t, s, `
		SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix\_%' ORDER BY 1`)
	wantIndexes := []string{
		"ix_blacklist_exp", "ix_email_outbox_due", "ix_login_attempts_email_when", "ix_mfa_codes_expires_at",
		"ix_oauth_states_expires_at", "ix_pending_expires_at",
	}
	if diff := cmp.Diff(wantIndexes, indexes); diff != "" {
		t.Errorf("indexes mismatch (-want +got):\n%s", diff)
	}
	// Every time column is timestamptz, so instants survive any session
	// time zone.
	plain := postgresCatalog(t, s, `
		SELECT table_name || '.' || column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone' ORDER BY 1`)
	if len(plain) != 0 {
		t.Errorf("columns without time zone: %q", plain)
	}
}

// postgresCatalog returns the single text column of query's rows.
func postgresCatalog(t *testing.T, s *postgresStore, query string) []string {
	t.Helper()
	rows, err := s.pool.Query(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return names
}

// TestPostgresInstallSchemaConcurrent starts eight stores, standing for
// eight processes, on one fresh schema at once: all must succeed and the
// migration must run exactly once.
func TestPostgresInstallSchemaConcurrent(t *testing.T) {
	url := postgresTestURL(t)
	const n = 8
	stores := make([]*postgresStore, n)
	for i := range stores {
		stores[i] = openTestPostgres(t, url)
	}
	steps := make([][]string, n)
	got := contractRace(t, n, nil, func(i int) error {
		var err error
		steps[i], err = stores[i].InstallSchema(t.Context())
		return err
	})
	if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
		t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
	}
	// Each migration is applied by exactly one store, not necessarily the
	// same one for all.
	all := slices.Concat(steps...)
	slices.Sort(all)
	// Sorted both, as the order of the reports is not the migrations'.
	want := postgresSteps(t, "applied migration ")
	slices.Sort(want)
	if diff := cmp.Diff(want, all); diff != "" {
		t.Errorf("steps reported by all stores mismatch (-want +got):\n%s", diff)
	}
	var rows int
	if err := stores[0].pool.QueryRow(t.Context(), `SELECT COUNT(*) FROM regstack_migrations`).Scan(&rows); err != nil || rows != len(postgresSteps(t, "")) {
		t.Errorf("regstack_migrations rows = %d, %v; want %d, nil", rows, err, len(postgresSteps(t, "")))
	}
	if diff := cmp.Diff(wantAlembicRows(postgresAlembicHead), postgresAlembicRows(t, stores[0])); diff != "" {
		t.Errorf("alembic_version rows mismatch (-want +got):\n%s", diff)
	}
}

// TestPostgresPendingSchema lists the migrations of an empty schema and
// none once they are installed.
func TestPostgresPendingSchema(t *testing.T) {
	ctx := t.Context()
	s := openTestPostgres(t, postgresTestURL(t))
	got, err := s.PendingSchema(ctx)
	if err != nil {
		t.Fatalf("PendingSchema on an empty schema: %v", err)
	}
	if diff := cmp.Diff(postgresSteps(t, "migration "), got); diff != "" {
		t.Errorf("PendingSchema on an empty schema mismatch (-want +got):\n%s", diff)
	}
	// Looking must not create anything.
	if tables := postgresCatalog(t, s, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`); len(tables) != 0 {
		t.Errorf("tables after PendingSchema = %q, want none", tables)
	}
	installPostgresSchema(t, s)
	if got, err := s.PendingSchema(ctx); err != nil || len(got) != 0 {
		t.Errorf("PendingSchema after install = %q, %v; want none", got, err)
	}
}

// TestPostgresSchemasShareNothing checks the isolation the test helper
// relies on: stores on two schemas of one database see separate tables.
func TestPostgresSchemasShareNothing(t *testing.T) {
	a, b := newTestPostgresStore(t), newTestPostgresStore(t)
	contractMustCreateUser(t, a, contractUser("only-a@example.com"))
	if _, err := b.UserByEmail(t.Context(), "only-a@example.com"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second schema sees the first one's user: err = %v", err)
	}
}

// TestPostgresStoredTimes checks that times are stored as instants with
// microseconds and read back in UTC whatever the session's time zone.
func TestPostgresStoredTimes(t *testing.T) {
	ctx := t.Context()
	s := openTestPostgres(t, postgresTestURL(t)+"&timezone=Asia%2FKolkata")
	installPostgresSchema(t, s)
	u := contractUser("times@example.com")
	u.CreatedAt = time.Date(2026, 3, 4, 5, 6, 7, 891_234_567, time.FixedZone("CET", 3600))
	u.UpdatedAt = time.Date(2026, 3, 4, 4, 6, 7, 0, time.UTC)
	contractMustCreateUser(t, s, u)

	var created string
	err := s.pool.QueryRow(ctx, `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM users WHERE id = $1`, u.ID).Scan(&created)
	if err != nil {
		t.Fatal(err)
	}
	if want := "2026-03-04 04:06:07.891234"; created != want {
		t.Errorf("stored created_at = %q, want %q (UTC, truncated to the microsecond)", created, want)
	}
	back, err := s.UserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want := u.CreatedAt.Truncate(time.Microsecond); !back.CreatedAt.Equal(want) {
		t.Errorf("CreatedAt read back = %v, want %v", back.CreatedAt, want)
	}
	assertContractUTC(t, back)
}

func TestPostgresDeleteUserCascade(t *testing.T) {
	ctx := t.Context()
	s := newTestPostgresStore(t)
	gone := contractUser("gone@example.com")
	kept := contractUser("kept@example.com")
	for _, u := range []*User{gone, kept} {
		contractMustCreateUser(t, s, u)
		insertPostgresMFAAndOAuthRows(t, s, u.ID, contractNow().Add(time.Hour))
	}
	if err := s.DeleteUser(ctx, gone); err != nil {
		t.Fatalf("DeleteUser: %v", err)
	}
	for _, table := range []string{"mfa_codes", "oauth_identities"} {
		for id, want := range map[string]int{gone.ID: 0, kept.ID: 1} {
			var n int
			if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE user_id = $1`, id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != want {
				t.Errorf("%s rows of user %s = %d, want %d", table, id, n, want)
			}
		}
	}
}

// insertPostgresMFAAndOAuthRows gives the user an MFA code, an OAuth
// identity and an OAuth state, written the way the Python library writes
// them.
func insertPostgresMFAAndOAuthRows(t *testing.T, s *postgresStore, userID string, expires time.Time) {
	t.Helper()
	ctx := t.Context()
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	stmts := []struct {
		query string
		args  []any
	}{
		{`INSERT INTO mfa_codes (user_id, kind, code_hash, expires_at, attempts, max_attempts, created_at)
		  VALUES ($1, 'login_mfa', 'h', $2, 0, 5, $3)`, []any{userID, expires, created}},
		{`INSERT INTO oauth_identities (id, user_id, provider, subject_id, linked_at)
		  VALUES ($1, $2, 'google', $3, $4)`, []any{contractID(), userID, contractID(), created}},
		{`INSERT INTO oauth_states (id, provider, code_verifier, nonce, redirect_to, mode, linking_user_id, created_at, expires_at)
		  VALUES ($1, 'google', 'v', 'n', '/', 'link', $2, $3, $4)`, []any{contractID(), userID, created, expires}},
	}
	for _, st := range stmts {
		if _, err := s.pool.Exec(ctx, st.query, st.args...); err != nil {
			t.Fatalf("%s: %v", st.query, err)
		}
	}
}

func TestPostgresReapMFAAndOAuth(t *testing.T) {
	s := newTestPostgresStore(t)
	insertPostgresMFAAndOAuthRows(t, s, contractID(), contractNow().Add(-time.Second))
	insertPostgresMFAAndOAuthRows(t, s, contractID(), contractNow())
	got, err := s.Reap(t.Context(), contractNow(), time.Minute)
	if err != nil {
		t.Fatalf("Reap: %v", err)
	}
	if diff := cmp.Diff(ReapCounts{MFACodes: 1, OAuthStates: 1}, got); diff != "" {
		t.Errorf("Reap counts mismatch (-want +got):\n%s", diff)
	}
}

func TestPostgresDuplicateIDIsNotDuplicateEmail(t *testing.T) {
	s := newTestPostgresStore(t)
	first := contractUser("first@example.com")
	contractMustCreateUser(t, s, first)
	again := contractUser("second@example.com")
	again.ID = first.ID
	err := s.CreateUser(t.Context(), again)
	if err == nil || errors.Is(err, ErrDuplicateEmail) {
		t.Errorf("CreateUser with a taken id = %v, want an error other than ErrDuplicateEmail", err)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "postgres: ") {
		t.Errorf("err = %q, want the postgres: prefix", err)
	}
}

// TestPostgresAlembicDatabase opens schemas the Python library migrated
// with Alembic: one at head is adopted without re-creating the tables, an
// older revision is refused.
func TestPostgresAlembicDatabase(t *testing.T) {
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
			s := openTestPostgres(t, postgresTestURL(t))
			ms, err := postgresMigrations()
			if err != nil {
				t.Fatal(err)
			}
			// The Python library's schema, a user it wrote, and its
			// version table.
			python := ms[1].sql + `
				CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
				INSERT INTO alembic_version VALUES ('` + tt.revision + `');
				INSERT INTO users VALUES ('0123456789abcdef0123456789abcdef', 'py@example.com', NULL, true, true, false, NULL, NULL, false,
					'2025-01-01 00:00:00+00', '2025-01-02 03:04:05.123456+00', NULL, '2025-01-02 03:04:05.123456+00');`
			if _, err := s.pool.Exec(ctx, python); err != nil {
				t.Fatalf("create Python schema: %v", err)
			}

			applied, err := s.InstallSchema(ctx)
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
			wantSteps := append([]string{"adopted the Python library's schema as migration 0001_initial.sql"}, postgresSteps(t, "applied migration ")[1:]...)
			if diff := cmp.Diff(wantSteps, applied); diff != "" {
				t.Errorf("InstallSchema steps mismatch (-want +got):\n%s", diff)
			}
			if v, err := s.SchemaVersion(ctx); err != nil || v != postgresLatestVersion(t) {
				t.Errorf("SchemaVersion = %q, %v; want %s", v, err, postgresLatestVersion(t))
			}
			// The Python library's own row stays, alone.
			if diff := cmp.Diff([]string{tt.revision}, postgresAlembicRows(t, s)); diff != "" {
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

// postgresSteps returns prefix + name for each recorded migration, every
// one but the bootstrap, in order.
func postgresSteps(t *testing.T, prefix string) []string {
	t.Helper()
	ms, err := postgresMigrations()
	if err != nil {
		t.Fatal(err)
	}
	var steps []string
	for _, m := range ms[1:] {
		if prefix == "applied migration " && m.version == postgresAlembicStampVersion && !sqlTablesArePython() {
			steps = append(steps, stampSkippedStep(m.name))
			continue
		}
		steps = append(steps, prefix+m.name)
	}
	return steps
}

// postgresLatestVersion is the version of the newest migration.
func postgresLatestVersion(t *testing.T) string {
	t.Helper()
	ms, err := postgresMigrations()
	if err != nil {
		t.Fatal(err)
	}
	return ms[len(ms)-1].version
}

// disableForTest turns the account off behind the API's back: no product
// code disables an account outside the admin API, which core tests cannot
// count on.
func (s *postgresStore) disableForTest(ctx context.Context, id string) error {
	_, err := s.pool.Exec(ctx, `UPDATE users SET is_active = false WHERE id = $1`, id)
	return err
}
