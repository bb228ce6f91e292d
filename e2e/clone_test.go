package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// cloneEnv is an environment full of REGSTACK_* variables that would
// select other code if generation read them: another router, another
// backend's URL, another email backend, a renamed table, another output.
var cloneEnv = []string{
	"REGSTACK_ENABLE_ADMIN_ROUTER=true",
	"REGSTACK_BACKEND=mongo",
	"REGSTACK_DATABASE_URL=mongodb://db.example.com:27017/other",
	"REGSTACK_JWT_SECRET=a-secret-from-the-environment-0123456789",
	"REGSTACK_EMAIL__BACKEND=smtp",
	"REGSTACK_EMAIL__SMTP_HOST=smtp.example.com",
	"REGSTACK_USER_COLLECTION=accounts",
	"REGSTACK_GENERATE__OUTPUT=internal/elsewhere",
}

// exitOf runs name in dir with extra environment and returns its exit
// status and combined output.
func exitOf(t *testing.T, dir string, env []string, name string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestFreshCloneIsUpToDate is the CI check of docs/regeneration.md as a
// teammate's clone runs it: a host is generated with init, committed to
// git, and cloned. The clone has no secrets file (init git-ignores it) and
// runs under an environment full of REGSTACK_* variables; regstack-gen
// reads regstack.toml alone, so check exits 0 and diff --stat shows no
// change. For PostgreSQL the database URL lives in the secrets file, so
// the clone has no trace of the backend but the backend key.
func TestFreshCloneIsUpToDate(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to clone the host")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	gen := filepath.Join(t.TempDir(), "regstack-gen")
	run(t, root, nil, "go", "build", "-o", gen, "./cmd/regstack-gen")
	tests := []struct {
		name string
		init []string
	}{
		{"sqlite", nil},
		{"postgres", []string{"--backend", "postgres", "--database-url", "postgresql://app:pw@db.internal:5432/app"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			dir := filepath.Join(work, "host")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"go.mod", "main.go"} {
				data, err := os.ReadFile(filepath.Join(root, "examples", "demo", f))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			run(t, dir, []string{"GOFLAGS=-mod=mod"}, gen, append([]string{"init", "--yes", "--app-name", "Clone"}, tt.init...)...)
			git := []string{"-c", "user.name=e2e", "-c", "user.email=e2e@example.com", "-c", "init.defaultBranch=main"}
			run(t, dir, nil, "git", append(git, "init", "-q", ".")...)
			run(t, dir, nil, "git", append(git, "add", "-A")...)
			run(t, dir, nil, "git", append(git, "commit", "-q", "-m", "generated host")...)
			if tracked := run(t, dir, nil, "git", "ls-files", "regstack.secrets.env"); tracked != "" {
				t.Fatalf("the secrets file is committed: %q", tracked)
			}

			clone := filepath.Join(work, "clone")
			run(t, work, nil, "git", "clone", "-q", dir, clone)
			if _, err := os.Stat(filepath.Join(clone, "regstack.secrets.env")); err == nil {
				t.Fatal("the clone has a secrets file")
			}
			if tt.name == "postgres" {
				toml, _ := os.ReadFile(filepath.Join(clone, "regstack.toml"))
				if strings.Contains(string(toml), "postgresql://") || !strings.Contains(string(toml), "\nbackend = \"postgres\"\n") {
					t.Fatalf("regstack.toml of the postgres host:\n%s", toml)
				}
			}

			for _, env := range [][]string{nil, cloneEnv} {
				if code, out := exitOf(t, clone, env, gen, "check"); code != 0 || out != "up to date\n" {
					t.Errorf("check with environment %q: exit %d\n%s", env, code, out)
				}
				code, out := exitOf(t, clone, env, gen, "diff", "--stat")
				if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasSuffix(out, " unchanged\n") {
					t.Errorf("diff --stat with environment %q: exit %d\n%s", env, code, out)
				}
			}
		})
	}
}

// TestRunTimeRefusesGenerationVariables runs the generated host CLI with a
// REGSTACK_* variable for a generation key and one with a database URL of
// another backend: doctor fails its config check (exit 1) with a message
// naming the variable, as LoadConfig refuses them at every start, rather
// than the program running other code than it was asked for.
func TestRunTimeRefusesGenerationVariables(t *testing.T) {
	h := startHost(t)
	cli := buildCLI(t, h)
	cli.run("", []string{"REGSTACK_ENABLE_ADMIN_ROUTER=true"}, "doctor").want(t, 1,
		"✗ config: REGSTACK_ENABLE_ADMIN_ROUTER: enable_admin_router is a generation key, which only regstack.toml sets: this package was generated with enable_admin_router = false, the setting asks for true",
		"1 check(s) failed.")
	r := cli.run("", []string{"REGSTACK_DATABASE_URL=mongodb://app:pw@db.example.com/app"}, "doctor").want(t, 1,
		`✗ config: REGSTACK_DATABASE_URL: database_url's scheme "mongodb" selects backend "mongo", but backend is "sqlite"`, "1 check(s) failed.")
	if strings.Contains(r.stdout+r.stderr, "app:pw") {
		t.Errorf("the message shows the URL:\n%s%s", r.stdout, r.stderr)
	}
	// A variable repeating the generated value is harmless.
	cli.run("", []string{"REGSTACK_ENABLE_ADMIN_ROUTER=false", "REGSTACK_BACKEND=sqlite"}, "doctor").want(t, 0, "✓ schema: current", "")
}
