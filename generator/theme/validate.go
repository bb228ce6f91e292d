package theme

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

// FieldError is one invalid value: the variable, what is wrong, and the
// scope it was given in.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Scope   string `json:"scope"`
}

var (
	hexColour = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$`)
	// The reference checks the shape of rgb()/rgba(), not the channel
	// ranges; so does this.
	rgbColour  = regexp.MustCompile(`^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$`)
	rgbaColour = regexp.MustCompile(`^rgba\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*(\d+(\.\d+)?|\.\d+)\s*\)$`)
	radius     = regexp.MustCompile(`^\d+(\.\d+)?(px|rem|em)?$`)
	unitless   = regexp.MustCompile(`^\d+(\.\d+)?$`)
)

// maxFont is the longest font value accepted.
const maxFont = 200

// Validate checks one scope's raw values (as decoded from JSON: strings,
// or anything else for a wrong type) and returns the values to keep (empty
// strings and nulls are unset, so dropped) and every error, sorted by
// variable name so the report is stable.
func Validate(scope string, raw map[string]any) (map[string]string, []FieldError) {
	kept := map[string]string{}
	var errs []FieldError
	for name, val := range raw {
		kind := kindOf(name)
		if kind == "" {
			errs = append(errs, FieldError{Field: name, Scope: scope,
				Message: fmt.Sprintf("Unknown variable in %s scope: '%s'.", scope, name)})
			continue
		}
		if val == nil {
			continue
		}
		s, ok := val.(string)
		if !ok {
			errs = append(errs, FieldError{Field: name, Scope: scope, Message: name + " must be a string."})
			continue
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if msg := checkValue(kind, name, s); msg != "" {
			errs = append(errs, FieldError{Field: name, Scope: scope, Message: msg})
			continue
		}
		kept[name] = s
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return kept, errs
}

// ValidateStrings is Validate for values that are strings already (the
// command line).
func ValidateStrings(scope string, vals map[string]string) (map[string]string, []FieldError) {
	raw := make(map[string]any, len(vals))
	for k, v := range vals {
		raw[k] = v
	}
	return Validate(scope, raw)
}

// checkValue returns why s is not a value of kind, or "".
func checkValue(kind, name, s string) string {
	switch kind {
	case auth.ThemeColor:
		if hexColour.MatchString(s) || rgbColour.MatchString(s) || rgbaColour.MatchString(s) {
			return ""
		}
		return name + " must be a colour: #rgb, #rrggbb, #rrggbbaa, rgb(r, g, b) or rgba(r, g, b, a)."
	case auth.ThemeFont:
		if n := utf8.RuneCountInString(s); n > maxFont {
			return fmt.Sprintf("%s must be at most %d characters (got %d).", name, maxFont, n)
		}
		// Beyond the reference: these would end the declaration or the
		// rule and let a value inject CSS into every page.
		if strings.ContainsAny(s, ";{}<>\\\n\r") {
			return name + " must not contain ; { } < > or a backslash."
		}
		return ""
	case auth.ThemeRadius:
		if radius.MatchString(s) {
			return ""
		}
		return name + " must be a length such as 6, 6px, 0.5rem or 1em."
	}
	return name + " cannot be set."
}
