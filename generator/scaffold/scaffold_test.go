package scaffold

import (
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator/config"
)

// TestTOMLParses checks that what init writes is a valid regstack.toml
// whose settings are the answers given.
func TestTOMLParses(t *testing.T) {
	a := DefaultAnswers()
	a.AppName = `Quote "Shop"`
	a.PasswordReset = false
	data, err := TOML(a)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse("regstack.toml", data)
	if err != nil {
		t.Fatalf("init's toml does not parse: %v\n%s", err, data)
	}
	g := cfg.Generation()
	if cfg.AppName != a.AppName || g.Flags["enable_password_reset"] || !g.Flags["enable_account_deletion"] || g.Backend != "sqlite" || g.EmailBackend != "console" {
		t.Errorf("parsed %+v from\n%s", g, data)
	}
}

func TestSecrets(t *testing.T) {
	a, err := Secrets(DefaultAnswers())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Secrets(DefaultAnswers())
	line := func(d []byte) string {
		for _, l := range strings.Split(string(d), "\n") {
			if v, ok := strings.CutPrefix(l, "REGSTACK_JWT_SECRET="); ok {
				return v
			}
		}
		return ""
	}
	if len(line(a)) != 86 || line(a) == line(b) {
		t.Errorf("secrets %q / %q: want two different 86-character secrets", line(a), line(b))
	}
	if strings.Contains(string(a), "REGSTACK_DATABASE_URL") {
		t.Errorf("the SQLite path went to the secrets file:\n%s", a)
	}
}

// TestDatabaseURLPlacement: every backend is written as the backend key;
// a server's URL goes to the secrets file, a SQLite path to regstack.toml,
// and either way the toml parses with that backend.
func TestDatabaseURLPlacement(t *testing.T) {
	for _, tt := range []struct{ backend, url string }{
		{"sqlite", "sqlite:///./app.db"},
		{"postgres", "postgresql://app:pw@db/app"},
		{"mongo", "mongodb://app:pw@db/app"},
	} {
		t.Run(tt.backend, func(t *testing.T) {
			a := DefaultAnswers()
			a.Backend, a.DatabaseURL = tt.backend, tt.url
			toml, err := TOML(a)
			if err != nil {
				t.Fatal(err)
			}
			secrets, err := Secrets(a)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := config.Parse("regstack.toml", toml)
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, toml)
			}
			if cfg.Generation().Backend != tt.backend {
				t.Errorf("backend %q, want %q", cfg.Generation().Backend, tt.backend)
			}
			inTOML := strings.Contains(string(toml), "database_url = \""+tt.url+"\"")
			inSecrets := strings.Contains(string(secrets), "\nREGSTACK_DATABASE_URL="+tt.url+"\n")
			if inTOML != (tt.backend == "sqlite") || inSecrets == inTOML {
				t.Errorf("URL in toml %v, in secrets %v\n%s\n%s", inTOML, inSecrets, toml, secrets)
			}
		})
	}
}

func TestGitignore(t *testing.T) {
	out, changed := Gitignore([]byte("bin/"), SecretsFile)
	if !changed || string(out) != "bin/\n"+SecretsFile+"\n" {
		t.Errorf("Gitignore = %q, %v", out, changed)
	}
	if _, changed := Gitignore(out, SecretsFile); changed {
		t.Error("added the entry twice")
	}
	if _, changed := Gitignore([]byte("/"+SecretsFile+"\n"), SecretsFile); changed {
		t.Error("did not recognise the rooted form")
	}
}

// TestTOMLKeyLabels: every key init writes is labelled, in the comment
// right above it, "Generation key" or "Run-time key" as the key
// declarations say (require_verification and allow_registration are
// run-time keys).
func TestTOMLKeyLabels(t *testing.T) {
	a := DefaultAnswers()
	a.SMS2FA, a.SMSBackend = true, "sns"
	data, err := TOML(a)
	if err != nil {
		t.Fatal(err)
	}
	table, above, seen := "", "", map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(l, "#"):
			if strings.HasPrefix(l, "# Generation key") || strings.HasPrefix(l, "# Run-time key") {
				above = l
			}
			continue
		case strings.HasPrefix(l, "["):
			table = strings.Trim(l, "[]") + "."
		case strings.Contains(l, " = "):
			key := table + strings.SplitN(l, " = ", 2)[0]
			want := "# Run-time key"
			if config.IsGenerationKey(key) {
				want = "# Generation key"
			}
			if !strings.HasPrefix(above, want) {
				t.Errorf("%s: labelled %q, want %q", key, above, want)
			}
			seen[key] = true
		}
		above = ""
	}
	for _, k := range []string{"require_verification", "allow_registration", "backend", "enable_admin_router", "email.backend", "sms.backend", "generate.output"} {
		if !seen[k] {
			t.Errorf("%s not written", k)
		}
	}
	if config.IsGenerationKey("require_verification") || config.IsGenerationKey("allow_registration") || !config.IsGenerationKey("enable_oauth") {
		t.Error("IsGenerationKey disagrees with the declarations")
	}
}

// TestTOMLCommentsArePlainText checks that the comments init writes carry
// none of the documentation's Markdown: no backquotes, no link targets and
// no "*Go*" marker anywhere in a line (not only at its start).
func TestTOMLCommentsArePlainText(t *testing.T) {
	a := DefaultAnswers()
	a.SMS2FA, a.SMSBackend = true, "twilio"
	data, err := TOML(a)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(l, "#") {
			continue
		}
		for _, bad := range []string{"*Go*", "]("} {
			if strings.Contains(l, bad) {
				t.Errorf("regstack.toml line %d keeps %q: %s", i+1, bad, l)
			}
		}
	}
}
