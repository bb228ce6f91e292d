package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// cliIn runs the command in dir with stdin and returns its exit status and
// output.
func cliIn(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// secretVar returns the value of name in the secrets file in dir.
func secretVar(t *testing.T, dir, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, name+"="); ok {
			return v
		}
	}
	return ""
}

func fileMode(t *testing.T, name string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// TestInitBadAnswerWritesNothing: whatever init refuses (a bad answer at
// the end of piped input, a bad flag, a bad answer after --force over an
// existing setup), the module is byte for byte what it was.
func TestInitBadAnswerWritesNothing(t *testing.T) {
	fresh := func(t *testing.T) string {
		dir := newModule(t)
		writeFile(t, dir, ".gitignore", "bin/\n")
		return dir
	}
	initialised := func(t *testing.T) string {
		dir := fresh(t)
		if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
			t.Fatalf("init: %d\n%s\n%s", code, out, errs)
		}
		return dir
	}
	for _, tt := range []struct {
		name   string
		module func(t *testing.T) string
		stdin  string
		args   []string
		want   string
	}{
		{"bad base URL, then the end of the input", fresh, "Shop\nftp://shop\n", []string{"init", "--tidy=false"},
			`Public base URL: the input ended before a valid answer (base_url must be an http:// or https:// URL, got "ftp://shop")`},
		{"bad database URL for the backend", fresh, "Shop\n\npostgres\nmongodb://db/shop\n", []string{"init", "--tidy=false"},
			`the database URL selects backend "mongo", but the backend is "postgres"`},
		{"blank application name", fresh, "", []string{"init", "--yes", "--app-name", " ", "--tidy=false"},
			"the application name must not be empty"},
		{"bad flag, before any question", fresh, "Shop\n", []string{"init", "--package", "main", "--tidy=false"},
			`generate.package must not be "main"`},
		{"bad flag with --yes", fresh, "", []string{"init", "--yes", "--output", "../elsewhere", "--tidy=false"},
			"generate.output must be a relative slash path inside the module"},
		{"--force over an existing setup, bad answer", initialised, "Shop\nnot a url\n", []string{"init", "--force", "--tidy=false"},
			"base_url must be an http:// or https:// URL"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.module(t)
			before := treeHash(t, dir)
			code, stdout, stderr := cliIn(t, dir, tt.stdin, tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) || !strings.Contains(stderr, "nothing was written") {
				t.Errorf("exit %d, stderr:\n%s\nwant %d, %q and \"nothing was written\"\nstdout:\n%s", code, stderr, exitUsage, tt.want, stdout)
			}
			if treeHash(t, dir) != before {
				t.Error("the module changed")
			}
		})
	}
}

// TestInitReasksWithTheReason: a wrong answer is refused at once, with the
// reason, and asked again; the corrected answer is the one written.
func TestInitReasksWithTheReason(t *testing.T) {
	dir := newModule(t)
	code, stdout, stderr := cliIn(t, dir, "Shop\nshop.example.com\nhttps://shop.example.com\nmaybe\nsqlite\n", "init", "--interactive", "--tidy=false")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{
		`base_url must be an http:// or https:// URL, got "shop.example.com"; please answer again`,
		`"maybe" is not one of sqlite, postgres, mongo; please answer again`,
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); !strings.Contains(string(toml), `base_url = "https://shop.example.com"`) {
		t.Errorf("regstack.toml:\n%s", toml)
	}
}

