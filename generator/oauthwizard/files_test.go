package oauthwizard

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"

	"github.com/regstack/regstack-gen/generator/tomledit"
)

func writeTOML(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, ConfigFile), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func decode(t *testing.T, dir string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return m
}

func readSecrets(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, SecretsFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

var settings = Settings{ClientID: goodID, ClientSecret: goodSecret, RedirectURI: "http://localhost:8000/api/auth/oauth/google/callback"}

func TestReadTopStringAndExisting(t *testing.T) {
	dir := t.TempDir()
	if ReadTopString(dir, "base_url") != "" || ExistingOAuth(dir) {
		t.Fatal("no file")
	}
	writeTOML(t, dir, "app_name = \"x\"\n")
	if ReadTopString(dir, "base_url") != "" || ExistingOAuth(dir) {
		t.Fatal("key and table missing")
	}
	writeTOML(t, dir, "base_url = \"https://app.example.com\"\n[oauth]\ngoogle_client_id = \"x\"\n")
	if ReadTopString(dir, "base_url") != "https://app.example.com" || !ExistingOAuth(dir) {
		t.Fatal("present")
	}
	writeTOML(t, dir, "base_url = \"https://app.example.com\"\n[oauth\n")
	if ReadTopString(dir, "base_url") != "" || ExistingOAuth(dir) {
		t.Fatal("corrupt counts as nothing")
	}
}

func TestWriteIntoEmptyDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "target")
	res, err := Write(dir, settings)
	if err != nil {
		t.Fatal(err)
	}
	if res.ReplacedExisting || res.ConfigDiff != "added [oauth] table" || res.SecretsDiff != "added "+SecretVar ||
		res.ConfigPath != filepath.Join(dir, ConfigFile) || res.SecretsPath != filepath.Join(dir, SecretsFile) {
		t.Fatalf("%+v", res)
	}
	m := decode(t, dir)
	o := m["oauth"].(map[string]any)
	if m["enable_oauth"] != true || o["google_client_id"] != goodID || o["auto_link_verified_emails"] != false ||
		o["enforce_mfa_on_oauth_signin"] != false || o["google_redirect_uri"] != nil || len(o) != 3 {
		t.Fatalf("%v", m)
	}
	if s := readSecrets(t, dir); !strings.HasSuffix(s, "\n"+SecretVar+"="+goodSecret+"\n") {
		t.Fatalf("secrets:\n%s", s)
	}
	if fi, _ := os.Stat(res.SecretsPath); fi.Mode().Perm() != 0o600 {
		t.Fatalf("secrets mode %v", fi.Mode().Perm())
	}
}

func TestWriteCustomRedirect(t *testing.T) {
	dir := t.TempDir()
	s := settings
	s.RedirectURI = "https://login.example.com/cb"
	s.AutoLink, s.EnforceMFA = true, true
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	o := decode(t, dir)["oauth"].(map[string]any)
	if o["google_redirect_uri"] != "https://login.example.com/cb" || o["auto_link_verified_emails"] != true || o["enforce_mfa_on_oauth_signin"] != true {
		t.Fatalf("%v", o)
	}
	// The default derived from the file's own base_url and api_prefix is
	// not written.
	dir = t.TempDir()
	writeTOML(t, dir, "base_url = \"https://app.example.com\"\napi_prefix = \"/auth\"\n")
	s.RedirectURI = "https://app.example.com/auth/oauth/google/callback"
	if _, err := Write(dir, s); err != nil {
		t.Fatal(err)
	}
	if o := decode(t, dir)["oauth"].(map[string]any); o["google_redirect_uri"] != nil {
		t.Fatalf("default written: %v", o)
	}
}

const userTOML = `# My app's settings.
app_name = "Shop"   # shown in emails
enable_oauth = false # off until the wizard ran
jwt_ttl_seconds = 3600

# Mail goes through SES.
[email]
backend = "ses"
ses_region = "eu-west-2"

[oauth]
google_client_id = "old-1.apps.googleusercontent.com"
google_redirect_uri = "https://old.example.com/cb"
state_ttl_seconds = 900

# SMS for the second factor.
[sms]
backend = "sns"
`

func TestWriteKeepsTheRestAndReplacesOAuth(t *testing.T) {
	dir := t.TempDir()
	writeTOML(t, dir, userTOML)
	res, err := Write(dir, settings)
	if err != nil {
		t.Fatal(err)
	}
	if !res.ReplacedExisting || res.ConfigDiff != "replaced [oauth] table" {
		t.Fatalf("%+v", res)
	}
	data, _ := os.ReadFile(res.ConfigPath)
	want := strings.Replace(userTOML, "enable_oauth = false #", "enable_oauth = true #", 1)
	want = strings.Replace(want, `google_client_id = "old-1.apps.googleusercontent.com"
google_redirect_uri = "https://old.example.com/cb"
state_ttl_seconds = 900
`, `google_client_id = "`+goodID+`"
auto_link_verified_emails = false
enforce_mfa_on_oauth_signin = false
`, 1)
	if string(data) != want {
		t.Fatalf("got:\n%s\nwant:\n%s", data, want)
	}
	m := decode(t, dir)
	if m["email"].(map[string]any)["ses_region"] != "eu-west-2" || m["sms"].(map[string]any)["backend"] != "sns" || m["app_name"] != "Shop" {
		t.Fatalf("%v", m)
	}
}

func TestWriteSecretsFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, SecretsFile), []byte("# mine\nREGSTACK_JWT_SECRET=jwt\n"+SecretVar+"=old-secret-value\nOTHER=1"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Write(dir, settings)
	if err != nil {
		t.Fatal(err)
	}
	s := readSecrets(t, dir)
	if want := "# mine\nREGSTACK_JWT_SECRET=jwt\n" + SecretVar + "=" + goodSecret + "\nOTHER=1\n"; s != want {
		t.Fatalf("got %q want %q", s, want)
	}
	if !res.ReplacedExisting || res.SecretsDiff != "replaced "+SecretVar || res.ConfigDiff != "added [oauth] table" {
		t.Fatalf("%+v", res)
	}
	if fi, _ := os.Stat(res.SecretsPath); fi.Mode().Perm() != 0o600 {
		t.Fatalf("a readable secrets file is narrowed: %v", fi.Mode().Perm())
	}
	// Twice: one table, one secret line.
	if _, err := Write(dir, settings); err != nil {
		t.Fatal(err)
	}
	conf, _ := os.ReadFile(res.ConfigPath)
	if strings.Count(string(conf), "[oauth]") != 1 || strings.Count(readSecrets(t, dir), SecretVar+"=") != 1 {
		t.Fatalf("twice:\n%s\n%s", conf, readSecrets(t, dir))
	}
}

func TestWriteRefusesCorruptTOML(t *testing.T) {
	dir := t.TempDir()
	corrupt := "app_name = \"x\"\n[oauth\ngoogle_client_id = 1\n"
	writeTOML(t, dir, corrupt)
	_, err := Write(dir, settings)
	if !errors.Is(err, tomledit.ErrInvalid) || !strings.Contains(err.Error(), filepath.Join(dir, ConfigFile)+":2: invalid TOML") {
		t.Fatalf("%v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, ConfigFile)); string(data) != corrupt {
		t.Fatal("corrupt file changed")
	}
	if _, err := os.Stat(filepath.Join(dir, SecretsFile)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("secrets written although the configuration was refused")
	}
}
