//regstack:omit

package auth

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Blueprint-only: the theme designer (regstack-gen theme) and the test of
// the bundled theme.css read this list; a generated package, whose host
// may edit theme.css freely, does not need it.

// ThemeVar is one CSS custom property of the bundled theme.css (the
// reference's §16.3 table). This list is the one source of the names and
// defaults: the bundled theme.css is checked against it and the theme
// designer (regstack-gen theme) offers and validates exactly these.
type ThemeVar struct {
	// Name is the custom property, e.g. "--rs-accent".
	Name string
	// Kind is ThemeColor, ThemeFont, ThemeRadius or ThemeShadow; it
	// decides which values the designer accepts.
	Kind string
	// Light is the value in :root.
	Light string
	// Dark is the value inside @media (prefers-color-scheme: dark); ""
	// means the dark scheme inherits Light.
	Dark string
}

// Kinds of ThemeVar.
const (
	ThemeColor  = "color"
	ThemeFont   = "font"
	ThemeRadius = "radius"
	// ThemeShadow is bundled but not managed by the designer, as in the
	// reference.
	ThemeShadow = "shadow"
)

// themeFontStack is the default of both font variables.
const themeFontStack = `-apple-system, BlinkMacSystemFont, "Segoe UI", "Inter", sans-serif`

// ThemeVars returns every theme variable in canonical order (the order of
// theme.css and of the designer's output).
func ThemeVars() []ThemeVar {
	return []ThemeVar{
		{"--rs-bg", ThemeColor, "#ffffff", "#0b1220"},
		{"--rs-bg-hover", ThemeColor, "#f3f4f6", "#14213a"},
		{"--rs-surface", ThemeColor, "#ffffff", "#111a30"},
		{"--rs-fg", ThemeColor, "#111827", "#e5e7eb"},
		{"--rs-fg-muted", ThemeColor, "#4b5563", "#9ca3af"},
		{"--rs-border", ThemeColor, "#e5e7eb", "#1f2a44"},
		{"--rs-accent", ThemeColor, "#2563eb", "#60a5fa"},
		{"--rs-accent-fg", ThemeColor, "#ffffff", "#0b1220"},
		{"--rs-accent-bg", ThemeColor, "rgba(37, 99, 235, 0.08)", "rgba(96, 165, 250, 0.12)"},
		{"--rs-danger", ThemeColor, "#b91c1c", "#f87171"},
		{"--rs-danger-fg", ThemeColor, "#ffffff", "#0b1220"},
		{"--rs-danger-bg", ThemeColor, "rgba(185, 28, 28, 0.08)", "rgba(248, 113, 113, 0.12)"},
		{"--rs-radius", ThemeRadius, "6px", ""},
		{"--rs-shadow", ThemeShadow, "0 1px 2px rgba(0, 0, 0, 0.04), 0 4px 10px rgba(0, 0, 0, 0.04)", "0 1px 2px rgba(0, 0, 0, 0.4), 0 4px 14px rgba(0, 0, 0, 0.3)"},
		{"--rs-font-display", ThemeFont, themeFontStack, ""},
		{"--rs-font-body", ThemeFont, themeFontStack, ""},
	}
}

// ThemeCSSProblems checks a theme.css against ThemeVars: every variable
// must be declared in the light :root block with its light value and, when
// it has a dark value, inside the prefers-color-scheme: dark block with
// that value; no other --rs-* variable may be declared. It returns one
// line per problem (none when the file agrees). The bundled theme.css's
// test calls it, so the file and this list cannot drift apart.
func ThemeCSSProblems(css string) []string {
	light, dark := css, ""
	if i := strings.Index(css, "@media (prefers-color-scheme: dark)"); i >= 0 {
		light, dark = css[:i], css[i:]
	}
	lightDecls, darkDecls := themeDeclarations(light), themeDeclarations(dark)
	var problems []string
	known := map[string]bool{}
	for _, v := range ThemeVars() {
		known[v.Name] = true
		if got, ok := lightDecls[v.Name]; !ok {
			problems = append(problems, fmt.Sprintf("%s: missing from the light :root", v.Name))
		} else if got != v.Light {
			problems = append(problems, fmt.Sprintf("%s: light value %q, want %q", v.Name, got, v.Light))
		}
		got, ok := darkDecls[v.Name]
		switch {
		case v.Dark == "" && ok:
			problems = append(problems, fmt.Sprintf("%s: set in the dark block, but the dark scheme inherits it", v.Name))
		case v.Dark != "" && !ok:
			problems = append(problems, fmt.Sprintf("%s: missing from the dark block", v.Name))
		case v.Dark != "" && got != v.Dark:
			problems = append(problems, fmt.Sprintf("%s: dark value %q, want %q", v.Name, got, v.Dark))
		}
	}
	for _, decls := range []map[string]string{lightDecls, darkDecls} {
		for name := range decls {
			if !known[name] {
				problems = append(problems, fmt.Sprintf("%s: not a theme variable (add it to ThemeVars)", name))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// themeDecl is one "--rs-name: value;" declaration.
var themeDecl = regexp.MustCompile(`(--rs-[a-z0-9-]+)\s*:\s*([^;]+);`)

func themeDeclarations(css string) map[string]string {
	out := map[string]string{}
	for _, m := range themeDecl.FindAllStringSubmatch(css, -1) {
		out[m[1]] = strings.Join(strings.Fields(m[2]), " ")
	}
	return out
}
