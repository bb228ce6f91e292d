// Package feature is the vocabulary of generation features: the names that
// blueprint directives test and that a regstack.toml selects.
package feature

import (
	"fmt"
	"slices"
	"strings"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

// Feature describes one name a blueprint directive may test.
type Feature struct {
	// Name is what directives write, e.g. "admin" or "backend=sqlite".
	Name string
	// Key is the regstack.toml setting that selects the feature.
	Key string
	// Doc says what selecting the feature generates.
	Doc string
}

// valued returns the features a valued key selects that some blueprint
// implements. A value whose code does not exist yet (SMS backends, OAuth
// providers) has no feature: plan refuses it by name.
func valued() []Feature {
	return []Feature{
		{"backend=sqlite", "backend = \"sqlite\"", "the SQLite store (modernc.org/sqlite)"},
		{"backend=postgres", "backend = \"postgres\"", "the PostgreSQL store (pgx/v5)"},
		{"backend=mongo", "backend = \"mongo\"", "the MongoDB store (mongo-driver/v2)"},
		{"email=console", "[email] backend = \"console\"", "the console email backend (logs every message)"},
		{"email=smtp", "[email] backend = \"smtp\"", "the SMTP email backend (github.com/wneessen/go-mail)"},
		{"email=ses", "[email] backend = \"ses\"", "the Amazon SES email backend (aws-sdk-go-v2 sesv2)"},
		{"sms=null", "[sms] backend = \"null\"", "the null SMS backend (logs every message)"},
		{"sms=sns", "[sms] backend = \"sns\"", "the Amazon SNS SMS backend (aws-sdk-go-v2 sns)"},
		{"sms=twilio", "[sms] backend = \"twilio\"", "the Twilio SMS backend (github.com/twilio/twilio-go)"},
		{"oauth_google", "[oauth] google_client_id", "the Google sign-in provider (golang.org/x/oauth2, github.com/coreos/go-oidc/v3)"},
		{"oauth_oidc", "[oauth.providers.<name>] (kind \"oidc\")", "OpenID Connect providers by discovery (golang.org/x/oauth2, github.com/coreos/go-oidc/v3)"},
		{"oauth_github", "[oauth.providers.<name>] kind = \"github\"", "the GitHub sign-in provider (golang.org/x/oauth2)"},
		{"oauth_idtoken", "[oauth] google_client_id or an OIDC provider", "ID-token verification shared by Google and OpenID Connect (github.com/coreos/go-oidc/v3)"},
	}
}

// All returns every known feature in a fixed order: the implemented valued
// ones, then one per boolean generation key, as the configuration declares
// them. A declared key may select code that does not exist yet (the UI
// router, SMS, OAuth): plan refuses it, because no blueprint file is
// selected by it (blueprint.Index.Mentioned).
func All() []Feature {
	out := valued()
	// Straight from the key declarations: config.FlagKeys wraps the same
	// list, but config imports generator/blueprint, which imports this
	// package.
	for _, k := range auth.Keys() {
		if k.Feature != "" {
			out = append(out, Feature{Name: k.Feature, Key: k.Name, Doc: k.Doc})
		}
	}
	return out
}

// Lookup returns the feature called name.
func Lookup(name string) (Feature, bool) {
	for _, f := range All() {
		if f.Name == name {
			return f, true
		}
	}
	return Feature{}, false
}

// Known reports whether name is a feature of All.
func Known(name string) bool {
	_, ok := Lookup(name)
	return ok
}

// Set is an immutable set of selected feature names.
type Set struct {
	names []string // sorted, unique
}

// NewSet returns the set of the given names; it fails on an unknown name.
func NewSet(names ...string) (Set, error) {
	out := make([]string, 0, len(names))
	for _, n := range names {
		if !Known(n) {
			return Set{}, fmt.Errorf("unknown feature %q", n)
		}
		out = append(out, n)
	}
	slices.Sort(out)
	return Set{names: slices.Compact(out)}, nil
}

// Has reports whether name is selected.
func (s Set) Has(name string) bool {
	_, ok := slices.BinarySearch(s.names, name)
	return ok
}

// Names returns the selected names, sorted.
func (s Set) Names() []string { return slices.Clone(s.names) }

// String lists the names, comma-separated.
func (s Set) String() string { return strings.Join(s.names, ",") }

// Condition is a conjunction of terms a directive states, such as
// "admin !password_reset". The empty condition always holds.
type Condition struct {
	terms []term
}

type term struct {
	name   string
	negate bool
}

// ParseCondition parses space-separated terms; "!" negates a term. Every
// name must be a known feature, so a typo in a blueprint fails loudly.
func ParseCondition(s string) (Condition, error) {
	var c Condition
	for _, f := range strings.Fields(s) {
		t := term{name: f}
		if strings.HasPrefix(f, "!") {
			t = term{name: f[1:], negate: true}
		}
		if !Known(t.name) {
			return Condition{}, fmt.Errorf("unknown feature %q", t.name)
		}
		c.terms = append(c.terms, t)
	}
	return c, nil
}

// Holds reports whether every term is satisfied by s.
func (c Condition) Holds(s Set) bool {
	for _, t := range c.terms {
		if s.Has(t.name) == t.negate {
			return false
		}
	}
	return true
}

// Names returns the feature names the condition tests, negated or not.
func (c Condition) Names() []string {
	out := make([]string, len(c.terms))
	for i, t := range c.terms {
		out[i] = t.name
	}
	return out
}

// Positive returns the names the condition requires to be selected.
func (c Condition) Positive() []string {
	var out []string
	for _, t := range c.terms {
		if !t.negate {
			out = append(out, t.name)
		}
	}
	return out
}

// String renders the condition as it was written (normalised spacing).
func (c Condition) String() string {
	parts := make([]string, len(c.terms))
	for i, t := range c.terms {
		if t.negate {
			parts[i] = "!" + t.name
		} else {
			parts[i] = t.name
		}
	}
	return strings.Join(parts, " ")
}
