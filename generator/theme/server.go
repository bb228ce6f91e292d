package theme

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"path/filepath"
	"strings"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
	"github.com/regstack/regstack-gen/generator/localweb"
)

//go:embed assets
var assets embed.FS

// maxBody bounds a save request: sixteen values and their names.
const maxBody = 64 << 10

// Server is the designer's local web application: the page, its assets
// and the JSON API behind it. Every request must carry the per-launch
// token, in ?token= (the page and its assets) or the X-Wizard-Token header
// (the API): another local user or a web page in the browser cannot
// guess it, so it cannot read or write the theme.
type Server struct {
	dir, filename string
	guard         *localweb.Guard
	page          *template.Template
	preview       *preview
}

// NewServer returns a designer writing dir/filename, with a fresh token.
func NewServer(dir, filename string) (*Server, error) {
	guard, err := localweb.NewGuard()
	if err != nil {
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
	return &Server{dir: dir, filename: filename, guard: guard, page: page, preview: pv}, nil
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
func (s *Server) Token() string { return s.guard.Token() }

// Done is closed once the page said it is finished (POST /api/done).
func (s *Server) Done() <-chan struct{} { return s.guard.Done() }

// ServeHTTP routes the designer's requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	localweb.SetHeaders(w)
	tok := localweb.RequestToken(r)
	// The preview pages link their static files below a prefix holding
	// the token: a page's own links cannot carry a query.
	static, isStatic := strings.CutPrefix(r.URL.Path, previewStaticDir)
	if isStatic {
		tok, static, _ = strings.Cut(static, "/")
		static = "/" + static
	}
	if !s.guard.OK(tok) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": localweb.DetailBadToken})
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
		s.guard.Finish()
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	default:
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
	}
}

func (s *Server) serveIndex(w http.ResponseWriter) {
	var b bytes.Buffer
	if err := s.page.Execute(&b, map[string]string{"Token": s.guard.Token(), "Pages": strings.Join(auth.PreviewPages(), ",")}); err != nil {
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
	return localweb.ReadBody(w, r, maxBody)
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
	localweb.WriteJSON(w, status, v)
}
