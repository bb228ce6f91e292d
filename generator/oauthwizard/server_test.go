package oauthwizard

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type wizard struct {
	t   *testing.T
	srv *Server
	url string
	dir string
}

func newWizard(t *testing.T) *wizard {
	t.Helper()
	dir := t.TempDir()
	srv, err := NewServer(dir, DefaultAPIPrefix)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &wizard{t: t, srv: srv, url: ts.URL, dir: dir}
}

// call sends a request with token (in the header for /api/, the query
// otherwise) and returns the status, the body and the decoded JSON.
func (w *wizard) call(method, path, token string, body any) (int, string, map[string]any) {
	w.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, _ := json.Marshal(b)
		rd = bytes.NewReader(data)
	}
	u := w.url + path
	if !strings.HasPrefix(path, "/api/") && token != "" {
		u += "?token=" + token
	}
	req, _ := http.NewRequest(method, u, rd)
	if strings.HasPrefix(path, "/api/") && token != "" {
		req.Header.Set("X-Wizard-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(data, &m)
	return resp.StatusCode, string(data), m
}

func TestServerToken(t *testing.T) {
	w := newWizard(t)
	tok := w.srv.Token()
	if len(tok) < 40 {
		t.Fatalf("token %q is short", tok)
	}
	for _, c := range []struct{ method, path, token string }{
		{"GET", "/", ""}, {"GET", "/", "wrong"}, {"GET", "/wizard.js", ""},
		{"GET", "/api/state", ""}, {"GET", "/api/state", "wrong"},
		{"POST", "/api/step/2/validate", "wrong"}, {"POST", "/api/write", "wrong"}, {"POST", "/api/done", ""},
	} {
		st, _, j := w.call(c.method, c.path, c.token, nil)
		if st != 401 || j["detail"] != "Missing or invalid wizard token." {
			t.Errorf("%s %s token %q: %d %v", c.method, c.path, c.token, st, j)
		}
	}
	// The token in the query does not open the API.
	if resp, err := http.Get(w.url + "/api/state?token=" + tok); err != nil || resp.StatusCode != 401 {
		t.Fatalf("query token on the API: %v %v", resp.StatusCode, err)
	}
	st, body, _ := w.call("GET", "/", tok, nil)
	if st != 200 || !strings.Contains(body, `id="wizard-root"`) {
		t.Fatalf("index: %d\n%s", st, body)
	}
	if st, body, _ := w.call("GET", "/wizard.js", tok, nil); st != 200 || !strings.Contains(body, "X-Wizard-Token") {
		t.Fatalf("script: %d", st)
	}
	select {
	case <-w.srv.Done():
		t.Fatal("done before /api/done")
	default:
	}
}

func TestServerState(t *testing.T) {
	w := newWizard(t)
	tok := w.srv.Token()
	st, _, j := w.call("GET", "/api/state", tok, nil)
	if st != 200 || j["base_url"] != DefaultBaseURL || j["redirect_uri"] != "http://localhost:8000/api/auth/oauth/google/callback" ||
		j["existing_oauth"] != false || j["config_file"] != "regstack.toml" || j["secrets_file"] != "regstack.secrets.env" ||
		j["num_steps"] != 12.0 || j["api_prefix"] != "/api/auth" || j["target_dir"] != w.dir {
		t.Fatalf("%d %v", st, j)
	}
	writeTOML(t, w.dir, "base_url = \"https://app.example.com/\"\n[oauth]\ngoogle_client_id = \"x\"\n")
	_, _, j = w.call("GET", "/api/state", tok, nil)
	if j["existing_oauth"] != true || j["base_url"] != "https://app.example.com/" || !strings.HasSuffix(j["redirect_uri"].(string), "example.com/api/auth/oauth/google/callback") {
		t.Fatalf("%v", j)
	}
}

func TestServerValidate(t *testing.T) {
	w := newWizard(t)
	tok := w.srv.Token()
	st, body, _ := w.call("POST", "/api/step/2/validate", tok, map[string]any{"base_url": "https://example.com"})
	if st != 200 || strings.TrimSpace(body) != `{"ok":true,"errors":[]}` {
		t.Fatalf("%d %s", st, body)
	}
	_, _, j := w.call("POST", "/api/step/7/validate", tok, map[string]any{"client_id": "nope", "client_secret": "short"})
	errs := j["errors"].([]any)
	if j["ok"] != false || len(errs) != 2 || errs[0].(map[string]any)["field"] != "client_id" || errs[1].(map[string]any)["field"] != "client_secret" {
		t.Fatalf("%v", j)
	}
	for _, step := range []string{"99", "-1", "12", "x"} {
		st, _, j := w.call("POST", "/api/step/"+step+"/validate", tok, nil)
		if st != 404 || j["detail"] != "Unknown wizard step: "+step+"." {
			t.Errorf("step %s: %d %v", step, st, j)
		}
	}
	// No body, an invalid body and a non-object body are {}.
	for _, b := range []any{nil, "{not json", "[1]"} {
		if st, body, _ := w.call("POST", "/api/step/0/validate", tok, b); st != 200 || !strings.Contains(body, `"ok":true`) {
			t.Errorf("body %v: %d %s", b, st, body)
		}
	}
}

func TestServerWrite(t *testing.T) {
	w := newWizard(t)
	tok := w.srv.Token()
	bad := good()
	bad[FieldClientID] = "nope"
	st, _, j := w.call("POST", "/api/write", tok, bad)
	if st != 422 || j["ok"] != false || j["jump_to"] != 7.0 || j["errors"].([]any)[0].(map[string]any)["field"] != "client_id" {
		t.Fatalf("%d %v", st, j)
	}
	if entries, _ := os.ReadDir(w.dir); len(entries) != 0 || w.srv.Written() != nil {
		t.Fatalf("written after a refusal: %v", entries)
	}
	st, _, j = w.call("POST", "/api/write", tok, good())
	if st != 200 || j["ok"] != true || j["replaced_existing"] != false || j["config_diff"] != "added [oauth] table" ||
		j["config_path"] != filepath.Join(w.dir, ConfigFile) || j["secrets_path"] != filepath.Join(w.dir, SecretsFile) {
		t.Fatalf("%d %v", st, j)
	}
	if w.srv.Written() == nil || !strings.Contains(readSecrets(t, w.dir), SecretVar+"="+goodSecret) {
		t.Fatal("not written")
	}
	if o := decode(t, w.dir)["oauth"].(map[string]any); o["enforce_mfa_on_oauth_signin"] != true {
		t.Fatalf("%v", o)
	}
	// Now [oauth] exists: writing again needs the confirmation.
	st, _, j = w.call("POST", "/api/write", tok, good())
	if st != 422 || j["jump_to"] != 1.0 {
		t.Fatalf("unconfirmed replace: %d %v", st, j)
	}
	p := good()
	p[FieldReplaceExisting] = true
	st, _, j = w.call("POST", "/api/write", tok, p)
	if st != 200 || j["replaced_existing"] != true || j["config_diff"] != "replaced [oauth] table" {
		t.Fatalf("%d %v", st, j)
	}
	// A file that became corrupt is refused with its line, and kept.
	writeTOML(t, w.dir, "[oauth]\nx = \n")
	st, _, j = w.call("POST", "/api/write", tok, good())
	if st != 409 || !strings.Contains(j["detail"].(string), ConfigFile+":2: invalid TOML") {
		t.Fatalf("%d %v", st, j)
	}
	if data, _ := os.ReadFile(filepath.Join(w.dir, ConfigFile)); string(data) != "[oauth]\nx = \n" {
		t.Fatal("corrupt file changed")
	}
}

func TestServerDone(t *testing.T) {
	w := newWizard(t)
	st, _, j := w.call("POST", "/api/done", w.srv.Token(), nil)
	if st != 200 || j["ok"] != true {
		t.Fatalf("%d %v", st, j)
	}
	select {
	case <-w.srv.Done():
	default:
		t.Fatal("done not signalled")
	}
	w.call("POST", "/api/done", w.srv.Token(), nil) // a second Done is harmless
}

// TestPageIsCSPClean: the page runs under a policy allowing only its own
// script and style files, so it must have no inline script, style or
// event handler (the browser test proves the script runs under it).
func TestPageIsCSPClean(t *testing.T) {
	w := newWizard(t)
	resp, err := http.Get(w.url + "/?token=" + w.srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Fatalf("CSP %q", csp)
	}
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("headers %v", resp.Header)
	}
	for _, bad := range []string{"<script>", "<style", " style=", " onclick=", " onload=", "javascript:"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}
