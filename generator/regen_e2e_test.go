package generator_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// e2eHost is a host module driven through the regstack-gen binary, as a
// user drives it.
type e2eHost struct {
	t        *testing.T
	gobin    string
	bin, dir string
}

// env is the environment of every command: the module cache and proxy
// settings of the test, and no workspace of the generator's own.
func (h e2eHost) env() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
}

// cli runs regstack-gen with args in the host and returns its exit status
// and combined output.
func (h e2eHost) cli(args ...string) (int, string) {
	h.t.Helper()
	cmd := exec.Command(h.bin, args...)
	cmd.Dir = h.dir
	cmd.Env = h.env()
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), string(out)
	case err != nil:
		h.t.Fatalf("regstack-gen %s: %v", strings.Join(args, " "), err)
	}
	return 0, string(out)
}

// mustCLI runs regstack-gen and fails the test unless it exits with want.
func (h e2eHost) mustCLI(want int, args ...string) string {
	h.t.Helper()
	code, out := h.cli(args...)
	if code != want {
		h.t.Fatalf("regstack-gen %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out)
	}
	return out
}

// goCmd runs the go command in the host and fails the test if it fails.
func (h e2eHost) goCmd(args ...string) {
	h.t.Helper()
	cmd := exec.Command(h.gobin, args...)
	cmd.Dir = h.dir
	cmd.Env = h.env()
	if out, err := cmd.CombinedOutput(); err != nil {
		h.t.Fatalf("go %s in the host: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func (h e2eHost) path(p string) string { return filepath.Join(h.dir, filepath.FromSlash(p)) }

func (h e2eHost) read(p string) string {
	h.t.Helper()
	data, err := os.ReadFile(h.path(p))
	if err != nil {
		h.t.Fatal(err)
	}
	return string(data)
}

func (h e2eHost) write(p, data string) {
	h.t.Helper()
	if err := os.WriteFile(h.path(p), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

func (h e2eHost) exists(p string) bool {
	_, err := os.Stat(h.path(p))
	return err == nil
}

// replace edits file p as a person would: old must occur exactly once.
func (h e2eHost) replace(p, old, new string) {
	h.t.Helper()
	data := h.read(p)
	if n := strings.Count(data, old); n != 1 {
		h.t.Fatalf("%s: %q occurs %d times, want once:\n%s", p, old, n, data)
	}
	h.write(p, strings.Replace(data, old, new, 1))
}

// TestRegenerationEndToEnd is the regeneration story of DESIGN §4.4 as a
// user lives it, through the CLI binary: init, switch account deletion
// off, edit a handler, an email template and the route table, switch
// account deletion on, generate. The edits survive (the route table merged
// with the new route), the new handler arrives, and the host module tidies,
// vets and passes its tests; check then reports it up to date, and another
// generate changes nothing.
func TestRegenerationEndToEnd(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	h := e2eHost{t: t, gobin: gobin, bin: filepath.Join(t.TempDir(), "regstack-gen"), dir: t.TempDir()}
	build := exec.Command(gobin, "build", "-o", h.bin, "github.com/regstack/regstack-gen/cmd/regstack-gen")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building regstack-gen: %v\n%s", err, out)
	}
	h.write("go.mod", "module example.com/host\n\ngo 1.26.8\n")

	const (
		handlerMe    = "internal/auth/handler_me.go"
		verification = "internal/auth/templates/email/verification.txt"
		account      = "internal/auth/handler_account.go"
		accountTest  = "internal/auth/api_account_test.go"
		headerLine   = "\tw.Header().Set(\"Cache-Control\", \"no-store\") // profiles are private\n"
		sentence     = "Questions? Reply to this email and a person will answer.\n"
		routes       = "internal/auth/routes.go"
		routesLine   = "\t// The host's own endpoints are mounted in cmd/server, not here.\n"
	)

	h.mustCLI(0, "init", "--yes", "--tidy=false")
	h.replace("regstack.toml", "enable_account_deletion = true\n", "enable_account_deletion = false\n")
	out := h.mustCLI(0, "generate")
	for _, p := range []string{account, accountTest} {
		if h.exists(p) {
			t.Fatalf("%s still exists after account deletion was switched off:\n%s", p, out)
		}
	}

	// The host's edits: a response header in a handler, a sentence in an
	// email.
	h.replace(handlerMe, "func (rs *RegStack) handleGetMe(w http.ResponseWriter, _ *http.Request, s session) error {\n",
		"func (rs *RegStack) handleGetMe(w http.ResponseWriter, _ *http.Request, s session) error {\n"+headerLine)
	h.replace(verification, "  {{.URL}}\n", "  {{.URL}}\n\n"+sentence)
	// And a line in a file the feature switch changes too, so this generate
	// also merges three ways.
	h.replace(routes, "\troutes := []route{\n", routesLine+"\troutes := []route{\n")

	h.replace("regstack.toml", "enable_account_deletion = false\n", "enable_account_deletion = true\n")
	out = h.mustCLI(0, "generate")
	t.Logf("generate after switching account deletion on:\n%s", out)
	for _, line := range []string{"create       " + account, "keep         " + handlerMe, "keep         " + verification, "merge        " + routes} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("generate did not report %q", line)
		}
	}
	if !strings.Contains(h.read(handlerMe), headerLine) {
		t.Errorf("%s lost the host's header line:\n%s", handlerMe, h.read(handlerMe))
	}
	if !strings.Contains(h.read(verification), sentence) {
		t.Errorf("%s lost the host's sentence:\n%s", verification, h.read(verification))
	}
	for _, p := range []string{account, accountTest} {
		if !h.exists(p) {
			t.Errorf("%s missing after account deletion was switched on:\n%s", p, out)
		}
	}
	if got := h.read(routes); !strings.Contains(got, `"/account"`) || !strings.Contains(got, routesLine) {
		t.Errorf("%s: want the /account route and the host's line:\n%s", routes, got)
	}

	h.goCmd("mod", "tidy")
	h.goCmd("vet", "./...")
	h.goCmd("test", "-count=1", "./...")

	if out := h.mustCLI(0, "check"); !strings.Contains(out, "up to date") {
		t.Errorf("check: exit 0 but no \"up to date\":\n%s", out)
	}
	before := e2eTree(t, h.dir)
	h.mustCLI(0, "generate")
	if diff := cmp.Diff(before, e2eTree(t, h.dir)); diff != "" {
		t.Errorf("generate with nothing to do changed the module (-before +after):\n%s", diff)
	}
}

// e2eTree maps every file of the module to its content.
func e2eTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(name)
		rel, _ := filepath.Rel(dir, name)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