// TestInitPipedAnswers: without --interactive, answers piped into init are
// read (and it says so); an empty stdin takes the defaults, and init says
// that too; --yes reads nothing.
func TestInitPipedAnswers(t *testing.T) {
	t.Run("answers", func(t *testing.T) {
		dir := newModule(t)
		code, stdout, stderr := cliIn(t, dir, "Piped\nhttps://piped.example.com\n", "init", "--tidy=false")
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stderr, "stdin is not a terminal: reading the answers from it") {
			t.Errorf("stderr does not say where the answers come from:\n%s", stderr)
		}
		toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
		if !strings.Contains(string(toml), `app_name = "Piped"`) || !strings.Contains(string(toml), `base_url = "https://piped.example.com"`) {
			t.Errorf("the piped answers were not used:\n%s", toml)
		}
		if !strings.Contains(stdout, "Application name [MyApp]: Piped\n") {
			t.Errorf("the transcript does not show the answers:\n%s", stdout)
		}
	})
	t.Run("database URL password not echoed", func(t *testing.T) {
		dir := newModule(t)
		in := "Piped\nhttps://piped.example.com\npostgres\npostgres://app:s3cret-pw@db.example.com:5432/app\n"
		code, stdout, stderr := cliIn(t, dir, in, "init", "--tidy=false")
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if strings.Contains(stdout+stderr, "s3cret-pw") {
			t.Errorf("the transcript shows the database password:\n%s\n%s", stdout, stderr)
		}
		if !strings.Contains(stdout, "postgres://app:xxxxx@db.example.com:5432/app\n") {
			t.Errorf("the transcript does not show the redacted URL:\n%s", stdout)
		}
		secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
		if !strings.Contains(string(secrets), "postgres://app:s3cret-pw@db.example.com:5432/app") {
			t.Errorf("the secrets file lacks the URL as given:\n%s", secrets)
		}
	})
	t.Run("empty", func(t *testing.T) {
		dir := newModule(t)
		code, _, stderr := cliIn(t, dir, "", "init", "--tidy=false")
		if code != 0 || !strings.Contains(stderr, "no answers on stdin: used the defaults and the flags given, as --yes does") {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("--yes reads nothing", func(t *testing.T) {
		dir := newModule(t)
		code, stdout, stderr := cliIn(t, dir, "Ignored\n", "init", "--yes", "--tidy=false")
		toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
		if code != 0 || strings.Contains(string(toml), "Ignored") || strings.Contains(stdout, "Application name") || strings.Contains(stderr, "stdin") {
			t.Fatalf("exit %d\n%s\n%s\n%s", code, stdout, stderr, toml)
		}
	})
}

// TestInitForceKeepsSecrets: init --force merges the secrets file: a
// hand-added key survives, the JWT secret stays (tokens stay valid), and
// the file is narrowed to 0600; --rotate-jwt-secret alone replaces the
// secret.
func TestInitForceKeepsSecrets(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	secretsPath := filepath.Join(dir, "regstack.secrets.env")
	if m := fileMode(t, secretsPath); m != 0o600 {
		t.Errorf("secrets file mode %o, want 600", m)
	}
	jwt := secretVar(t, dir, "REGSTACK_JWT_SECRET")
	f, _ := os.OpenFile(secretsPath, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("REGSTACK_EMAIL__SMTP_PASSWORD=hunter2\n")
	f.Close()
	os.Chmod(secretsPath, 0o644)

	code, stdout, stderr := cli(t, dir, "init", "--yes", "--force", "--tidy=false", "--app-name", "Renamed")
	if code != 0 {
		t.Fatalf("init --force: %d\n%s\n%s", code, stdout, stderr)
	}
	if got := secretVar(t, dir, "REGSTACK_JWT_SECRET"); got != jwt {
		t.Errorf("init --force changed the JWT secret")
	}
	if got := secretVar(t, dir, "REGSTACK_EMAIL__SMTP_PASSWORD"); got != "hunter2" {
		t.Errorf("init --force lost the hand-added key (got %q)", got)
	}
	if m := fileMode(t, secretsPath); m != 0o600 {
		t.Errorf("secrets file mode %o after init --force, want 600", m)
	}
	if !strings.Contains(stdout, "kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)") {
		t.Errorf("init --force does not say it kept the secret:\n%s", stdout)
	}

	code, stdout, stderr = cli(t, dir, "init", "--yes", "--force", "--rotate-jwt-secret", "--tidy=false")
	if code != 0 {
		t.Fatalf("init --force --rotate-jwt-secret: %d\n%s\n%s", code, stdout, stderr)
	}
	if got := secretVar(t, dir, "REGSTACK_JWT_SECRET"); got == jwt || len(got) != 86 {
		t.Errorf("--rotate-jwt-secret: secret %q, want a new 86-character one", got)
	}
	if got := secretVar(t, dir, "REGSTACK_EMAIL__SMTP_PASSWORD"); got != "hunter2" {
		t.Errorf("--rotate-jwt-secret lost the hand-added key (got %q)", got)
	}
	if !strings.Contains(stdout, "rotated REGSTACK_JWT_SECRET: every token issued with the old secret is now invalid") {
		t.Errorf("rotation not reported:\n%s", stdout)
	}
}

// TestInitSecretsOnly: in a fresh clone (everything committed, no secrets
// file), init --secrets-only writes the secrets file alone, mode 0600,
// with the database URL the committed backend needs; run again it keeps
// what is there.
func TestInitSecretsOnly(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false", "--database-url", "postgresql://app@db/app"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	secretsPath := filepath.Join(dir, "regstack.secrets.env")
	os.Remove(secretsPath)
	before := treeHash(t, dir)

	code, stdout, stderr := cli(t, dir, "init", "--secrets-only")
	if code != 0 {
		t.Fatalf("init --secrets-only: %d\n%s\n%s", code, stdout, stderr)
	}
	jwt := secretVar(t, dir, "REGSTACK_JWT_SECRET")
	if len(jwt) != 86 || secretVar(t, dir, "REGSTACK_DATABASE_URL") != "postgresql://postgres@localhost/myapp" {
		t.Errorf("secrets file:\n%s", must(os.ReadFile(secretsPath)))
	}
	if m := fileMode(t, secretsPath); m != 0o600 {
		t.Errorf("mode %o, want 600", m)
	}
	data := must(os.ReadFile(secretsPath))
	os.Remove(secretsPath)
	if treeHash(t, dir) != before {
		t.Error("init --secrets-only changed other files")
	}
	os.WriteFile(secretsPath, data, 0o600)

	if code, stdout, _ := cli(t, dir, "init", "--secrets-only"); code != 0 || secretVar(t, dir, "REGSTACK_JWT_SECRET") != jwt || !strings.Contains(stdout, "kept REGSTACK_JWT_SECRET") {
		t.Errorf("second --secrets-only: exit %d, or the secret changed\n%s", code, stdout)
	}
}

func must(data []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return data
}

// TestInitGitignore: .gitignore covers the secrets file and the SQLite
// database with its -wal/-shm/-journal files, at the default URL's path
// and at a given one; existing entries are kept.
func TestInitGitignore(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"default", nil, []string{"bin/", "regstack.secrets.env", "/regstack.db", "/regstack.db-wal", "/regstack.db-shm", "/regstack.db-journal"}},
		{"given path", []string{"--database-url", "sqlite:///./data/app.sqlite"}, []string{"/data/app.sqlite", "/data/app.sqlite-wal", "/data/app.sqlite-shm"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := newModule(t)
			writeFile(t, dir, ".gitignore", "bin/\n")
			if code, out, errs := cli(t, dir, append([]string{"init", "--yes", "--tidy=false"}, tt.args...)...); code != 0 {
				t.Fatalf("init: %d\n%s\n%s", code, out, errs)
			}
			lines := strings.Split(string(must(os.ReadFile(filepath.Join(dir, ".gitignore")))), "\n")
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf(".gitignore lacks %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// TestBoolFlagUsage: pflag turns a backquoted word in a usage string into
// the flag's value name, so a boolean flag with one reads in --help as if
// it took a value (`--tidy go mod tidy`). No boolean flag has one.
func TestBoolFlagUsage(t *testing.T) {
	root := newRootCommand(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() == "bool" && strings.Contains(f.Usage, "`") {
				t.Errorf("%s --%s: usage has a backquote: %q", c.Name(), f.Name, f.Usage)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	_, out, _ := cli(t, t.TempDir(), "generate", "--help")
	found := false
	for _, l := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "--tidy "); ok {
			found = true
			if !strings.HasPrefix(strings.TrimSpace(rest), "run go mod tidy") {
				t.Errorf("--tidy reads as taking a value: %q", l)
			}
		}
	}
	if !found {
		t.Errorf("generate --help has no --tidy line:\n%s", out)
	}
}

// TestInitTransport: the session transport is asked (after the database)
// and has a flag; cookie is refused, with the run-time rule's message, on
// a plain-http base URL other than localhost, as a flag before any
// question and as an answer (asked again); the answer is written to
// regstack.toml.
func TestInitTransport(t *testing.T) {
	const rule = `transport = "cookie" needs an https:// base_url (or http://localhost), got "http://shop.example.com"`
	t.Run("flag, http base URL", func(t *testing.T) {
		dir := newModule(t)
		before := treeHash(t, dir)
		code, _, stderr := cliIn(t, dir, "", "init", "--yes", "--tidy=false", "--transport", "cookie", "--base-url", "http://shop.example.com")
		if code != exitUsage || !strings.Contains(stderr, rule) || !strings.Contains(stderr, "nothing was written") || treeHash(t, dir) != before {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	t.Run("flag, unknown value", func(t *testing.T) {
		dir := newModule(t)
		code, _, stderr := cliIn(t, dir, "", "init", "--yes", "--tidy=false", "--transport", "carrier")
		if code != exitUsage || !strings.Contains(stderr, `transport must be one of "bearer", "cookie", got "carrier" (pass --transport)`) {
			t.Fatalf("exit %d, stderr:\n%s", code, stderr)
		}
	})
	for _, tt := range []struct{ name, base string }{{"flag, https", "https://shop.example.com"}, {"flag, localhost", "http://localhost:8000"}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := newModule(t)
			if code, out, stderr := cliIn(t, dir, "", "init", "--yes", "--tidy=false", "--transport", "cookie", "--base-url", tt.base); code != 0 {
				t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
			}
			if toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); !strings.Contains(string(toml), "\ntransport = \"cookie\"\n") {
				t.Errorf("regstack.toml:\n%s", toml)
			}
		})
	}
	t.Run("asked again", func(t *testing.T) {
		dir := newModule(t)
		code, stdout, stderr := cliIn(t, dir, "Shop\nhttp://shop.example.com\n\ncookie\nbearer\n", "init", "--interactive", "--tidy=false")
		if code != 0 {
			t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stdout, "Session transport (bearer/cookie) [bearer]:   "+rule) {
			t.Errorf("stdout:\n%s", stdout)
		}
		if toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); !strings.Contains(string(toml), "\ntransport = \"bearer\"\n") {
			t.Errorf("regstack.toml:\n%s", toml)
		}
	})
}
