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

// TestThemeVariablesTable: the 16 variables of the reference, with dark
// values for all but the three that inherit.
func TestThemeVariablesTable(t *testing.T) {
	vars, err := ThemeVariables()
	if err != nil {
		t.Fatal(err)
	}
	if len(vars) != 16 || vars[0].Name != "--rs-bg" || vars[0].Light != "#ffffff" || vars[0].Dark != "#0b1220" {
		t.Fatalf("%+v", vars)
	}
	for _, v := range vars {
		if (v.Dark == "") != (v.Name == "--rs-radius" || v.Name == "--rs-font-display" || v.Name == "--rs-font-body") {
			t.Errorf("%+v", v)
		}
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
