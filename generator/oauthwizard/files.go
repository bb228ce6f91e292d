package oauthwizard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/regstack/regstack-gen/generator/scaffold"
	"github.com/regstack/regstack-gen/generator/tomledit"
)

// The files the wizard writes, in the target directory.
const (
	ConfigFile  = "regstack.toml"
	SecretsFile = scaffold.SecretsFile
)

// SecretVar is the secrets-file variable holding the Google client secret.
const SecretVar = "REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET"

// Defaults the wizard starts from when regstack.toml does not say.
const (
	DefaultBaseURL   = "http://localhost:8000"
	DefaultAPIPrefix = "/api/auth"
)

// RedirectURI is the callback URL the generated package uses when
// google_redirect_uri is not set: base URL and API prefix without their
// trailing slashes, then /oauth/google/callback.
func RedirectURI(baseURL, apiPrefix string) string {
	return strings.TrimRight(baseURL, "/") + strings.TrimRight(apiPrefix, "/") + "/oauth/google/callback"
}

// readTOML decodes dir's regstack.toml; a missing or corrupt file is nil.
func readTOML(dir string) map[string]any {
	data, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		return nil
	}
	var m map[string]any
	if toml.Unmarshal(data, &m) != nil {
		return nil
	}
	return m
}

// ReadTopString returns the top-level string key of dir's regstack.toml;
// "" when the file is missing or corrupt, the key absent or not a string.
func ReadTopString(dir, key string) string {
	s, _ := readTOML(dir)[key].(string)
	return s
}

// ExistingOAuth reports whether dir's regstack.toml has an [oauth] table
// with keys the wizard replaces: [oauth.providers.*] tables alone do not
// count (the wizard keeps them). A missing or corrupt file has none.
func ExistingOAuth(dir string) bool {
	t, ok := readTOML(dir)["oauth"].(map[string]any)
	for k := range t {
		if k != "providers" {
			return true
		}
	}
	return ok && len(t) == 0
}

// Settings are what the wizard writes.
type Settings struct {
	ClientID     string
	ClientSecret string
	// RedirectURI is written as google_redirect_uri unless it is what
	// the generated package derives from the file's base_url and
	// api_prefix anyway (or empty).
	RedirectURI string
	AutoLink    bool
	EnforceMFA  bool
}

// Result is the summary of a write, as the reference prints it.
type Result struct {
	ConfigPath       string `json:"config_path"`
	ConfigDiff       string `json:"config_diff"`
	SecretsPath      string `json:"secrets_path"`
	SecretsDiff      string `json:"secrets_diff"`
	ReplacedExisting bool   `json:"replaced_existing"`
}

// Write puts s into dir (created when missing): regstack.toml gets
// enable_oauth = true and a new [oauth] table in place of the old one,
// every other line untouched ([oauth.providers.*] tables included);
// regstack.secrets.env gets the client secret, mode 0600. A
// regstack.toml that does not parse is refused with its line before
// anything is written.
func Write(dir string, s Settings) (Result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Result{}, err
	}
	pairs := []tomledit.KV{{Key: "google_client_id", Value: tomledit.Quote(s.ClientID)}}
	if s.RedirectURI != "" && s.RedirectURI != defaultRedirect(dir) {
		pairs = append(pairs, tomledit.KV{Key: "google_redirect_uri", Value: tomledit.Quote(s.RedirectURI)})
	}
	pairs = append(pairs,
		tomledit.KV{Key: "auto_link_verified_emails", Value: tomledit.Bool(s.AutoLink)},
		tomledit.KV{Key: "enforce_mfa_on_oauth_signin", Value: tomledit.Bool(s.EnforceMFA)})
	// [oauth.providers.*] keys written as dotted keys inside [oauth]
	// belong to other providers: they stay.
	return writeTable(abs, "oauth", pairs, []string{"providers"}, SecretVar, s.ClientSecret)
}

// writeTable sets enable_oauth = true, replaces table with pairs (keeping
// the keys starting with keep) and sets secretVar in the secrets file.
func writeTable(abs, table string, pairs []tomledit.KV, keep []string, secretVar, secret string) (Result, error) {
	res := Result{ConfigPath: filepath.Join(abs, ConfigFile), SecretsPath: filepath.Join(abs, SecretsFile)}
	conf, err := readOptional(res.ConfigPath)
	if err != nil {
		return Result{}, err
	}
	doc, err := tomledit.Parse(res.ConfigPath, conf)
	if err != nil {
		return Result{}, err
	}
	doc.SetTopLevel("enable_oauth", "true")
	replacedTable := doc.ReplaceTable(table, pairs, keep...)
	res.ConfigDiff = "added [" + table + "] table"
	if replacedTable {
		res.ConfigDiff = "replaced [" + table + "] table"
	}

	secrets, err := readOptional(res.SecretsPath)
	if err != nil {
		return Result{}, err
	}
	newSecrets, replacedSecret := scaffold.SetSecret(secrets, secretVar, secret)
	res.SecretsDiff = "added " + secretVar
	if replacedSecret {
		res.SecretsDiff = "replaced " + secretVar
	}
	res.ReplacedExisting = replacedTable || replacedSecret

	if err := writeFile(res.ConfigPath, doc.Bytes(), 0o644, true); err != nil {
		return Result{}, err
	}
	if err := writeFile(res.SecretsPath, newSecrets, 0o600, false); err != nil {
		return Result{}, fmt.Errorf("%s is written, %s is not: %w", ConfigFile, SecretsFile, err)
	}
	return res, nil
}

// defaultRedirect is the redirect URI the generated package derives
// from dir's regstack.toml.
func defaultRedirect(dir string) string {
	base, prefix := ReadTopString(dir, "base_url"), ReadTopString(dir, "api_prefix")
	if base == "" {
		base = DefaultBaseURL
	}
	if prefix == "" {
		prefix = DefaultAPIPrefix
	}
	return RedirectURI(base, prefix)
}

func readOptional(p string) ([]byte, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return data, err
}

// writeFile replaces path through a temporary file and a rename, so a
// failure leaves the old file whole. The secrets file always gets mode
// (the umask must not widen it, and a file others could read is
// narrowed); the configuration keeps the mode it had when keepMode.
func writeFile(path string, data []byte, mode os.FileMode, keepMode bool) error {
	if fi, err := os.Stat(path); err == nil && keepMode {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
