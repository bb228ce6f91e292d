package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the command in dir and returns its exit status and output.
func cli(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// newModule makes an empty host module.
func newModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "go.mod", "module example.com/host\n\ngo 1.26.8\n")
	return dir
}

func writeFile(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// treeHash hashes every file under dir (paths and contents).
func treeHash(t *testing.T, dir string) [32]byte {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00"))
		h.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestInitOutsideModule(t *testing.T) {
	code, _, stderr := cli(t, t.TempDir(), "init", "--yes", "--tidy=false")
	if code != 2 || !strings.Contains(stderr, "not inside a Go module") {
		t.Fatalf("exit %d, stderr %q; want 2 and a clear message", code, stderr)
	}
}

func TestInitGenerateIdempotent(t *testing.T) {
	dir := newModule(t)
	code, stdout, stderr := cli(t, dir, "init", "--yes", "--tidy=false")
	if code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, f := range []string{"regstack.toml", "regstack.secrets.env", ".gitignore", "regstack.lock", "internal/auth/regstack.go", "internal/auth/wire_gen.go", ".regstack/pristine/internal/auth/regstack.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("init did not write %s: %v", f, err)
		}
	}
	fi, err := os.Stat(filepath.Join(dir, "regstack.secrets.env"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("secrets file mode %v (err %v), want 0600", fi.Mode().Perm(), err)
	}
	secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if !strings.Contains(string(secrets), "REGSTACK_JWT_SECRET=") || len(strings.TrimSpace(strings.SplitN(string(secrets), "REGSTACK_JWT_SECRET=", 2)[1])) != 86 {
		t.Errorf("secrets file lacks an 86-character secret:\n%s", secrets)
	}
	ignore, _ := os.ReadFile(filepath.Join(dir, ".gitignore"))
	if !strings.Contains(string(ignore), "regstack.secrets.env") {
		t.Errorf(".gitignore = %q", ignore)
	}
	gomod, _ := os.ReadFile(filepath.Join(dir, "go.mod"))
	for _, m := range []string{"modernc.org/sqlite", "github.com/golang-jwt/jwt/v5", "golang.org/x/crypto"} {
		if !strings.Contains(string(gomod), m) {
			t.Errorf("go.mod lacks %s:\n%s", m, gomod)
		}
	}

	before := treeHash(t, dir)
	if code, out, errs := cli(t, dir, "generate"); code != 0 {
		t.Fatalf("generate: exit %d\n%s\n%s", code, out, errs)
	}
	if treeHash(t, dir) != before {
		t.Error("generate right after init changed files")
	}

	code, _, stderr = cli(t, dir, "init", "--yes", "--tidy=false")
	if code != 2 || !strings.Contains(stderr, "regstack.toml already exists") {
		t.Errorf("second init: exit %d, %q; want 2 and a refusal", code, stderr)
	}
	if code, _, _ := cli(t, dir, "init", "--yes", "--tidy=false", "--force"); code != 0 {
		t.Errorf("init --force: exit %d", code)
	}
}

func TestInitInteractive(t *testing.T) {
	dir := newModule(t)
	t.Chdir(dir)
	var out, errb bytes.Buffer
	// App name, base URL, backend postgres and its URL, transport cookie,
	// email backend default (console), then the yes/no questions: SMS 2FA
	// default, OAuth default (no), account pages default (no), admin yes,
	// verification no, registration default, password reset no, deletion
	// default.
	answers := "Shop\nhttps://shop.example.com\npostgres\npostgresql://shop@db.internal/shop\ncookie\n\n\n\n\ny\nn\n\nn\n\n"
	code := run([]string{"init", "--interactive", "--tidy=false"}, strings.NewReader(answers), &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	for _, want := range []string{`app_name = "Shop"`, `base_url = "https://shop.example.com"`, `backend = "postgres"`, `transport = "cookie"`,
		"enable_admin_router = true", "require_verification = false", "enable_password_reset = false", "enable_account_deletion = true"} {
		if !strings.Contains(string(toml), want) {
			t.Errorf("regstack.toml lacks %q:\n%s", want, toml)
		}
	}
	// A server's URL is a run-time secret: it goes to the secrets file.
	if strings.Contains(string(toml), "database_url =") {
		t.Errorf("regstack.toml sets database_url for postgres:\n%s", toml)
	}
	secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if !strings.Contains(string(secrets), "\nREGSTACK_DATABASE_URL=postgresql://shop@db.internal/shop\n") {
		t.Errorf("regstack.secrets.env lacks the database URL:\n%s", secrets)
	}
	if _, err := os.Stat(filepath.Join(dir, "internal/auth/handler_reset.go")); err == nil {
		t.Error("password reset was declined but handler_reset.go was generated")
	}
	if _, err := os.Stat(filepath.Join(dir, "internal/auth/store_postgres.go")); err != nil {
		t.Errorf("postgres was chosen but the store was not generated: %v", err)
	}
	if !strings.Contains(out.String(), "Email backend (console/smtp/ses) [console]") {
		t.Errorf("the email backend question is missing:\n%s", out.String())
	}
}

func TestBadConfigs(t *testing.T) {
	tests := []struct {
		name, toml, secrets, want string
	}{
		{"unknown key", "enable_oath = true\n", "REGSTACK_JWT_SECRET=x\n", `regstack.toml:1: unknown key "enable_oath" (did you mean "enable_oauth"?)`},
		{"wrong type", "app_name = \"x\"\njwt_ttl_seconds = \"long\"\n", "REGSTACK_JWT_SECRET=x\n", "regstack.toml:2: jwt_ttl_seconds: expected integer, got string"},
		{"bad url scheme", "database_url = \"mysql://db/x\"\n", "REGSTACK_JWT_SECRET=x\n", `regstack.toml:1: unrecognised database_url scheme "mysql"`},
		{"missing backend", "app_name = \"x\"\n", "", `regstack.toml: backend is not set (add backend = "sqlite", "postgres" or "mongo" to regstack.toml`},
		{"missing backend of an older host", "app_name = \"x\"\ndatabase_url = \"mongodb://db/x\"\n", "", `regstack.toml:2: backend is not set (add backend = "mongo" (what database_url selects)`},
		{"url of another backend", "backend = \"postgres\"\ndatabase_url = \"mongodb://db/x\"\n", "", `regstack.toml:2: database_url's scheme "mongodb" selects backend "mongo", but backend is "postgres" (line 1)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newModule(t)
			writeFile(t, dir, "regstack.toml", tt.toml)
			if tt.secrets != "" {
				writeFile(t, dir, "regstack.secrets.env", tt.secrets)
			}
			t.Setenv("REGSTACK_JWT_SECRET", "")
			os.Unsetenv("REGSTACK_JWT_SECRET")
			code, _, stderr := cli(t, dir, "generate")
			if code != 2 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "internal")); err == nil {
				t.Error("a bad config still wrote files")
			}
		})
	}
}

func TestCheckAndDiff(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if code, _, stderr := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check after init: exit %d\n%s", code, stderr)
	}
	// A host edit is fine.
	handler := filepath.Join(dir, "internal/auth/handler_me.go")
	data, _ := os.ReadFile(handler)
	os.WriteFile(handler, append(data, []byte("\n// host edit\n")...), 0o644)
	if code, _, stderr := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check with a host edit: exit %d\n%s", code, stderr)
	}
	// A config change makes regeneration due.
	toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	os.WriteFile(filepath.Join(dir, "regstack.toml"), []byte(strings.Replace(string(toml), "enable_account_deletion = true", "enable_account_deletion = false", 1)), 0o644)
	code, _, stderr := cli(t, dir, "check")
	if code != 1 || !strings.Contains(stderr, "handler_account.go") {
		t.Fatalf("check after a config change: exit %d\n%s", code, stderr)
	}
	code, stdout, _ := cli(t, dir, "diff", "--stat")
	if code != 0 || !strings.Contains(stdout, "delete") || !strings.Contains(stdout, "internal/auth/handler_account.go") {
		t.Fatalf("diff --stat: %d\n%s", code, stdout)
	}
	if code, _, _ := cli(t, dir, "generate", "--tidy=false"); code != 0 {
		t.Fatal("generate failed")
	}
	if _, err := os.Stat(filepath.Join(dir, "internal/auth/handler_account.go")); err == nil {
		t.Error("handler_account.go survived switching account deletion off")
	}
	if data, _ := os.ReadFile(handler); !strings.Contains(string(data), "// host edit") {
		t.Error("the host edit was lost")
	}
	if code, _, stderr := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check after generate: exit %d\n%s", code, stderr)
	}
	// Conflict markers: exit 2.
	os.WriteFile(handler, []byte("<<<<<<< host\nx\n=======\ny\n>>>>>>> regstack-gen\n"), 0o644)
	if code, _, _ := cli(t, dir, "check"); code != 2 {
		t.Errorf("check with conflict markers: exit %d, want 2", code)
	}
	// Invalid config: exit 3.
	os.WriteFile(filepath.Join(dir, "regstack.toml"), []byte("bogus = 1\n"), 0o644)
	if code, _, _ := cli(t, dir, "check"); code != 3 {
		t.Errorf("check with a bad config: exit %d, want 3", code)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := cli(t, t.TempDir(), "version")
	if code != 0 || !strings.HasPrefix(out, "regstack-gen v") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestGenerationReadsOnlyTheTOML: generate, diff and check read
// regstack.toml alone. Without the secrets file and with REGSTACK_*
// variables that would select other code if they counted, the tree is up
// to date and nothing would change.
func TestGenerationReadsOnlyTheTOML(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if err := os.Remove(filepath.Join(dir, "regstack.secrets.env")); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{
		"REGSTACK_JWT_SECRET":          "",
		"REGSTACK_ENABLE_ADMIN_ROUTER": "true",
		"REGSTACK_BACKEND":             "postgres",
		"REGSTACK_DATABASE_URL":        "mongodb://localhost:27017/other",
		"REGSTACK_EMAIL__BACKEND":      "smtp",
		"REGSTACK_USER_COLLECTION":     "accounts",
		"REGSTACK_GENERATE__OUTPUT":    "internal/elsewhere",
	} {
		t.Setenv(k, v)
	}
	before := treeHash(t, dir)
	if code, _, stderr := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check: exit %d\n%s", code, stderr)
	}
	code, stdout, stderr := cli(t, dir, "diff", "--stat")
	if code != 0 || !strings.HasSuffix(stdout, " unchanged\n") || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("diff --stat: exit %d\n%s%s", code, stdout, stderr)
	}
	if code, stdout, stderr := cli(t, dir, "generate"); code != 0 || strings.Count(stdout, "\n") != 1 {
		t.Fatalf("generate: exit %d\n%s%s", code, stdout, stderr)
	}
	if treeHash(t, dir) != before {
		t.Error("generate changed the tree")
	}
}

// TestInitDatabaseURL: --database-url without --backend selects the
// backend; one that disagrees with --backend is refused before anything
// is written.
func TestInitDatabaseURL(t *testing.T) {
	dir := newModule(t)
	code, _, stderr := cli(t, dir, "init", "--yes", "--tidy=false", "--backend", "postgres", "--database-url", "mongodb://localhost/app")
	if code != 2 || !strings.Contains(stderr, `the database URL selects backend "mongo", but the backend is "postgres"`) {
		t.Fatalf("init with disagreeing flags: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "regstack.toml")); err == nil {
		t.Fatal("a refused init wrote regstack.toml")
	}
	code, _, stderr = cli(t, dir, "init", "--yes", "--tidy=false", "--database-url", "mysql://localhost/app")
	if code != 2 || !strings.Contains(stderr, `--database-url: unrecognised database URL scheme "mysql"`) {
		t.Fatalf("init with a bad URL: exit %d\n%s", code, stderr)
	}
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false", "--database-url", "mongodb://u:pw@localhost/app"); code != 0 {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if !strings.Contains(string(toml), "\nbackend = \"mongo\"\n") || strings.Contains(string(toml), "u:pw@") {
		t.Errorf("regstack.toml:\n%s", toml)
	}
	if !strings.Contains(string(secrets), "\nREGSTACK_DATABASE_URL=mongodb://u:pw@localhost/app\n") {
		t.Errorf("regstack.secrets.env:\n%s", secrets)
	}
	if _, err := os.Stat(filepath.Join(dir, "internal/auth/store_mongo.go")); err != nil {
		t.Errorf("the mongo store was not generated: %v", err)
	}
}

// TestInitSMTP: init writes the SMTP keys asked for (the password to the
// secrets file) and generates the smtp transport; without a host it
// refuses, since the configuration would not load.
func TestInitSMTP(t *testing.T) {
	dir := newModule(t)
	t.Chdir(dir)
	if code, _, stderr := cli(t, dir, "init", "--yes", "--tidy=false", "--email-backend", "smtp"); code != 2 || !strings.Contains(stderr, `email.smtp_host is required when email.backend is "smtp" (pass --smtp-host)`) {
		t.Fatalf("init smtp without a host: exit %d, %q", code, stderr)
	}
	var out, errb bytes.Buffer
	// Defaults up to the email backend (app name, base URL, backend,
	// transport), then smtp: host, port default, STARTTLS default,
	// username and password, then the yes/no defaults.
	answers := "\n\n\n\nsmtp\nsmtp.example.com\n\n\nmailer\ns3cret pw\n\n\n\n\n\n\n"
	if code := run([]string{"init", "--interactive", "--tidy=false"}, strings.NewReader(answers), &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	toml, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	for _, want := range []string{`backend = "smtp"`, `smtp_host = "smtp.example.com"`, "smtp_port = 587", "smtp_starttls = true", `smtp_username = "mailer"`} {
		if !strings.Contains(string(toml), want) {
			t.Errorf("regstack.toml lacks %q:\n%s", want, toml)
		}
	}
	if strings.Contains(string(toml), "s3cret") {
		t.Errorf("regstack.toml holds the SMTP password:\n%s", toml)
	}
	secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if !strings.Contains(string(secrets), "\nREGSTACK_EMAIL__SMTP_PASSWORD=s3cret pw\n") {
		t.Errorf("regstack.secrets.env lacks the SMTP password:\n%s", secrets)
	}
	for _, f := range []string{"internal/auth/email_smtp.go", "internal/auth/doctor_smtp.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s was not generated: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "internal/auth/email_console.go")); err == nil {
		t.Error("the console transport was generated for an smtp package")
	}
}
