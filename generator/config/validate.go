package config

import (
	"slices"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// validate checks every rule of docs/configuration.md, returning all
// problems.
func (c *Config) validate() Errors {
	errs := c.checkBackend()
	errs = append(errs, c.checkRules()...)
	errs = append(errs, c.checkGenerate()...)
	errs = append(errs, c.checkTables()...)
	return errs
}

// problem returns an Error about key, placed where key was set.
func (c *Config) problem(key, msg, hint string) *Error {
	return c.problemAt(key, key, msg, hint)
}

// problemAt returns an Error about key placed where anchor was set: a
// missing key is best reported at the setting that made it necessary.
func (c *Config) problemAt(anchor, key, msg, hint string) *Error {
	return &Error{File: c.file, Line: c.src[anchor].line, Key: key, Msg: msg, Hint: hint}
}

// isSet reports whether key was given in the file.
func (c *Config) isSet(key string) bool {
	_, ok := c.src[key]
	return ok
}

// checkRules checks the rules the generated package checks at run time,
// secrets aside, with the package's own code: the choices and ranges its
// key declarations state and the rules between keys.
func (c *Config) checkRules() Errors {
	var errs Errors
	for _, p := range auth.RuleProblems(&c.Config) {
		errs = append(errs, c.problemAt(p.At, p.Key, p.Msg, p.Hint))
	}
	return errs
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }

// list renders allowed values as `"a", "b", "c"`.
func list(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = quote(v)
	}
	return strings.Join(q, ", ")
}
