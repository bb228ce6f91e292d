package e2e

import (
	"database/sql"
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite" // the driver, to plant expired rows for reap
)

// cliResult is one run of the generated CLI.
type cliResult struct {
	code           int
	stdout, stderr string
}

// hostCLI is the generated command, built once, run in the host's
// directory so it reads the host's regstack.toml and secrets file.
type hostCLI struct {
	t   *testing.T
	bin string
	dir string
}

// buildCLI builds the command regstack-gen wrote to cmd/regstack.
func buildCLI(t *testing.T, h *host) *hostCLI {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "regstack")
	run(t, h.dir, []string{"GOFLAGS=-mod=mod"}, "go", "build", "-o", bin, "./cmd/regstack")
	return &hostCLI{t: t, bin: bin, dir: h.dir}
}

// run executes the command with stdin and extra environment.
func (c *hostCLI) run(stdin string, env []string, args ...string) cliResult {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		c.t.Fatalf("regstack %s: %v", strings.Join(args, " "), err)
	}
	return cliResult{code: cmd.ProcessState.ExitCode(), stdout: out.String(), stderr: errOut.String()}
}

// want fails unless r has the exit status and the outputs contain the
// given strings.
func (r cliResult) want(t *testing.T, code int, stdout, stderr string) cliResult {
	t.Helper()
	if r.code != code || !strings.Contains(r.stdout, stdout) || !strings.Contains(r.stderr, stderr) {
		t.Fatalf("exit %d, want %d (stdout containing %q, stderr containing %q)\nstdout:\n%s\nstderr:\n%s",
			r.code, code, stdout, stderr, r.stdout, r.stderr)
	}
	return r
}

func TestCLI(t *testing.T) {
	h := startHost(t)
	cli := buildCLI(t, h)
	const api = "/api/auth"
	admin, password := "admin@example.com", "admin password 1"

	// create-admin creates, then reports the existing admin; both exit 0.
	first := cli.run(password+"\n", nil, "create-admin", "--email", admin, "--password-stdin").want(t, 0, "User admin@example.com created (id=", "")
	id := regexp.MustCompile(`\(id=(\w+)\)`).FindStringSubmatch(first.stdout)[1]
	cli.run("another password\n", nil, "create-admin", "--email", admin, "--password-stdin").
		want(t, 0, "User admin@example.com is already an admin (id="+id+").", "")
	cli.run("short\n", nil, "create-admin", "--email", "x@example.com", "--password-stdin").want(t, 2, "", "at least 8 characters")

	// The admin signs in to the running application with that password.
	tok := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": admin, "password": password}), 200).json["access_token"].(string)
	me := h.expect(h.call("GET", api+"/me", tok, nil), 200)
	if me.json["is_superuser"] != true || me.json["is_verified"] != true || me.json["_id"] != id {
		t.Fatalf("/me of the admin: %s", me.raw)
	}

	// An account that signed up through the API is promoted, password kept.
	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": "bob@example.com", "password": "bob's password"}), 201)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": h.linkToken("verify", 1)}), 200)
	cli.run("ignored password\n", nil, "create-admin", "--email", "bob@example.com", "--password-stdin").want(t, 0, "User bob@example.com promoted to admin (id=", "")
	tok = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": "bob@example.com", "password": "bob's password"}), 200).json["access_token"].(string)
	if me := h.expect(h.call("GET", api+"/me", tok, nil), 200); me.json["is_superuser"] != true {
		t.Fatalf("/me of bob: %s", me.raw)
	}

	// doctor passes with the secret init generated, fails with a weak one.
	ok := cli.run("", nil, "doctor").want(t, 0, "✓ jwt secret: present (86 chars)", "")
	for _, line := range strings.Split(strings.TrimSpace(ok.stdout), "\n") {
		if !strings.HasPrefix(line, "✓ ") {
			t.Errorf("doctor on a healthy host printed %q", line)
		}
	}
	weak := []string{"REGSTACK_JWT_SECRET=too-short"}
	cli.run("", weak, "doctor").want(t, 1, "✗ jwt secret: too short (9 chars; need ≥32)", "1 check(s) failed.")
	cli.run("", nil, "--config", "missing.toml", "doctor").want(t, 2, "", "missing.toml does not exist")

	// migrate: the running host installed the schema already; a fresh
	// database is migrated once, then reported up to date.
	cli.run("", nil, "migrate").want(t, 0, "schema is up to date", "")
	fresh := filepath.Join(t.TempDir(), "fresh.db")
	freshEnv := []string{"REGSTACK_DATABASE_URL=sqlite:///" + filepath.ToSlash(fresh)}
	cli.run("", freshEnv, "doctor").want(t, 1, "✗ schema: pending: migration 0001_initial.sql, ", "1 check(s) failed.")
	cli.run("", freshEnv, "migrate").want(t, 0, "applied migration 0001_initial.sql", "")
	cli.run("", freshEnv, "migrate").want(t, 0, "schema is up to date", "")

	// reap deletes the expired pending registration and keeps the live one.
	db, err := sql.Open("sqlite", fresh)
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
	cli.run("", freshEnv, "reap").want(t, 0, "pending_registrations: 1\ntoken_blacklist: 0\nlogin_attempts: 0\n", "")
	cli.run("", freshEnv, "reap").want(t, 0, "pending_registrations: 0\n", "")
	var left int
	if err := db.QueryRow(`SELECT count(*) FROM pending_registrations`).Scan(&left); err != nil || left != 1 {
		t.Errorf("pending registrations left: %d (err %v), want 1", left, err)
	}
}

