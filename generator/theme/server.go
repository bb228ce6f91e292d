package theme

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

//go:embed assets
var assets embed.FS

// detailBadToken answers every request without the launch token.
const detailBadToken = "Missing or invalid wizard token."

// maxBody bounds a save request: sixteen values and their names.
const maxBody = 64 << 10

// Server is the designer's local web application: the page, its assets
// and the JSON API behind it. Every request must carry the per-launch
// token, in ?token= (the page and its assets) or the X-Wizard-Token header
// (the API): another local user or a web page in the browser cannot
// guess it, so it cannot read or write the theme.
type Server struct {
	dir, filename string
	token         string
	page          *template.Template
	preview       *preview

	doneOnce sync.Once
	done     chan struct{}
}

// NewServer returns a designer writing dir/filename, with a fresh token.
func NewServer(dir, filename string) (*Server, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	page, err := template.ParseFS(assets, "assets/index.html")
	if err != nil {
		return nil, err
	}
	d, existing := Defaults(), Load(filepath.Join(dir, filename))
	pv, err := newPreview(Values{Light: mergeMaps(d.Light, existing.Light), Dark: mergeMaps(d.Dark, existing.Dark)})
	if err != nil {
		return nil, err
	}
	return &Server{dir: dir, filename: filename, token: base64.RawURLEncoding.EncodeToString(buf),
		page: page, preview: pv, done: make(chan struct{})}, nil
}

func mergeMaps(base, over map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}

// Token is the launch token.
func (s *Server) Token() string { return s.token }

// Done is closed once the page said it is finished (POST /api/done).
func (s *Server) Done() <-chan struct{} { return s.done }

func (s *Server) tokenOK(got string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(s.token)) == 1
}

// ServeHTTP routes the designer's requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'")
	w.Header().Set("Referrer-Policy", "no-referrer")
	api := len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/"
	tok := r.URL.Query().Get("token")
	if api {
		tok = r.Header.Get("X-Wizard-Token")
	}
	// The preview pages link their static files below a prefix holding
	// the token: a page's own links cannot carry a query.
	static, isStatic := strings.CutPrefix(r.URL.Path, previewStaticDir)
	if isStatic {
		tok, static, _ = strings.Cut(static, "/")
		static = "/" + static
	}
	if !s.tokenOK(tok) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": detailBadToken})
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/":
		s.serveIndex(w)
	case r.Method == http.MethodGet && (r.URL.Path == "/designer.js" || r.URL.Path == "/designer.css"):
		s.serveAsset(w, r.URL.Path[1:])
	case r.Method == http.MethodGet && isStatic:
		r2 := r.Clone(r.Context())
		r2.URL.Path = static
		s.preview.static.ServeHTTP(w, r2)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, previewPagePath):
		s.servePreviewPage(w, r, strings.TrimPrefix(r.URL.Path, previewPagePath))
	case r.Method == http.MethodGet && r.URL.Path == previewCSSPath:
		s.servePreviewCSS(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/api/preview":
		s.servePreviewValues(w, r)
	case r.Method == http.MethodGet && r.URL.Path == "/api/state":
		s.serveState(w)
	case r.Method == http.MethodPost && r.URL.Path == "/api/save":
		s.serveSave(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/api/done":
		s.doneOnce.Do(func() { close(s.done) })
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
	}
}

func (s *Server) serveIndex(w http.ResponseWriter) {
	var b bytes.Buffer
	if err := s.page.Execute(&b, map[string]string{"Token": s.token, "Pages": strings.Join(auth.PreviewPages(), ",")}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

func (s *Server) serveAsset(w http.ResponseWriter, name string) {
	data, err := assets.ReadFile("assets/" + name)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
		return
	}
	ct := "text/css; charset=utf-8"
	if filepath.Ext(name) == ".js" {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(data)
}

// state is the answer of GET /api/state.
type state struct {
	TargetDir string `json:"target_dir"`
	Filename  string `json:"filename"`
	Schema    Schema `json:"schema"`
	Defaults  Values `json:"defaults"`
	Existing  Values `json:"existing"`
	// Preview holds every bundled value, the unmanaged shadow included,
	// so the preview looks like the real pages.
	Preview Values `json:"preview"`
}

func (s *Server) serveState(w http.ResponseWriter) {
	dir, err := filepath.Abs(s.dir)
	if err != nil {
		dir = s.dir
	}
	writeJSON(w, http.StatusOK, state{TargetDir: dir, Filename: s.filename, Schema: ManagedSchema(),
		Defaults: Defaults(), Existing: Load(filepath.Join(s.dir, s.filename)), Preview: PreviewDefaults()})
}

// saveError is the 422 of POST /api/save.
type saveError struct {
	OK     bool         `json:"ok"`
	Errors []FieldError `json:"errors"`
}

// saveOK is the 200 of POST /api/save.
type saveOK struct {
	OK bool `json:"ok"`
	Result
}

func (s *Server) serveSave(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	light, dark, ok := decodeScopes(body)
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"detail": "Body must be {light: {...}, dark: {...}}."})
		return
	}
	lv, lerrs := Validate(ScopeLight, light)
	dv, derrs := Validate(ScopeDark, dark)
	if errs := append(lerrs, derrs...); len(errs) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, saveError{Errors: errs})
		return
	}
	res, err := Write(s.dir, s.filename, Values{Light: lv, Dark: dv})
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"detail": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, saveOK{OK: true, Result: res})
}

// readBody reads a bounded request body, answering 413 when it is larger.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil || len(body) > maxBody {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"detail": "Request body too large."})
		return nil, false
	}
	return body, true
}

// decodeScopes reads {light: {...}, dark: {...}}; a missing scope is
// empty, anything that is not an object is refused.
func decodeScopes(body []byte) (light, dark map[string]any, ok bool) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return nil, nil, false
	}
	scope := func(name string) (map[string]any, bool) {
		raw, present := top[name]
		if !present || string(raw) == "null" {
			return map[string]any{}, true
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			return nil, false
		}
		return m, true
	}
	light, lok := scope(ScopeLight)
	dark, dok := scope(ScopeDark)
	return light, dark, lok && dok
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
