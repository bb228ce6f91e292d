package theme

import auth "github.com/regstack/regstack-gen/blueprints/auth"

// Scopes of a value: the light scheme (:root) and the dark one.
const (
	ScopeLight = "light"
	ScopeDark  = "dark"
)

// Schema lists the managed variable names by kind, in canonical order.
type Schema struct {
	ColorVars  []string `json:"color_vars"`
	FontVars   []string `json:"font_vars"`
	RadiusVars []string `json:"radius_vars"`
	AllVars    []string `json:"all_vars"`
}

// Values maps variable names to values, one map per scope.
type Values struct {
	Light map[string]string `json:"light"`
	Dark  map[string]string `json:"dark"`
}

// managed returns the variables the designer edits: every theme variable
// but the shadow, which the reference leaves to hand-written CSS.
func managed() []auth.ThemeVar {
	var out []auth.ThemeVar
	for _, v := range auth.ThemeVars() {
		if v.Kind != auth.ThemeShadow {
			out = append(out, v)
		}
	}
	return out
}

// kindOf returns the kind of a managed variable, or "" for any other name.
func kindOf(name string) string {
	for _, v := range managed() {
		if v.Name == name {
			return v.Kind
		}
	}
	return ""
}

// ManagedSchema is the list of managed variables by kind.
func ManagedSchema() Schema {
	s := Schema{ColorVars: []string{}, FontVars: []string{}, RadiusVars: []string{}, AllVars: []string{}}
	for _, v := range managed() {
		switch v.Kind {
		case auth.ThemeColor:
			s.ColorVars = append(s.ColorVars, v.Name)
		case auth.ThemeFont:
			s.FontVars = append(s.FontVars, v.Name)
		case auth.ThemeRadius:
			s.RadiusVars = append(s.RadiusVars, v.Name)
		}
		s.AllVars = append(s.AllVars, v.Name)
	}
	return s
}

// Defaults are the bundled values of the managed variables; the dark map
// holds only the variables whose dark value differs from the light one.
func Defaults() Values {
	d := Values{Light: map[string]string{}, Dark: map[string]string{}}
	for _, v := range managed() {
		d.Light[v.Name] = v.Light
		if v.Dark != "" {
			d.Dark[v.Name] = v.Dark
		}
	}
	return d
}

// PreviewDefaults are the bundled values of every variable, the shadow
// included, for the designer's preview.
func PreviewDefaults() Values {
	d := Values{Light: map[string]string{}, Dark: map[string]string{}}
	for _, v := range auth.ThemeVars() {
		d.Light[v.Name] = v.Light
		if v.Dark != "" {
			d.Dark[v.Name] = v.Dark
		}
	}
	return d
}
