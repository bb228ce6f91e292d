//regstack:omit

package auth

// This file exists only in the blueprint: it lets regstack-gen's theme
// designer render the real pages and serve the real static files for its
// live preview, with the edited variables in a stylesheet of its own
// (served by the designer and passed as themeCSSURL, exactly as a host's
// theme_css_url is linked: after theme.css, so its variables win). A
// generated package does not get it.

import (
	"io"
	"net/http"
	"strings"
	"time"
)

// PreviewPages lists the names of the pages PreviewPage renders, in the
// order of the UI ("login", "register", …, "oauth-complete").
func PreviewPages() []string {
	var out []string
	for _, p := range uiPages() {
		out = append(out, p.name)
	}
	return out
}

// PreviewPage writes page (a name of PreviewPages) as a host with cfg
// serves it, linking themeCSSURL last. cfg may be nil for the defaults;
// the static files are linked under cfg's static_prefix, where the
// designer serves PreviewStatic.
func PreviewPage(w io.Writer, page string, cfg *Config, themeCSSURL string) error {
	if cfg == nil {
		cfg = DefaultConfig()
	}
	static, err := newStaticFiles(time.Now())
	if err != nil {
		return err
	}
	c := *cfg
	c.ThemeCSSURL = themeCSSURL
	rs := &RegStack{cfg: &c, static: static}
	ctx := rs.pageContext()
	ps, err := newPageSet(nil, ctx)
	if err != nil {
		return err
	}
	return ps.render(w, page, ctx)
}

// PreviewStatic serves the bundled static files below cfg's
// static_prefix (mount it with http.StripPrefix).
func PreviewStatic() (http.Handler, error) {
	return newStaticFiles(time.Now())
}

// PreviewThemeCSS is a stylesheet setting the given variables (name →
// value; light in :root, dark in the prefers-color-scheme: dark block), in
// the order of ThemeVars, for the designer to serve at the
// themeCSSURL it passes to PreviewPage. Names that are not theme
// variables are left out, so a preview never shows what a host could not
// set. It is a preview aid, not the designer's saved file.
func PreviewThemeCSS(light, dark map[string]string) (string, error) {
	vars := ThemeVars()
	block := func(values map[string]string, indent string) string {
		var b strings.Builder
		for _, v := range vars {
			if val, ok := values[v.Name]; ok {
				b.WriteString(indent + v.Name + ": " + val + ";\n")
			}
		}
		return b.String()
	}
	out := ":root {\n" + block(light, "  ") + "}\n"
	if d := block(dark, "    "); d != "" {
		out += "@media (prefers-color-scheme: dark) {\n  :root {\n" + d + "  }\n}\n"
	}
	return out, nil
}
