package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	testClientID     = "12345-abcde.apps.googleusercontent.com"
	testClientSecret = "GOCSPX-abcdefghijklmnop"
)

func runOAuth(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"oauth", "setup"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestOAuthSetupPrintOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	code, out, errs := runOAuth(t, "--print-only", "--no-generate", "--target", dir,
		"--client-id", testClientID, "--client-secret", testClientSecret, "--auto-link", "--no-mfa")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	var res map[string]any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("stdout is not the JSON summary alone: %v\n%s", err, out)
	}
	if res["config_diff"] != "added [oauth] table" || !strings.HasSuffix(res["secrets_diff"].(string), "REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET") ||
		res["replaced_existing"] != false || res["config_path"] != filepath.Join(dir, "regstack.toml") {
		t.Fatalf("%v", res)
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	want := "enable_oauth = true\n\n[oauth]\ngoogle_client_id = \"" + testClientID + "\"\nauto_link_verified_emails = true\nenforce_mfa_on_oauth_signin = false\n"
	if string(conf) != want {
		t.Fatalf("regstack.toml:\n%s", conf)
	}
	secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env"))
	if !strings.Contains(string(secrets), "\nREGSTACK_OAUTH__GOOGLE_CLIENT_SECRET="+testClientSecret+"\n") {
		t.Fatalf("secrets:\n%s", secrets)
	}
	if m := fileMode(t, filepath.Join(dir, "regstack.secrets.env")); m != 0o600 {
		t.Fatalf("secrets mode %v", m)
	}
	if !strings.Contains(errs, "Skipped generation (--no-generate)") {
		t.Fatalf("stderr %q", errs)
	}
}

func TestOAuthSetupPrintOnlyRefusals(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runOAuth(t, "--print-only", "--no-generate", "--target", dir,
		"--client-id", "not-a-google-id", "--client-secret", "short", "--base-url", "example.com")
	want := "Validation failed:\n" +
		"  - base_url: Base URL must start with http:// or https://.\n" +
		"  - client_id: Client ID must end in .apps.googleusercontent.com (copy it from the Google Cloud console's Credentials page).\n" +
		"  - client_secret: Client secret must be 8 to 128 characters (got 5).\n"
	if code != 2 || out != "" || errs != want {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, _, errs = runOAuth(t, "--print-only", "--no-generate", "--target", dir,
		"--client-id", testClientID, "--client-secret", testClientSecret, "--auto-link", "--no-auto-link")
	if code != 2 || !strings.Contains(errs, "--auto-link and --no-auto-link contradict each other") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused run wrote %v", entries)
	}
	// A corrupt regstack.toml is refused at its line and kept.
	writeFile(t, dir, "regstack.toml", "app_name = \"x\"\n[oauth\n")
	code, _, errs = runOAuth(t, "--print-only", "--no-generate", "--target", dir, "--client-id", testClientID, "--client-secret", testClientSecret)
	if code != 1 || !strings.Contains(errs, filepath.Join(dir, "regstack.toml")+":2: invalid TOML") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); string(data) != "app_name = \"x\"\n[oauth\n" {
		t.Fatal("corrupt file changed")
	}
}

func TestOAuthHelpListsSetup(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"oauth", "--help"}, strings.NewReader(""), &out, io.Discard); code != 0 ||
		!regexp.MustCompile(`(?m)^\s+setup\s`).MatchString(out.String()) {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	out.Reset()
	run([]string{"--help"}, strings.NewReader(""), &out, io.Discard)
	if !regexp.MustCompile(`(?m)^\s+oauth\s`).MatchString(out.String()) {
		t.Fatalf("root help:\n%s", out.String())
	}
}

// wizardCall sends one API request to the wizard whose page URL is url.
func wizardCall(t *testing.T, url, method, path string, body any) map[string]any {
	t.Helper()
	tok := url[strings.Index(url, "token=")+6:]
	data, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, strings.Replace(url, "/?token="+tok, path, 1), bytes.NewReader(data))
	req.Header.Set("X-Wizard-Token", tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	return m
}

