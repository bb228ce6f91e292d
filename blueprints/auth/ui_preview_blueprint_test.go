//regstack:omit

package auth

import (
	"bytes"
	"strings"
	"testing"
)

// TestPreviewPage: the designer's hook renders each page with its
// stylesheet linked last.
func TestPreviewPage(t *testing.T) {
	for _, p := range PreviewPages() {
		var buf bytes.Buffer
		if err := PreviewPage(&buf, p, nil, "/designer/theme.css"); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.Contains(out, `data-rs-page="`+p+`"`) || !strings.Contains(out, `<link rel="stylesheet" href="/designer/theme.css">`) {
			t.Errorf("%s: %s", p, out)
		}
	}
}

// TestBundledThemeCSSAgrees: the bundled theme.css declares exactly the
// variables of ThemeVars, with their light and dark values, so the pages
// and the theme designer cannot drift apart.
func TestBundledThemeCSSAgrees(t *testing.T) {
	css, err := bundledStatic.ReadFile("static/css/theme.css")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ThemeCSSProblems(string(css)) {
		t.Error(p)
	}
}

// TestPreviewThemeCSS: known variables in theme.css's order, unknown
// names dropped, the dark block only when it sets something.
func TestPreviewThemeCSS(t *testing.T) {
	got, err := PreviewThemeCSS(map[string]string{"--rs-accent": "#0f766e", "--rs-bg": "#fafafa", "--rs-nope": "red"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := ":root {\n  --rs-bg: #fafafa;\n  --rs-accent: #0f766e;\n}\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	got, _ = PreviewThemeCSS(nil, map[string]string{"--rs-accent": "#5eead4"})
	if want := ":root {\n}\n@media (prefers-color-scheme: dark) {\n  :root {\n    --rs-accent: #5eead4;\n  }\n}\n"; got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
