package config

import (
	"strconv"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// suggest returns the candidate closest to name, or "" when none is close.
// The rule is the generated package's (auth.Suggest), so the generator and
// the package's run-time loader suggest the same key for the same typo.
func suggest(name string, candidates []string) string { return auth.Suggest(name, candidates) }

// didYouMean formats a suggestion as a hint.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "did you mean " + quote(s) + "?"
}

// quote renders s in double quotes, escaped as in Go (and, for the
// characters keys and values use, as in TOML).
func quote(s string) string { return strconv.Quote(s) }
