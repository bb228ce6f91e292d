package theme

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type designer struct {
	t   *testing.T
	srv *Server
	url string
	dir string
}

func newDesigner(t *testing.T) *designer {
	t.Helper()
	dir := t.TempDir()
	s, err := NewServer(dir, DefaultFilename)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return &designer{t: t, srv: s, url: hs.URL, dir: dir}
}

// call sends a request; token is put where the path needs it (query for
// the page, header for the API); "" sends none.
func (d *designer) call(method, path, token, body string) (int, string, map[string]any) {
	d.t.Helper()
	u := d.url + path
	if token != "" && !strings.HasPrefix(path, "/api/") {
		u += "?token=" + token
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, u, rd)
	if token != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("X-Wizard-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		d.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var j map[string]any
	_ = json.Unmarshal(data, &j)
	return resp.StatusCode, string(data), j
}

func TestDesignerRefusesRequestsWithoutTheToken(t *testing.T) {
	d := newDesigner(t)
	tok := d.srv.Token()
	if len(tok) < 40 {
		t.Fatalf("token %q is short", tok)
	}
	other, _ := NewServer(d.dir, DefaultFilename)
	if other.Token() == tok {
		t.Fatal("two launches share a token")
	}
	for _, c := range []struct{ method, path, token string }{
		{"GET", "/", ""}, {"GET", "/", "wrong"}, {"GET", "/", tok[:len(tok)-1]},
		{"GET", "/designer.js", ""}, {"GET", "/api/state", ""}, {"GET", "/api/state", "wrong"},
		{"POST", "/api/save", ""}, {"POST", "/api/done", ""},
	} {
		st, _, j := d.call(c.method, c.path, c.token, `{"light":{"--rs-accent":"#000"}}`)
		if st != http.StatusUnauthorized || j["detail"] != "Missing or invalid wizard token." {
			t.Errorf("%s %s token %q: %d %v", c.method, c.path, c.token, st, j)
		}
	}
	// The token in the query does not open the API, which wants the header.
	if st, _, _ := d.call("GET", "/api/state?token="+tok, "", ""); st != http.StatusUnauthorized {
		t.Errorf("API with a query token: %d", st)
	}
	if _, err := os.Stat(filepath.Join(d.dir, DefaultFilename)); !os.IsNotExist(err) {
		t.Fatal("a refused save wrote the file")
	}
	select {
	case <-d.srv.Done():
		t.Fatal("a refused done stopped the designer")
	default:
	}
	st, page, _ := d.call("GET", "/", tok, "")
	if st != http.StatusOK || !strings.Contains(page, `id="designer-root"`) || strings.Contains(page, "<style") || strings.Contains(page, "style=") {
		t.Fatalf("index: %d\n%s", st, page)
	}
	for _, asset := range []string{"/designer.js", "/designer.css"} {
		if st, _, _ := d.call("GET", asset, tok, ""); st != http.StatusOK {
			t.Errorf("%s: %d", asset, st)
		}
	}
}

func TestDesignerStateAndSave(t *testing.T) {
	d := newDesigner(t)
	tok := d.srv.Token()
	st, _, j := d.call("GET", "/api/state", tok, "")
	if st != 200 || j["filename"] != DefaultFilename {
		t.Fatalf("state: %d %v", st, j)
	}
	defaults := j["defaults"].(map[string]any)
	if defaults["light"].(map[string]any)["--rs-accent"] != "#2563eb" || defaults["dark"].(map[string]any)["--rs-accent"] != "#60a5fa" {
		t.Fatalf("defaults %v", defaults)
	}
	if ex := j["existing"].(map[string]any); len(ex["light"].(map[string]any)) != 0 || len(ex["dark"].(map[string]any)) != 0 {
		t.Fatalf("existing before a save: %v", ex)
	}
	if n := len(j["schema"].(map[string]any)["all_vars"].([]any)); n != 15 {
		t.Fatalf("%d managed variables", n)
	}

	save := `{"light":{"--rs-accent":"#0d9488","--rs-radius":"10"},"dark":{"--rs-accent":"#2dd4bf"}}`
	st, _, j = d.call("POST", "/api/save", tok, save)
	if st != 200 || j["ok"] != true || j["light_count"] != 2.0 || j["dark_count"] != 1.0 {
		t.Fatalf("save: %d %v", st, j)
	}
	data, _ := os.ReadFile(filepath.Join(d.dir, DefaultFilename))
	for _, want := range []string{"--rs-accent: #0d9488;", "--rs-radius: 10px;", "@media (prefers-color-scheme: dark)", "    --rs-accent: #2dd4bf;"} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("file lacks %q:\n%s", want, data)
		}
	}
	if int(j["bytes_written"].(float64)) != len(data) {
		t.Fatalf("bytes_written %v, file %d", j["bytes_written"], len(data))
	}
	_, _, j = d.call("GET", "/api/state", tok, "")
	ex := j["existing"].(map[string]any)
	if ex["light"].(map[string]any)["--rs-radius"] != "10px" || ex["dark"].(map[string]any)["--rs-accent"] != "#2dd4bf" {
		t.Fatalf("existing after the save: %v", ex)
	}

	// Invalid: 422 with every error and its scope, nothing written.
	st, _, j = d.call("POST", "/api/save", tok, `{"light":{"--rs-accent":"not-a-colour"},"dark":{"--rs-bg":"#12"}}`)
	errs, _ := j["errors"].([]any)
	if st != 422 || j["ok"] != false || len(errs) != 2 {
		t.Fatalf("invalid save: %d %v", st, j)
	}
	e0, e1 := errs[0].(map[string]any), errs[1].(map[string]any)
	if e0["field"] != "--rs-accent" || e0["scope"] != "light" || e1["field"] != "--rs-bg" || e1["scope"] != "dark" {
		t.Fatalf("errors %v", errs)
	}
	if again, _ := os.ReadFile(filepath.Join(d.dir, DefaultFilename)); string(again) != string(data) {
		t.Fatal("an invalid save changed the file")
	}
	for _, body := range []string{`{"light":[],"dark":{}}`, `{"light":{},"dark":"x"}`, `[]`, `nope`} {
		if st, _, j := d.call("POST", "/api/save", tok, body); st != 400 || j["detail"] != "Body must be {light: {...}, dark: {...}}." {
			t.Errorf("body %s: %d %v", body, st, j)
		}
	}
	// An empty dark scope writes no media block.
	d.call("POST", "/api/save", tok, `{"light":{"--rs-accent":"#0d9488"},"dark":{}}`)
	if data, _ := os.ReadFile(filepath.Join(d.dir, DefaultFilename)); strings.Contains(string(data), "@media") {
		t.Fatalf("media block without dark values:\n%s", data)
	}

	if st, _, j := d.call("POST", "/api/done", tok, ""); st != 200 || j["ok"] != true {
		t.Fatalf("done: %d %v", st, j)
	}
	select {
	case <-d.srv.Done():
	default:
		t.Fatal("done did not signal")
	}
}