// TestCLIServerBackends runs the host CLI of a PostgreSQL and a MongoDB host
// against the servers scripts/with-services.sh starts: the same commands
// work on every backend, and doctor reports the MongoDB server's version
// against the CVE-2025-14847 advisory.
func TestCLIServerBackends(t *testing.T) {
	for _, backend := range []string{"postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			h := startHost(t, backendArgs(t, backend)...)
			cli := buildCLI(t, h)
			const admin, password = "root@example.com", "root password 1"
			cli.run(password+"\n", nil, "create-admin", "--email", admin, "--password-stdin").want(t, 0, "User root@example.com created (id=", "")
			cli.run(password+"\n", nil, "create-admin", "--email", admin, "--password-stdin").want(t, 0, "is already an admin", "")
			tok := h.expect(h.call("POST", "/api/auth/login", "", map[string]any{"email": admin, "password": password}), 200).json["access_token"].(string)
			if me := h.expect(h.call("GET", "/api/auth/me", tok, nil), 200); me.json["is_superuser"] != true {
				t.Fatalf("/me of the admin: %s", me.raw)
			}

			doctor := cli.run("", nil, "doctor").want(t, 0, "✓ schema: current", "")
			if backend == "mongo" {
				// FerretDB reports MongoDB 7.0.42, past the 7.0 line's fix.
				if !strings.Contains(doctor.stdout, "✓ mongodb version: 7.0.42") {
					t.Errorf("doctor on MongoDB printed no version check:\n%s", doctor.stdout)
				}
			}
			cli.run("", nil, "migrate").want(t, 0, "schema is up to date", "")
			cli.run("", nil, "reap").want(t, 0, "pending_registrations: 0\n", "")
		})
	}
}

// TestCLIDoctorMongoAdvisory runs the host CLI's doctor through a wire
// proxy that makes the MongoDB-wire server report an affected version:
// the CVE-2025-14847 advisory is a warning naming the fixed release and the
// mitigation, and does not fail the run.
func TestCLIDoctorMongoAdvisory(t *testing.T) {
	raw := databaseURL(t, "mongo")
	h := startHost(t, "--backend", "mongo", "--database-url", raw)
	cli := buildCLI(t, h)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startVersionProxy(t, u.Host, "7.0.27")
	u.Host = proxy.addr()
	env := []string{"REGSTACK_DATABASE_URL=" + u.String()}
	doctor := cli.run("", env, "doctor").want(t, 0, "⚠ mongodb version: 7.0.27", "")
	for _, want := range []string{"7.0.28", "net.compression.compressors", "✓ schema: current"} {
		if !strings.Contains(doctor.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, doctor.stdout)
		}
	}
	// Through the proxy with the server's own version, nothing warns.
	proxy.version.Store("8.0.17")
	cli.run("", env, "doctor").want(t, 0, "✓ mongodb version: 8.0.17", "")
}
