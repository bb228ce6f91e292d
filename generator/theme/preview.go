package theme

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

// The preview serves the REAL account pages of the blueprint, rendered
// as a host with the default configuration serves them, with one extra
// stylesheet (the edited variables) linked last, exactly where a host's
// theme_css_url goes. The designer page shows them in an iframe.
const (
	previewPagePath  = "/preview/page/" // + page name, ?token=&scheme=
	previewCSSPath   = "/preview/theme.css"
	previewStaticDir = "/preview/static/" // + token + the static path
)

// previewPageCSP lets a preview page load its own stylesheets and images
// and nothing else: no script, so regstack.js cannot redirect the frame
// or call an API the designer does not have; the designer page (same
// origin) may frame it.
const previewPageCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'"

// unsafeCSS matches what could end a declaration or block in the preview
// stylesheet; such a value is left out of the preview (Save validates it).
var unsafeCSS = regexp.MustCompile(`[;{}<>\\\n\r]`)

// preview holds the values the page last posted, so the preview
// stylesheet shows them; until then it shows the designer's start values.
type preview struct {
	mu     sync.Mutex
	values Values
	static http.Handler
}

func newPreview(start Values) (*preview, error) {
	static, err := auth.PreviewStatic()
	if err != nil {
		return nil, err
	}
	return &preview{values: start, static: static}, nil
}

func (p *preview) set(v Values) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.values = v
}

// effective returns every variable's value for scheme: the bundled light
// values, the edited light ones, and for dark the bundled then the edited
// dark values on top (dark inherits what it does not set, as in the
// saved file).
func (p *preview) effective(scheme string) map[string]string {
	p.mu.Lock()
	edited := p.values
	p.mu.Unlock()
	base := PreviewDefaults()
	out := map[string]string{}
	layer := func(m map[string]string) {
		for k, v := range m {
			v = strings.TrimSpace(v)
			if v == "" || unsafeCSS.MatchString(v) {
				continue
			}
			if kindOf(k) == auth.ThemeRadius && unitless.MatchString(v) {
				v += "px"
			}
			out[k] = v
		}
	}
	layer(base.Light)
	layer(edited.Light)
	if scheme == ScopeDark {
		layer(base.Dark)
		layer(edited.Dark)
	}
	return out
}

// css is the preview stylesheet for scheme. It sets every variable in
// :root, outside any media query, so the chosen scheme shows whatever the
// browser's own preference is, and sets color-scheme so form controls
// and scrollbars follow.
func (p *preview) css(scheme string) (string, error) {
	out, err := auth.PreviewThemeCSS(p.effective(scheme), nil)
	if err != nil {
		return "", err
	}
	cs := "light"
	if scheme == ScopeDark {
		cs = "dark"
	}
	return out + ":root { color-scheme: " + cs + "; }\n", nil
}

func previewScheme(r *http.Request) string {
	if r.URL.Query().Get("scheme") == ScopeDark {
		return ScopeDark
	}
	return ScopeLight
}

// servePreviewPage renders one real page, its static files below a prefix that
// carries the token (the page's own links cannot add a query) and the
// preview stylesheet with the token and scheme in its query.
func (s *Server) servePreviewPage(w http.ResponseWriter, r *http.Request, page string) {
	known := false
	for _, p := range auth.PreviewPages() {
		known = known || p == page
	}
	if !known {
		writeJSON(w, http.StatusNotFound, map[string]string{"detail": "Not Found"})
		return
	}
	cfg := auth.DefaultConfig()
	cfg.StaticPrefix = previewStaticDir + s.Token()
	cssURL := previewCSSPath + "?token=" + s.Token() + "&scheme=" + previewScheme(r)
	var b bytes.Buffer
	if err := auth.PreviewPage(&b, page, cfg, cssURL); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Security-Policy", previewPageCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = b.WriteTo(w)
}

func (s *Server) servePreviewCSS(w http.ResponseWriter, r *http.Request) {
	out, err := s.preview.css(previewScheme(r))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = w.Write([]byte(out))
}

// servePreviewValues takes the page's current (unsaved) values for the
// preview stylesheet.
func (s *Server) servePreviewValues(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	light, dark, ok := decodeScopes(body)
	if !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"detail": "Body must be {light: {...}, dark: {...}}."})
		return
	}
	s.preview.set(Values{Light: stringsOnly(light), Dark: stringsOnly(dark)})
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func stringsOnly(m map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}
