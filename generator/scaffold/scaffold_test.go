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