// TestOAuthWizardServesUntilDone runs the wizard as the command does,
// with an opener standing in for the browser: the page's state carries
// the base URL of the existing regstack.toml, a write goes through the
// API, and Done stops the server.
func TestOAuthWizardServesUntilDone(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "regstack.toml", "# mine\nbase_url = \"https://shop.example.com\"\napi_prefix = \"/auth\"\n")
	var out bytes.Buffer
	opened := ""
	open := func(url string) error {
		opened = url
		resp, err := http.Get(url)
		if err != nil {
			return err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(page), "wizard-root") {
			t.Errorf("page: %d", resp.StatusCode)
		}
		st := wizardCall(t, url, "GET", "/api/state", nil)
		if st["base_url"] != "https://shop.example.com" || st["redirect_uri"] != "https://shop.example.com/auth/oauth/google/callback" {
			t.Errorf("state %v", st)
		}
		w := wizardCall(t, url, "POST", "/api/write", map[string]any{"base_url": st["base_url"],
			"client_id": testClientID, "client_secret": testClientSecret})
		if w["ok"] != true {
			t.Errorf("write %v", w)
		}
		wizardCall(t, url, "POST", "/api/done", nil)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	written, err := oauthWizard(ctx, &out, oauthFlags{target: dir, apiPrefix: "/auth"}, open)
	if err != nil || written == nil {
		t.Fatalf("%v %v", written, err)
	}
	if ctx.Err() != nil {
		t.Fatal("the wizard stopped on the timeout, not on Done")
	}
	m := regexp.MustCompile(`Wizard URL: (http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out.String())
	if m == nil || m[1] != opened || !strings.Contains(out.String(), "Wizard stopped.") {
		t.Fatalf("output:\n%s", out.String())
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	if !strings.HasPrefix(string(conf), "# mine\nbase_url = \"https://shop.example.com\"\napi_prefix = \"/auth\"\nenable_oauth = true\n\n[oauth]\n") ||
		strings.Contains(string(conf), "google_redirect_uri") {
		t.Fatalf("regstack.toml:\n%s", conf)
	}
}

// TestOAuthWizardWithoutBrowser: with no browser to open, the URL is
// printed with the reason, and the wizard still serves (until Ctrl-C);
// nothing written means nothing to regenerate.
func TestOAuthWizardWithoutBrowser(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	open := func(url string) error {
		if st := wizardCall(t, url, "GET", "/api/state", nil); st["num_steps"] != 12.0 {
			t.Errorf("the server is not running: %v", st)
		}
		cancel() // Ctrl-C
		return errors.New("no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)")
	}
	written, err := oauthWizard(ctx, &out, oauthFlags{target: t.TempDir(), apiPrefix: "/api/auth"}, open)
	if err != nil || written != nil {
		t.Fatalf("%v %v", written, err)
	}
	for _, want := range []string{"Wizard URL: http://127.0.0.1:", "Could not open a browser (no graphical session", "Wizard stopped.", "Nothing was written."} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestOAuthSetupGenerationFailureKeepsFiles: when the regeneration after
// the write fails, the files stay written and the error says so.
func TestOAuthSetupGenerationFailureKeepsFiles(t *testing.T) {
	dir := newModule(t)
	// A key regstack-gen does not know: generation refuses the file.
	writeFile(t, dir, "regstack.toml", "backend = \"sqlite\"\napp_name = \"x\"\nbogus_key = 1\n")
	code, out, errs := cli(t, dir, "oauth", "setup", "--print-only", "--tidy=false", "--client-id", testClientID, "--client-secret", testClientSecret)
	if code == 0 || !strings.Contains(out, `"config_diff": "added [oauth] table"`) ||
		!strings.Contains(errs, "the OAuth settings are written (regstack.toml, regstack.secrets.env), but generation failed: ") ||
		!strings.Contains(errs, "bogus_key") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if conf, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); !strings.Contains(string(conf), "enable_oauth = true") {
		t.Fatalf("regstack.toml:\n%s", conf)
	}
}

// TestOAuthSetupGenerates is the whole path: a generated host, the
// wizard's --print-only, and the regenerated package with the OAuth code.
func TestOAuthSetupGenerates(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs := cli(t, dir, "oauth", "setup", "--print-only", "--tidy=false", "--client-id", testClientID, "--client-secret", testClientSecret)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "internal", "auth", "*oauth*.go"))
	if len(matches) == 0 {
		t.Fatalf("no OAuth files generated\n%s", errs)
	}
	if code, _, errs := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check after the wizard: exit %d\n%s", code, errs)
	}
	// A generic OpenID Connect provider added by flags generates its code
	// next to Google's, which stays.
	code, out, errs = cli(t, dir, "oauth", "setup", "--print-only", "--tidy=false", "--provider", "dex", "--issuer", "http://127.0.0.1:5556/dex",
		"--client-id", "regstack", "--client-secret", "dex-secret-1")
	if code != 0 {
		t.Fatalf("--provider dex: exit %d\n%s\n%s", code, out, errs)
	}
	for _, f := range []string{"oauth_google.go", "oauth_oidc.go"} {
		if _, err := os.Stat(filepath.Join(dir, "internal", "auth", f)); err != nil {
			t.Errorf("after --provider dex: %v\n%s", err, errs)
		}
	}
	if code, _, errs := cli(t, dir, "check"); code != 0 {
		t.Fatalf("check after --provider: exit %d\n%s", code, errs)
	}
}

// TestOAuthSetupProvider: --provider writes an [oauth.providers.<name>]
// table and its secret, leaves Google's [oauth] keys alone, and refuses
// Google's flags and the page.
func TestOAuthSetupProvider(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "regstack.toml", "# mine\n[oauth]\ngoogle_client_id = \""+testClientID+"\"\n")
	code, out, errs := runOAuth(t, "--print-only", "--no-generate", "--target", dir, "--provider", "dex", "--issuer", "http://127.0.0.1:5556/dex",
		"--client-id", "regstack", "--client-secret", "dex-secret-1", "--scopes", "openid,email,profile", "--display-name", "Dex")
	if code != 0 || !strings.Contains(out, `"config_diff": "added [oauth.providers.dex] table"`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "regstack.toml"))
	want := "enable_oauth = true\n\n# mine\n[oauth]\ngoogle_client_id = \"" + testClientID + "\"\n\n[oauth.providers.dex]\nkind = \"oidc\"\n" +
		"issuer = \"http://127.0.0.1:5556/dex\"\nclient_id = \"regstack\"\nscopes = [\"openid\", \"email\", \"profile\"]\ndisplay_name = \"Dex\"\n"
	if string(conf) != want {
		t.Fatalf("regstack.toml:\n%s", conf)
	}
	if secrets, _ := os.ReadFile(filepath.Join(dir, "regstack.secrets.env")); !strings.Contains(string(secrets), "\nREGSTACK_OAUTH__PROVIDERS__DEX__CLIENT_SECRET=dex-secret-1\n") {
		t.Fatalf("secrets:\n%s", secrets)
	}
	code, _, errs = runOAuth(t, "--print-only", "--no-generate", "--target", dir, "--provider", "okta", "--issuer", "http://idp.example.com",
		"--client-id", "x", "--client-secret", "okta-secret")
	if code != 2 || errs != "Validation failed:\n  - issuer: Issuer must use https:// (http:// only on localhost or a loopback address).\n" {
		t.Fatalf("exit %d: %q", code, errs)
	}
	for _, args := range [][]string{
		{"--provider", "gh", "--kind", "github", "--client-id", "x", "--client-secret", "gh-secret-1"},
		{"--print-only", "--provider", "gh", "--kind", "github", "--client-id", "x", "--client-secret", "gh-secret-1", "--auto-link"},
	} {
		if code, _, errs := runOAuth(t, append([]string{"--target", dir, "--no-generate"}, args...)...); code != 2 ||
			!(strings.Contains(errs, "--provider needs --print-only") || strings.Contains(errs, "--auto-link is a Google setting")) {
			t.Errorf("%v: exit %d %s", args, code, errs)
		}
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "regstack.toml")); string(after) != want {
		t.Fatalf("a refused run changed regstack.toml:\n%s", after)
	}
}
