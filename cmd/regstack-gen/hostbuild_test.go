package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
)

// goBuild runs go build ./... in dir with -mod=readonly, so that a go.mod
// that needs tidying, or a missing go.sum entry, fails the build instead of
// being fixed on the fly.
func goBuild(t *testing.T, dir string) (string, error) {
	t.Helper()
	c := exec.Command("go", "build", "./...")
	c.Dir = dir
	c.Env = append(os.Environ(), "GOFLAGS=-mod=readonly -buildvcs=false")
	out, err := c.CombinedOutput()
	return string(out), err
}

// directRequires checks that go.mod requires each module directly, outside
// the "// indirect" block.
func directRequires(t *testing.T, dir string, mods ...string) {
	t.Helper()
	data := must(os.ReadFile(filepath.Join(dir, "go.mod")))
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		found := false
		for _, r := range f.Require {
			if r.Mod.Path == m {
				found = true
				if r.Indirect {
					t.Errorf("go.mod marks %s indirect:\n%s", m, data)
				}
			}
		}
		if !found {
			t.Errorf("go.mod does not require %s:\n%s", m, data)
		}
	}
}

// TestGenerateBuildsAndSetsAside is the newcomer's path with a real host
// module and the real go command: after init (SQLite), go build ./...
// works with no other command; the host edits store_sqlite_users.go and
// switches to PostgreSQL; generate sets the edited file aside, saying why,
// and go build ./... works again at once (pgx a direct requirement, go.sum
// complete); check is content with the set-aside copy there, and after
// the host deletes it.
func TestGenerateBuildsAndSetsAside(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Fatal(err)
	}
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if out, err := goBuild(t, dir); err != nil {
		t.Fatalf("go build after init (SQLite): %v\n%s", err, out)
	}
	directRequires(t, dir, "modernc.org/sqlite", "github.com/golang-jwt/jwt/v5")

	const edited = "internal/auth/store_sqlite_users.go"
	src := string(must(os.ReadFile(filepath.Join(dir, edited))))
	writeFile(t, dir, edited, strings.Replace(src, "\npackage ", "\n// The host's note.\npackage ", 1))
	toml := string(must(os.ReadFile(filepath.Join(dir, "regstack.toml"))))
	toml = strings.Replace(toml, `backend = "sqlite"`, `backend = "postgres"`, 1)
	toml = strings.Replace(toml, `database_url = "sqlite:///./regstack.db"`, "", 1)
	writeFile(t, dir, "regstack.toml", toml)

	code, stdout, stderr := cli(t, dir, "generate")
	if code != 0 {
		t.Fatalf("generate after switching to PostgreSQL: %d\n%s\n%s", code, stdout, stderr)
	}
	t.Logf("generate:\n%s\n%s", stdout, stderr)
	for _, want := range []string{
		"set-aside    " + edited + " -> " + edited + ".orphan\n",
		"running go mod tidy (--tidy=false skips it)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q", want)
		}
	}
	if want := "warning: " + edited + ": its feature is off, but you edited it; left in place it would no longer compile: it imports example.com/host/internal/auth/internal/sqlitedb, which generate removed with the feature. It was moved to " + edited + ".orphan"; !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if got := string(must(os.ReadFile(filepath.Join(dir, edited+".orphan")))); !strings.Contains(got, "// The host's note.") {
		t.Errorf("the set-aside copy lost the edit:\n%s", got)
	}
	if out, err := goBuild(t, dir); err != nil {
		t.Fatalf("go build after switching to PostgreSQL: %v\n%s", err, out)
	}
	directRequires(t, dir, "github.com/jackc/pgx/v5")
	if strings.Contains(string(must(os.ReadFile(filepath.Join(dir, "go.mod")))), "modernc.org/sqlite") {
		t.Error("go.mod still requires modernc.org/sqlite, which nothing imports")
	}

	if code, out, errs := cli(t, dir, "check"); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("check with the set-aside copy: %d\n%s\n%s", code, out, errs)
	}
	os.Remove(filepath.Join(dir, edited+".orphan"))
	if code, out, errs := cli(t, dir, "check"); code != 0 || !strings.Contains(out, "up to date") {
		t.Errorf("check after deleting it: %d\n%s\n%s", code, out, errs)
	}
}

// TestCheckAfterDeletingAKeptOrphan: an orphan kept in place (a file that
// is not Go) and then deleted by the host leaves the disk as generate would;
// check agrees.
func TestCheckAfterDeletingAKeptOrphan(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	const tmpl = "internal/auth/migrations/sqlite/0001_initial.sql"
	writeFile(t, dir, tmpl, string(must(os.ReadFile(filepath.Join(dir, tmpl))))+"\n-- The host's line.\n")
	toml := string(must(os.ReadFile(filepath.Join(dir, "regstack.toml"))))
	toml = strings.Replace(toml, `backend = "sqlite"`, `backend = "postgres"`, 1)
	writeFile(t, dir, "regstack.toml", strings.Replace(toml, `database_url = "sqlite:///./regstack.db"`, "", 1))
	code, stdout, stderr := cli(t, dir, "generate", "--tidy=false")
	if code != 0 || !strings.Contains(stdout, "keep-orphan  "+tmpl+"\n") {
		t.Fatalf("generate: %d\n%s\n%s", code, stdout, stderr)
	}
	os.Remove(filepath.Join(dir, tmpl))
	if code, out, errs := cli(t, dir, "check"); code != 0 {
		t.Errorf("check after the host deleted the orphan: %d\n%s\n%s", code, out, errs)
	}
}
