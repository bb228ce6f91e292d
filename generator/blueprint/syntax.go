package blueprint

import (
	"path"
	"strings"
)

// syntax is how a file type writes a regstack marker: a whole line of the
// form prefix + directive + suffix, in the file's own comment syntax so the
// blueprint stays valid for its own tools.
type syntax struct {
	prefix, suffix string
}

// syntaxFor returns the marker syntax for a file name, or false for file
// types that cannot carry markers.
func syntaxFor(name string) (syntax, bool) {
	base := path.Base(name)
	switch {
	case strings.HasSuffix(base, ".go"):
		return syntax{"//regstack:", ""}, true
	case strings.HasSuffix(base, ".sql"):
		return syntax{"-- regstack:", ""}, true
	case strings.HasSuffix(base, ".html"), strings.HasSuffix(base, ".tmpl"), strings.HasSuffix(base, ".txt"):
		return syntax{"{{/* regstack:", " */}}"}, true
	case strings.HasSuffix(base, ".css"):
		return syntax{"/* regstack:", " */"}, true
	case strings.HasSuffix(base, ".js"):
		return syntax{"// regstack:", ""}, true
	case strings.HasSuffix(base, ".py"), strings.HasSuffix(base, ".sh"):
		return syntax{"# regstack:", ""}, true
	}
	return syntax{}, false
}

// marker returns the directive on line ("if oauth", "end", …) when the line
// is a marker.
func (s syntax) marker(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if !strings.HasPrefix(t, s.prefix) || !strings.HasSuffix(t, s.suffix) || len(t) < len(s.prefix)+len(s.suffix) {
		return "", false
	}
	return strings.TrimSpace(t[len(s.prefix) : len(t)-len(s.suffix)]), true
}
