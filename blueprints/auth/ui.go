//regstack:feature ui

package auth

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strings"
)

// bundledPageTemplates holds the account pages: base.html, the layout
// every page extends, and auth/<page>.html, which define its blocks. A host
// template directory (WithTemplateDir or template_dir) holding a file of
// the same name wins, as upstream's ChoiceLoader does, and a host
// auth/overrides.html, parsed last into every page, redefines single
// blocks (title, extra_head, brand, content, footer) without copying a
// whole page.
//
//go:embed templates/pages/*.html templates/pages/auth/*.html
var bundledPageTemplates embed.FS

// bundledPageDir is where the pages sit inside bundledPageTemplates; a host
// directory holds the same names at its root.
const bundledPageDir = "templates/pages"

// hostOverridesTemplate is the optional host file parsed last into every
// page.
const hostOverridesTemplate = "auth/overrides.html"

// uiPage is one page of the account UI: its path below ui_prefix, the
// name it goes by in data-rs-page, and its template file.
type uiPage struct {
	path, name, file string
}

// uiPages lists every page. All are always served: the pages of features
// that are off still render, with their sections toggled off by the same
// flags, as upstream's are.
func uiPages() []uiPage {
	return []uiPage{
		{"/login", "login", "auth/login.html"},
		{"/register", "register", "auth/register.html"},
		{"/forgot", "forgot", "auth/forgot.html"},
		{"/reset", "reset", "auth/reset.html"},
		{"/verify", "verify", "auth/verify.html"},
		{"/confirm-email-change", "confirm-email-change", "auth/email_change_confirm.html"},
		{"/me", "me", "auth/me.html"},
		{"/mfa-confirm", "mfa-confirm", "auth/mfa_confirm.html"},
		{"/oauth-complete", "oauth-complete", "auth/oauth_complete.html"},
	}
}

// OAuthProviderLink is one sign-in provider offered on the login page.
type OAuthProviderLink struct {
	Name  string // "google"
	Label string // "Google"
}

// PageContext is the data every page template is executed with: the
// template context of upstream's pages (page, app_name, brand_logo_url, …)
// under Go names, plus the transport and the static files' fingerprints.
type PageContext struct {
	Page                  string
	AppName               string
	BrandLogoURL          string
	BrandTagline          string
	APIPrefix             string // without a trailing slash
	UIPrefix              string // without a trailing slash
	StaticPrefix          string // without a trailing slash
	ThemeCSSURL           string
	AllowRegistration     bool
	EnablePasswordReset   bool
	EnableAccountDeletion bool
	EnableSMS2FA          bool
	EnableOAuth           bool
	OAuthProviders        []OAuthProviderLink
	// Transport is the session transport ("bearer"); the pages' script
	// reads it from data-rs-transport.
	Transport string
	// Assets are the fingerprints appended to the static URLs (?v=…), so a
	// browser may keep each file for a year and still sees a new version.
	Assets AssetVersions
}

// AssetVersions are the fingerprints of the bundled static files.
type AssetVersions struct {
	CoreCSS, ThemeCSS, JS string
}

// pageSet holds every page parsed once at New, so a broken host template
// stops start-up rather than a request.
type pageSet struct {
	pages map[string]*template.Template // by uiPage.name
}

// newPageSet parses every page from host (may be nil) over the bundled
// templates and renders each once with sample, so a host template that
// names a field that does not exist fails here, with its file name.
func newPageSet(host fs.FS, sample PageContext) (*pageSet, error) {
	base, origin, err := readPageTemplate(host, "base.html")
	if err != nil {
		return nil, err
	}
	overrides, err := readHostOnly(host, hostOverridesTemplate)
	if err != nil {
		return nil, err
	}
	ps := &pageSet{pages: make(map[string]*template.Template)}
	for _, p := range uiPages() {
		t, err := template.New("base.html").Parse(base)
		if err != nil {
			return nil, fmt.Errorf("%s page template base.html: %w", origin, err)
		}
		src, porigin, err := readPageTemplate(host, p.file)
		if err != nil {
			return nil, err
		}
		if _, err := t.New(p.file).Parse(src); err != nil {
			return nil, fmt.Errorf("%s page template %s: %w", porigin, p.file, err)
		}
		if overrides != "" {
			if _, err := t.New(hostOverridesTemplate).Parse(overrides); err != nil {
				return nil, fmt.Errorf("host page template %s: %w", hostOverridesTemplate, err)
			}
		}
		s := sample
		s.Page = p.name
		if err := t.ExecuteTemplate(io.Discard, "base.html", s); err != nil {
			return nil, fmt.Errorf("page template %s: %w", p.file, err)
		}
		ps.pages[p.name] = t
	}
	return ps, nil
}