// TestPreviewNeedsToken: the preview's page, stylesheet and static files
// answer only with the launch token (the static files carry it in their
// path), and the stylesheet leaves out a value that could break out of
// its declaration.
func TestPreviewNeedsToken(t *testing.T) {
	s, err := NewServer(t.TempDir(), DefaultFilename)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec.Code, rec.Body.String()
	}
	tok := s.Token()
	for path, want := range map[string]int{
		"/preview/page/login?token=" + tok:                 200,
		"/preview/page/login":                              401,
		"/preview/page/nope?token=" + tok:                  404,
		"/preview/theme.css?token=" + tok:                  200,
		"/preview/theme.css":                               401,
		"/preview/static/" + tok + "/css/core.css":         200,
		"/preview/static/wrong/css/core.css":               401,
		"/preview/static/" + tok + "/css/core.css?token=x": 200,
	} {
		if code, body := get(path); code != want {
			t.Errorf("GET %s = %d, want %d: %.200s", path, code, want, body)
		}
	}
	_, page := get("/preview/page/login?token=" + tok)
	if !strings.Contains(page, `href="/preview/static/`+tok+`/css/core.css`) || !strings.Contains(page, `href="/preview/theme.css?token=`+tok+`&amp;scheme=light"`) {
		t.Fatalf("page does not link the preview's static files and stylesheet:\n%s", page)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/api/preview", strings.NewReader(`{"light":{"--rs-accent":"red; } body { display: none"},"dark":{"--rs-bg":"#000000"}}`))
		r.Header.Set("X-Wizard-Token", tok)
		return r
	}())
	if rec.Code != 200 {
		t.Fatalf("POST /api/preview = %d", rec.Code)
	}
	_, light := get("/preview/theme.css?token=" + tok)
	_, dark := get("/preview/theme.css?token=" + tok + "&scheme=dark")
	if strings.Contains(light, "display: none") || !strings.Contains(light, "--rs-accent: "+Defaults().Light["--rs-accent"]+";") || !strings.Contains(light, "color-scheme: light") {
		t.Errorf("light preview stylesheet:\n%s", light)
	}
	if !strings.Contains(dark, "--rs-bg: #000000;") || !strings.Contains(dark, "color-scheme: dark") || strings.Contains(dark, "@media") {
		t.Errorf("dark preview stylesheet:\n%s", dark)
	}
}
