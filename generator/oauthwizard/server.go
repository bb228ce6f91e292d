package oauthwizard

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/regstack/regstack-gen/generator/localweb"
	"github.com/regstack/regstack-gen/generator/tomledit"
)

//go:embed assets
var assets embed.FS

// maxBody bounds a request: a handful of short fields.
const maxBody = 64 << 10

// Server is the wizard's local web application: the page, its assets and
// the JSON API behind it. Every request must carry the per-launch token,
// in ?token= (the page and its assets) or the X-Wizard-Token header (the
// API).
type Server struct {
	dir, apiPrefix string
	guard          *localweb.Guard
	page           *template.Template

	mu      sync.Mutex
	written *Result
}

// NewServer returns a wizard writing into dir, with a fresh token.
// apiPrefix is the prefix the redirect URI is suggested with.
func NewServer(dir, apiPrefix string) (*Server, error) {
	guard, err := localweb.NewGuard()
	if err != nil {
		return nil, err
	}
	page, err := template.ParseFS(assets, "assets/index.html")
	if err != nil {
		return nil, err
	}
	return &Server{dir: dir, apiPrefix: apiPrefix, guard: guard, page: page}, nil
}

// Token is the launch token.
func (s *Server) Token() string { return s.guard.Token() }

// Done is closed once the page said it is finished (POST /api/done).
func (s *Server) Done() <-chan struct{} { return s.guard.Done() }

// Written returns the last successful write, or nil.
func (s *Server) Written() *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written
}

// ServeHTTP routes the wizard's requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	localweb.SetHeaders(w)
	if !s.guard.OK(localweb.RequestToken(r)) {
		localweb.WriteJSON(w, http.StatusUnauthorized, map[string]string{"detail": localweb.DetailBadToken})
		return
	}
	path := r.URL.Path
	switch {
	case r.Method == http.MethodGet && path == "/":
		s.serveIndex(w)
	case r.Method == http.MethodGet && (path == "/wizard.js" || path == "/wizard.css"):
		s.serveAsset(w, path[1:])
	case r.Method == http.MethodGet && path == "/api/state":
		localweb.WriteJSON(w, http.StatusOK, s.State())
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/api/step/") && strings.HasSuffix(path, "/validate"):
		s.serveValidate(w, r, strings.TrimSuffix(strings.TrimPrefix(path, "/api/step/"), "/validate"))
	case r.Method == http.MethodPost && path == "/api/write":
		s.serveWrite(w, r)
	case r.Method == http.MethodPost && path == "/api/done":
		s.guard.Finish()
		localweb.WriteJSON(w, http.StatusOK, map[string]bool{"ok": true})
	default:
		localweb.WriteJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
	}
}

func (s *Server) serveIndex(w http.ResponseWriter) {
	var b bytes.Buffer
	if err := s.page.Execute(&b, map[string]string{"Token": s.guard.Token()}); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = b.WriteTo(w)
}

func (s *Server) serveAsset(w http.ResponseWriter, name string) {
	data, err := assets.ReadFile("assets/" + name)
	if err != nil {
		localweb.WriteJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
		return
	}
	ct := "text/css; charset=utf-8"
	if filepath.Ext(name) == ".js" {
		ct = "text/javascript; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	_, _ = w.Write(data)
}

// State is the answer of GET /api/state.
type State struct {
	TargetDir     string `json:"target_dir"`
	APIPrefix     string `json:"api_prefix"`
	ExistingOAuth bool   `json:"existing_oauth"`
	BaseURL       string `json:"base_url"`
	RedirectURI   string `json:"redirect_uri"`
	ConfigFile    string `json:"config_file"`
	SecretsFile   string `json:"secrets_file"`
	NumSteps      int    `json:"num_steps"`
}

// State reads the target directory afresh: the base URL regstack.toml
// has (or the default) and whether it already configures OAuth.
func (s *Server) State() State {
	dir, err := filepath.Abs(s.dir)
	if err != nil {
		dir = s.dir
	}
	base := ReadTopString(s.dir, "base_url")
	if base == "" {
		base = DefaultBaseURL
	}
	return State{TargetDir: dir, APIPrefix: s.apiPrefix, ExistingOAuth: ExistingOAuth(s.dir), BaseURL: base,
		RedirectURI: RedirectURI(base, s.apiPrefix), ConfigFile: ConfigFile, SecretsFile: SecretsFile, NumSteps: NumSteps}
}

// payload decodes a request body; an empty or invalid body, or one that
// is not an object, is {} (as the reference treats it).
func payload(body []byte) map[string]any {
	var m map[string]any
	if json.Unmarshal(body, &m) != nil || m == nil {
		return map[string]any{}
	}
	return m
}

func (s *Server) serveValidate(w http.ResponseWriter, r *http.Request, step string) {
	n, err := strconv.Atoi(step)
	if err != nil || n < 0 || n >= NumSteps {
		localweb.WriteJSON(w, http.StatusNotFound, map[string]string{"detail": "Unknown wizard step: " + step + "."})
		return
	}
	body, ok := localweb.ReadBody(w, r, maxBody)
	if !ok {
		return
	}
	localweb.WriteJSON(w, http.StatusOK, ValidateStep(n, payload(body), ExistingOAuth(s.dir)))
}

// writeOK is the 200 of POST /api/write.
type writeOK struct {
	OK bool `json:"ok"`
	Result
}

func (s *Server) serveWrite(w http.ResponseWriter, r *http.Request) {
	body, ok := localweb.ReadBody(w, r, maxBody)
	if !ok {
		return
	}
	p := payload(body)
	if res := ValidateAll(p, ExistingOAuth(s.dir)); !res.OK {
		localweb.WriteJSON(w, http.StatusUnprocessableEntity, res)
		return
	}
	res, err := Write(s.dir, SettingsFrom(p, s.apiPrefix))
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, tomledit.ErrInvalid) {
			// The file is the user's to fix; the page shows why.
			status = http.StatusConflict
		}
		localweb.WriteJSON(w, status, map[string]string{"detail": err.Error()})
		return
	}
	s.mu.Lock()
	s.written = &res
	s.mu.Unlock()
	localweb.WriteJSON(w, http.StatusOK, writeOK{OK: true, Result: res})
}

// SettingsFrom reads a validated payload. Without a redirect URI of its
// own, the one derived from the payload's base URL is used (and written
// when it differs from what regstack.toml would give).
func SettingsFrom(p map[string]any, apiPrefix string) Settings {
	str := func(k string) string { s, _ := p[k].(string); return s }
	redirect := str(FieldRedirectURI)
	if redirect == "" {
		redirect = RedirectURI(str(FieldBaseURL), apiPrefix)
	}
	return Settings{
		ClientID:     str(FieldClientID),
		ClientSecret: str(FieldClientSecret),
		RedirectURI:  redirect,
		AutoLink:     p[FieldAutoLink] == true,
		EnforceMFA:   p[FieldEnforceMFA] == true,
	}
}
