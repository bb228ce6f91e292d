//regstack:omit

package auth

import (
	"strings"
	"testing"
)

// themeCSSFrom writes a theme.css the way the bundled one must look.
func themeCSSFrom(vars []ThemeVar) string {
	var b strings.Builder
	b.WriteString(":root {\n")
	for _, v := range vars {
		b.WriteString("  " + v.Name + ": " + v.Light + ";\n")
	}
	b.WriteString("}\n\n@media (prefers-color-scheme: dark) {\n  :root {\n")
	for _, v := range vars {
		if v.Dark != "" {
			b.WriteString("    " + v.Name + ": " + v.Dark + ";\n")
		}
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

func TestThemeCSSProblems(t *testing.T) {
	good := themeCSSFrom(ThemeVars())
	if p := ThemeCSSProblems(good); len(p) != 0 {
		t.Fatalf("a faithful theme.css has problems: %v", p)
	}
	bad := strings.Replace(good, "--rs-accent: #2563eb;", "--rs-accent: #2563ec;", 1)
	bad = strings.Replace(bad, "    --rs-bg: #0b1220;\n", "", 1)
	bad = strings.Replace(bad, "}\n\n@media", "  --rs-extra: 1px;\n}\n\n@media", 1)
	want := []string{
		`--rs-accent: light value "#2563ec", want "#2563eb"`,
		"--rs-bg: missing from the dark block",
		"--rs-extra: not a theme variable (add it to ThemeVars)",
	}
	got := ThemeCSSProblems(bad)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
