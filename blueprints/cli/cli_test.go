//regstack:feature backend=sqlite

package main

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// strongSecret is a JWT secret the doctor accepts.
const strongSecret = "cli-test-secret-4f9a1c7e2b8d6035aa91be47c2d8f316"

// cliTest runs the commands in-process against a fresh SQLite database.
type cliTest struct {
	t      *testing.T
	config string
	db     string
}

// newCLITest prepares the configuration and database. Inside a generated
// host it uses the host's own regstack.toml, because the generated package
// refuses a configuration whose features differ from those it was
// generated with; the database, the secret and a cheap password-hash cost
// come from the environment, which overrides the file as in production.
func newCLITest(t *testing.T) *cliTest {
	dir := t.TempDir()
	ct := &cliTest{t: t, config: hostConfig(t, dir), db: filepath.Join(dir, "cli.db")}
	t.Setenv("REGSTACK_CONFIG", "")
	t.Setenv("REGSTACK_DATABASE_URL", "sqlite:///"+filepath.ToSlash(ct.db))
	t.Setenv("REGSTACK_JWT_SECRET", strongSecret)
	t.Setenv("REGSTACK_PASSWORD_HASH_MEMORY_KIB", "1024")
	t.Setenv("REGSTACK_PASSWORD_HASH_ITERATIONS", "1")
	t.Setenv("REGSTACK_PASSWORD_HASH_PARALLELISM", "1")
	routeTestEmail(t, ct.config)
	return ct
}

// hostConfig returns the regstack.toml at the root of the enclosing
// module, or a minimal one written to dir when the module has none.
func hostConfig(t *testing.T, dir string) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			if p := filepath.Join(d, "regstack.toml"); fileExists(p) {
				return p
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	p := filepath.Join(dir, "regstack.toml")
	if err := os.WriteFile(p, []byte("app_name = \"CLI test\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// fileExists reports whether p is a regular file.
func fileExists(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.Mode().IsRegular()
}

// result is one command's exit status and output.
type result struct {
	code           int
	stdout, stderr string
}

// run executes the command line with --config and stdin.
func (ct *cliTest) run(stdin string, args ...string) result {
	ct.t.Helper()
	var out, errOut bytes.Buffer
	args = append([]string{"--config", ct.config}, args...)
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// want fails the test unless r has the exit status and its stdout and
// stderr contain the given strings.
func (r result) want(t *testing.T, code int, stdout, stderr string) result {
	t.Helper()
	if r.code != code || !strings.Contains(r.stdout, stdout) || !strings.Contains(r.stderr, stderr) {
		t.Fatalf("exit %d, want %d (stdout containing %q, stderr containing %q)\nstdout:\n%s\nstderr:\n%s",
			r.code, code, stdout, stderr, r.stdout, r.stderr)
	}
	return r
}

func TestCreateAdmin(t *testing.T) {
	ct := newCLITest(t)
	first := ct.run("correct horse battery\n", "create-admin", "--email", "Root@Example.com", "--password-stdin").want(t, 0, "created (id=", "")
	m := regexp.MustCompile(`^User Root@example\.com created \(id=(\w+)\)\.\n$`).FindStringSubmatch(first.stdout)
	if m == nil {
		t.Fatalf("first run printed %q", first.stdout)
	}
	again := ct.run("another password\n", "create-admin", "--email", "Root@example.com", "--password-stdin").want(t, 0, "", "")
	if want := "User Root@example.com is already an admin (id=" + m[1] + ").\n"; again.stdout != want {
		t.Errorf("second run printed %q, want %q", again.stdout, want)
	}
}

func TestCreateAdminPromotes(t *testing.T) {
	ct := newCLITest(t)
	// Sign bob up through the API, as a user of the application would.
	t.Setenv("REGSTACK_REQUIRE_VERIFICATION", "false")
	t.Setenv("REGSTACK_ALLOW_REGISTRATION", "true")
	cfg, err := auth.LoadConfig(ct.config)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	if err := rs.InstallSchema(ctx); err != nil {
		t.Fatal(err)
	}
	body := strings.NewReader(`{"email": "bob@example.com", "password": "bob's password"}`)
	req := httptest.NewRequest("POST", cfg.APIPrefix+"/register", body)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rs.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}

	ct.run("ignored password\n", "create-admin", "--email", "bob@example.com", "--password-stdin").
		want(t, 0, "User bob@example.com promoted to admin (id=", "")
	ct.run("ignored password\n", "create-admin", "--email", "bob@example.com", "--password-stdin").
		want(t, 0, "User bob@example.com is already an admin (id=", "")
}

func TestCreateAdminUsageErrors(t *testing.T) {
	ct := newCLITest(t)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stderr string
	}{
		{"short password", "short\n", []string{"--email", "a@example.com", "--password-stdin"}, "at least 8 characters"},
		{"no terminal", "", []string{"--email", "a@example.com"}, "--password-stdin"},
		{"no email", "long enough\n", []string{"--password-stdin"}, `"email" not set`},
		{"bad flag", "", []string{"--nope"}, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct.run(tt.stdin, append([]string{"create-admin"}, tt.args...)...).want(t, 2, "", tt.stderr)
		})
	}
	if fileExists(ct.db) {
		t.Error("a refused create-admin created the database")
	}
}

func TestMissingConfig(t *testing.T) {
	ct := newCLITest(t)
	ct.config = filepath.Join(t.TempDir(), "absent.toml")
	for _, cmd := range []string{"doctor", "migrate", "reap"} {
		ct.run("", cmd).want(t, 2, "", "absent.toml does not exist")
	}
	// Without --config, $REGSTACK_CONFIG names the file, as for the
	// application.
	t.Setenv("REGSTACK_CONFIG", filepath.Join(t.TempDir(), "from-env.toml"))
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, strings.NewReader(""), &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "from-env.toml does not exist") {
		t.Errorf("exit %d, stderr %q: want 2 naming from-env.toml", code, errOut.String())
	}
}