// render writes page name with ctx. It renders into a buffer first so a
// failing template answers 500 instead of half a page.
func (ps *pageSet) render(w io.Writer, name string, ctx PageContext) error {
	t, ok := ps.pages[name]
	if !ok {
		return fmt.Errorf("render page %q: %w", name, fs.ErrNotExist)
	}
	ctx.Page = name
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "base.html", ctx); err != nil {
		return fmt.Errorf("render page %q: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// readPageTemplate returns the source of a page template and where it came
// from ("host" or "bundled").
func readPageTemplate(host fs.FS, name string) (src, origin string, err error) {
	if s, err := readHostOnly(host, name); err != nil || s != "" {
		return s, "host", err
	}
	b, err := bundledPageTemplates.ReadFile(bundledPageDir + "/" + name)
	if err != nil {
		return "", "", fmt.Errorf("bundled page template %s: %w", name, err)
	}
	return string(b), "bundled", nil
}

// readHostOnly returns the host's file name, or "" when host is nil or has
// no such file.
func readHostOnly(host fs.FS, name string) (string, error) {
	if host == nil {
		return "", nil
	}
	b, err := fs.ReadFile(host, name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("host page template %s: %w", name, err)
	}
	return string(b), nil
}

// pageContext is the template context of this instance's configuration.
func (rs *RegStack) pageContext() PageContext {
	c := rs.cfg
	pc := PageContext{
		AppName:               c.AppName,
		BrandLogoURL:          c.BrandLogoURL,
		BrandTagline:          c.BrandTagline,
		APIPrefix:             strings.TrimRight(c.APIPrefix, "/"),
		UIPrefix:              strings.TrimRight(c.UIPrefix, "/"),
		StaticPrefix:          strings.TrimRight(c.StaticPrefix, "/"),
		ThemeCSSURL:           c.ThemeCSSURL,
		AllowRegistration:     c.AllowRegistration,
		EnablePasswordReset:   c.EnablePasswordReset,
		EnableAccountDeletion: c.EnableAccountDeletion,
		EnableSMS2FA:          c.EnableSMS2FA,
		EnableOAuth:           c.EnableOAuth,
		Transport:             c.Transport,
		Assets:                rs.static.versions(),
	}
	//regstack:if oauth

	if c.EnableOAuth {
		for _, name := range rs.oauth.names() {
			p, _ := rs.oauth.lookup(name)
			pc.OAuthProviders = append(pc.OAuthProviders, OAuthProviderLink{Name: name, Label: p.DisplayName()})
		}
	}

	//regstack:end
	return pc
}

// mountUI registers the pages under ui_prefix and the static files under
// static_prefix. Each page answers GET (and HEAD, which ServeMux implies);
// other methods get 405 from the mux.
func (rs *RegStack) mountUI(mux *http.ServeMux) {
	ui := strings.TrimRight(rs.cfg.UIPrefix, "/")
	for _, p := range uiPages() {
		mux.Handle("GET "+ui+p.path, rs.pageHandler(p.name))
	}
	static := strings.TrimRight(rs.cfg.StaticPrefix, "/")
	mux.Handle("GET "+static+"/", http.StripPrefix(static, rs.static))
}

// pageHandler serves one page with the security headers of every page.
func (rs *RegStack) pageHandler(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setPageSecurityHeaders(w.Header(), rs.cfg)
		var buf bytes.Buffer
		if err := rs.pages.render(&buf, name, rs.pageContext()); err != nil {
			rs.logger.ErrorContext(r.Context(), "auth: render page", "page", name, "error", err)
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		// Pages are the same for every visitor but change with a deploy;
		// revalidate rather than keep a stale copy.
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = buf.WriteTo(w)
	})
}

// initUI parses the pages and reads the static files when the UI is on.
func (rs *RegStack) initUI(host fs.FS) error {
	if !rs.cfg.EnableUIRouter {
		return nil
	}
	static, err := newStaticFiles(rs.clock.Now())
	if err != nil {
		return fmt.Errorf("static files: %w", err)
	}
	rs.static = static
	pages, err := newPageSet(host, rs.pageContext())
	if err != nil {
		return err
	}
	rs.pages = pages
	return nil
}
