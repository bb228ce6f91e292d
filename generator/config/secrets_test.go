package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSecrets(t *testing.T) {
	tests := []struct {
		name, data string
		want       map[string]string
	}{
		{"plain", "REGSTACK_JWT_SECRET=abc\n", map[string]string{"REGSTACK_JWT_SECRET": "abc"}},
		{"comments and blanks", "# secrets\n\n   # indented comment\nREGSTACK_A=1\n", map[string]string{"REGSTACK_A": "1"}},
		{"whitespace trimmed", "  REGSTACK_A  =  spaced value  \r\n", map[string]string{"REGSTACK_A": "spaced value"}},
		{"double quotes", `REGSTACK_A="quoted # not a comment"`, map[string]string{"REGSTACK_A": "quoted # not a comment"}},
		{"single quotes", `REGSTACK_A='x=y'`, map[string]string{"REGSTACK_A": "x=y"}},
		{"one pair only", `REGSTACK_A=""x""`, map[string]string{"REGSTACK_A": `"x"`}},
		{"mismatched quotes kept", `REGSTACK_A="x'`, map[string]string{"REGSTACK_A": `"x'`}},
		{"lone quote kept", `REGSTACK_A="`, map[string]string{"REGSTACK_A": `"`}},
		{"no equals skipped", "REGSTACK_A\nREGSTACK_B=2\n", map[string]string{"REGSTACK_B": "2"}},
		{"value keeps later equals", "REGSTACK_DATABASE_URL=postgres://u:p@h/db?sslmode=disable\n",
			map[string]string{"REGSTACK_DATABASE_URL": "postgres://u:p@h/db?sslmode=disable"}},
		{"empty value", "REGSTACK_A=\n", map[string]string{"REGSTACK_A": ""}},
		{"no escapes", `REGSTACK_A="a\nb"`, map[string]string{"REGSTACK_A": `a\nb`}},
		{"export is part of the key", "export REGSTACK_A=1\n", map[string]string{"export REGSTACK_A": "1"}},
		{"last wins", "REGSTACK_A=1\nREGSTACK_A=2\n", map[string]string{"REGSTACK_A": "2"}},
		{"no trailing newline", "REGSTACK_A=1", map[string]string{"REGSTACK_A": "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseSecrets([]byte(tt.data))); diff != "" {
				t.Errorf("parseSecrets (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadSecrets(t *testing.T) {
	dir := t.TempDir()
	got, err := LoadSecrets(filepath.Join(dir, "regstack.secrets.env"))
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("LoadSecrets(missing) = %v, %v; want an empty map and nil", got, err)
	}
	path := filepath.Join(dir, "s.env")
	if err := os.WriteFile(path, []byte("REGSTACK_JWT_SECRET='s3cret'\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err = LoadSecrets(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"REGSTACK_JWT_SECRET": "s3cret"}, got); diff != "" {
		t.Errorf("LoadSecrets (-want +got):\n%s", diff)
	}
	if _, err := LoadSecrets(dir); err == nil {
		t.Error("LoadSecrets(a directory) succeeded, want an error")
	}
}

func mustParse(t *testing.T, data string) *Config {
	t.Helper()
	c, err := Parse("regstack.toml", []byte(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestApplySecrets(t *testing.T) {
	c := mustParse(t, "app_name = \"FromFile\"\njwt_ttl_seconds = 600\n[email]\nfrom_name = \"File\"\n[generate]\noutput = \"internal/auth\"\n")
	err := c.ApplySecrets(map[string]string{
		"REGSTACK_JWT_SECRET":                       "s3cret",
		"regstack_app_name":                         "FromEnv", // names are case-insensitive
		"REGSTACK_EMAIL__SMTP_PASSWORD":             "pw",
		"REGSTACK_EMAIL__SMTP_PORT":                 " 2525 ",
		"REGSTACK_ENABLE_OAUTH":                     "On",
		"REGSTACK_REQUIRE_VERIFICATION":             "0",
		"REGSTACK_EXTRA_TEMPLATE_DIRS":              `["a", "b"]`,
		"REGSTACK_EXTRA_STATIC_DIRS":                "x, y,,",
		"REGSTACK_PASSWORD_HASH_PARALLELISM":        "2",
		"REGSTACK_MAX_BODY_BYTES":                   "4096",
		"REGSTACK_NOT_A_KEY":                        "ignored",
		"REGSTACK_CONFIG":                           "ignored.toml",
		"REGSTACK_GENERATE__OUTPUT":                 "../ignored",
		"HOME":                                      "/root",
		"REGSTACK_OAUTH__GOOGLE_CLIENT_ID":          "cid",
		"REGSTACK_OAUTH__AUTO_LINK_VERIFIED_EMAILS": "YES",
	})
	if err != nil {
		t.Fatalf("ApplySecrets: %v", err)
	}
	want := Default()
	want.Backend = "sqlite"
	want.AppName = "FromEnv"
	want.JWTTTLSeconds = 600
	want.JWTSecret = "s3cret"
	want.EnableOAuth = true
	want.RequireVerification = false
	want.ExtraTemplateDirs = []string{"a", "b"}
	want.ExtraStaticDirs = []string{"x", "y"}
	want.PasswordHashParallelism = 2
	want.MaxBodyBytes = 4096
	want.Email.FromName = "File"
	want.Email.SMTPPassword = "pw"
	want.Email.SMTPPort = 2525
	want.OAuth.GoogleClientID = "cid"
	want.OAuth.AutoLinkVerifiedEmails = true
	if diff := cmp.Diff(want, c, ignoreSources); diff != "" {
		t.Errorf("config (-want +got):\n%s", diff)
	}
}

func TestApplySecretsBackendFromEnv(t *testing.T) {
	c := mustParse(t, "app_name = \"x\"\n")
	if err := c.ApplySecrets(map[string]string{"REGSTACK_DATABASE_URL": "postgresql://u:p@db/app"}); err != nil {
		t.Fatalf("ApplySecrets: %v", err)
	}
	if got := c.Generation().Backend; got != "postgres" {
		t.Errorf("backend = %q, want postgres (the URL from the secrets file decides)", got)
	}

	c = mustParse(t, "backend = \"mongo\"\n")
	err := c.ApplySecrets(map[string]string{"REGSTACK_DATABASE_URL": "postgresql://u:p@db/app"})
	want := `regstack.toml:1: backend "mongo" disagrees with database_url, whose scheme "postgresql" selects "postgres" (remove backend, or point database_url at a mongo database)`
	if err == nil || err.Error() != want {
		t.Errorf("ApplySecrets = %v, want %q", err, want)
	}
}

func TestApplySecretsErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"integer", map[string]string{"REGSTACK_JWT_TTL_SECONDS": "2h"},
			`REGSTACK_JWT_TTL_SECONDS: jwt_ttl_seconds: expected integer, got "2h"`},
		{"boolean", map[string]string{"REGSTACK_ENABLE_OAUTH": "maybe"},
			`REGSTACK_ENABLE_OAUTH: enable_oauth: expected boolean (true/false, 1/0, yes/no, on/off), got "maybe"`},
		{"unsigned", map[string]string{"REGSTACK_PASSWORD_HASH_PARALLELISM": "300"},
			`REGSTACK_PASSWORD_HASH_PARALLELISM: password_hash_parallelism: expected integer between 0 and 255, got "300"`},
		{"list", map[string]string{"REGSTACK_EXTRA_TEMPLATE_DIRS": `["a", 1]`},
			`REGSTACK_EXTRA_TEMPLATE_DIRS: extra_template_dirs: expected a JSON array of strings or a comma-separated list, got "[\"a\", 1]"`},
		{"validated again", map[string]string{"REGSTACK_EMAIL__BACKEND": "smtp", "REGSTACK_JWT_TTL_SECONDS": "5"},
			"REGSTACK_JWT_TTL_SECONDS: jwt_ttl_seconds must be between 60 and 2592000, got 5\n" +
				`REGSTACK_EMAIL__BACKEND: email.smtp_host is required when email.backend is "smtp"`},
		{"url scheme from env", map[string]string{"REGSTACK_DATABASE_URL": "mysql://u:p@h/db"},
			`REGSTACK_DATABASE_URL: unrecognised database_url scheme "mysql" (accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, "")
			err := c.ApplySecrets(tt.env)
			if err == nil {
				t.Fatal("ApplySecrets succeeded, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRequireSecret(t *testing.T) {
	c := mustParse(t, "")
	err := RequireSecret(c, "regstack.secrets.env")
	want := "regstack.secrets.env: jwt_secret is empty (add REGSTACK_JWT_SECRET=<secret> to this file or set it in the environment; `regstack-gen init` writes the file with a fresh secret)"
	if err == nil || err.Error() != want {
		t.Errorf("RequireSecret = %v, want %q", err, want)
	}

	c = mustParse(t, "[sms]\nbackend = \"twilio\"\nfrom_number = \"+15550100\"\ntwilio_account_sid = \"AC1\"\n")
	if err := c.ApplySecrets(map[string]string{"REGSTACK_JWT_SECRET": "s"}); err != nil {
		t.Fatal(err)
	}
	err = RequireSecret(c, "regstack.secrets.env")
	want = `regstack.secrets.env: sms.twilio_auth_token is required when sms.backend is "twilio" (add REGSTACK_SMS__TWILIO_AUTH_TOKEN=<token> to this file or set it in the environment)`
	if err == nil || err.Error() != want {
		t.Errorf("RequireSecret = %v, want %q", err, want)
	}

	if err := c.ApplySecrets(map[string]string{"REGSTACK_SMS__TWILIO_AUTH_TOKEN": "tok"}); err != nil {
		t.Fatal(err)
	}
	if err := RequireSecret(c, "regstack.secrets.env"); err != nil {
		t.Errorf("RequireSecret with both secrets = %v, want nil", err)
	}
}