func TestMigrate(t *testing.T) {
	ct := newCLITest(t)
	ct.run("", "migrate").want(t, 0, "applied migration 0001_initial.sql", "")
	if r := ct.run("", "migrate").want(t, 0, "", ""); r.stdout != "schema is up to date\n" {
		t.Errorf("second migrate printed %q", r.stdout)
	}
}

func TestDoctor(t *testing.T) {
	ct := newCLITest(t)
	ct.run("", "doctor").want(t, 1, "✗ schema: pending: migration 0001_initial.sql", "1 check(s) failed.")
	ct.run("", "migrate").want(t, 0, "", "")

	r := ct.run("", "doctor", "--send-test-email", "probe@example.com").want(t, 0, "✓ jwt secret: present", "")
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		// A host generated with OAuth warns about the providers its
		// regstack.toml names, whose client secrets this test does not
		// give (auth's TestDoctorOAuth tests those lines).
		if !strings.HasPrefix(line, "✓ ") && !strings.HasPrefix(line, "⚠ oauth ") {
			t.Errorf("healthy doctor printed %q", line)
		}
	}
	if !strings.Contains(r.stdout, "✓ email send: probe delivered to probe@example.com") {
		t.Errorf("no email send line:\n%s", r.stdout)
	}

	t.Setenv("REGSTACK_JWT_SECRET", "too-short")
	ct.run("", "doctor").want(t, 1, "✗ jwt secret: too short (9 chars; need ≥32)", "1 check(s) failed.")

	t.Setenv("REGSTACK_JWT_SECRET", "")
	ct.run("", "doctor").want(t, 1, "✗ config: ", "1 check(s) failed.")
}

func TestReap(t *testing.T) {
	ct := newCLITest(t)
	ct.run("", "migrate").want(t, 0, "", "")
	db, err := sql.Open("sqlite", ct.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Exec(`INSERT INTO pending_registrations (id, email, hashed_password, token_hash, created_at, expires_at)
		VALUES ('p1', 'late@example.com', 'x', 'h1', '2020-01-01 00:00:00.000000', '2020-01-02 00:00:00.000000'),
		       ('p2', 'soon@example.com', 'x', 'h2', '2020-01-01 00:00:00.000000', '2999-01-01 00:00:00.000000')`)
	if err != nil {
		t.Fatal(err)
	}
	// One dead letter, which reap deletes, and one queued message, which it
	// leaves for the application.
	_, err = db.Exec(`INSERT INTO email_outbox (id, payload, created_at, available_at, attempts, last_error, dead_at)
		VALUES ('m1', x'00', '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 50, 'refused', '2020-01-01 00:30:00.000000'),
		       ('m2', x'00', '2020-01-01 00:00:00.000000', '2020-01-01 00:00:00.000000', 0, NULL, NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	want := "pending_registrations: 1\ntoken_blacklist: 0\nlogin_attempts: 0\nmfa_codes: 0\noauth_states: 0\nemail_outbox (dead): 1\n"
	if r := ct.run("", "reap").want(t, 0, "", ""); r.stdout != want {
		t.Errorf("reap printed\n%s\nwant\n%s", r.stdout, want)
	}
	if r := ct.run("", "reap").want(t, 0, "", ""); !strings.HasPrefix(r.stdout, "pending_registrations: 0\n") {
		t.Errorf("second reap printed\n%s", r.stdout)
	}
	var queued int
	if err := db.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE id = 'm2'`).Scan(&queued); err != nil || queued != 1 {
		t.Errorf("queued message after reap: %d, %v; want it kept", queued, err)
	}
}

// TestCLILeavesQueuedMail checks that the CLI never delivers the
// application's queued mail (with the console backend it would print the
// verification link to the administrator's terminal), and that doctor
// reports the queue.
func TestCLILeavesQueuedMail(t *testing.T) {
	ct := newCLITest(t)
	t.Setenv("REGSTACK_REQUIRE_VERIFICATION", "true")
	t.Setenv("REGSTACK_ALLOW_REGISTRATION", "true")
	cfg, err := auth.LoadConfig(ct.config)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// The application is stopped before its worker runs: the message stays
	// queued.
	rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.DiscardHandler)), auth.WithoutOutboxWorker())
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.InstallSchema(ctx); err != nil {
		t.Fatal(err)
	}
	body := strings.NewReader(`{"email": "queued@example.com", "password": "queued password"}`)
	req := httptest.NewRequest("POST", cfg.APIPrefix+"/register", body)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rs.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	rs.Close()

	// migrate wakes a worker right away, if there were one.
	m := ct.run("", "migrate").want(t, 0, "", "")
	d := ct.run("", "doctor").want(t, 0, "✓ email outbox: 1 queued, oldest ", "")
	for _, r := range []result{m, d} {
		if strings.Contains(r.stderr, "token=") || strings.Contains(r.stdout, "token=") {
			t.Errorf("the CLI delivered the queued mail:\n%s%s", r.stdout, r.stderr)
		}
	}
	db, err := sql.Open("sqlite", ct.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var queued int
	if err := db.QueryRow(`SELECT COUNT(*) FROM email_outbox WHERE dead_at IS NULL AND attempts = 0`).Scan(&queued); err != nil || queued != 1 {
		t.Errorf("untouched queued messages after the CLI ran: %d, %v; want 1", queued, err)
	}
}
