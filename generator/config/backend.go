package config

import (
	"fmt"
	"strings"
)

// Backends are the values of the backend key, in documentation order.
func backends() []string { return []string{"sqlite", "postgres", "mongo"} }

// urlSchemes maps each accepted database_url scheme to its backend. The
// SQLAlchemy driver spellings of the Python library (sqlite+aiosqlite,
// postgresql+asyncpg) are accepted as aliases, so an existing regstack
// configuration works unchanged.
func urlSchemes() []struct{ scheme, backend string } {
	return []struct{ scheme, backend string }{
		{"sqlite", "sqlite"},
		{"sqlite+aiosqlite", "sqlite"},
		{"postgresql", "postgres"},
		{"postgresql+asyncpg", "postgres"},
		{"postgres", "postgres"},
		{"mongodb", "mongo"},
		{"mongodb+srv", "mongo"},
	}
}

// schemeHint lists the accepted schemes for an error hint.
func schemeHint() string {
	var names []string
	for _, s := range urlSchemes() {
		names = append(names, s.scheme+"://")
	}
	return "accepted schemes: " + strings.Join(names, ", ")
}

// urlScheme returns the lower-cased scheme of a database URL, and whether
// it has one. The URL itself is a secret and never goes into a message.
func urlScheme(u string) (string, bool) {
	scheme, _, ok := strings.Cut(u, "://")
	return strings.ToLower(scheme), ok
}

// backendForScheme returns the backend a scheme selects.
func backendForScheme(scheme string) (string, bool) {
	for _, s := range urlSchemes() {
		if s.scheme == scheme {
			return s.backend, true
		}
	}
	return "", false
}

// BackendOfURL returns the backend a database URL's scheme selects, or an
// error that names the scheme (never the URL, which may hold a password).
// init uses it to check --database-url against --backend.
func BackendOfURL(u string) (string, error) {
	scheme, ok := urlScheme(u)
	if !ok {
		return "", fmt.Errorf("database URL has no scheme (%s)", schemeHint())
	}
	b, known := backendForScheme(scheme)
	if !known {
		return "", fmt.Errorf("unrecognised database URL scheme %q (%s)", scheme, schemeHint())
	}
	return b, nil
}

// checkBackend checks the backend key, which regstack.toml must set: it
// decides which store is generated, and the generator reads nothing but
// this file (DESIGN §3). database_url is a run-time key whose real value
// usually lives in the secrets file or the environment, which the
// generator never reads; so it is checked only when this file sets it,
// and then it must name the same backend. The default database_url is not
// consulted: deriving the backend from it would silently switch a host
// whose URL moved to the secrets file to SQLite.
func (c *Config) checkBackend() Errors {
	var errs Errors
	fromURL, scheme := "", ""
	if c.isSet("database_url") {
		s, ok := urlScheme(c.DatabaseURL)
		b, known := backendForScheme(s)
		switch {
		case c.DatabaseURL == "":
			errs = append(errs, c.problem("database_url", "database_url is empty", schemeHint()))
		case !ok:
			errs = append(errs, c.problem("database_url", "database_url has no scheme", schemeHint()))
		case !known:
			errs = append(errs, c.problem("database_url", "unrecognised database_url scheme "+quote(s), schemeHint()))
		default:
			fromURL, scheme = b, s
		}
	}
	switch {
	case !c.isSet("backend"):
		// A missing key has no line; report it where database_url is,
		// when the file has one, since that is where older versions took
		// the backend from.
		hint := `add backend = "sqlite", "postgres" or "mongo" to regstack.toml; regstack-gen reads the backend from this key only`
		if fromURL != "" {
			hint = "add backend = " + quote(fromURL) + " (what database_url selects) to regstack.toml; regstack-gen no longer derives the backend from database_url"
		}
		errs = append(errs, c.problemAt("database_url", "backend", "backend is not set", hint))
	case !contains(backends(), c.Backend):
		errs = append(errs, c.problem("backend", "backend must be one of "+list(backends())+", got "+quote(c.Backend), ""))
	case fromURL != "" && fromURL != c.Backend:
		errs = append(errs, c.problem("database_url",
			fmt.Sprintf("database_url's scheme %q selects backend %q, but backend is %q (line %d)", scheme, fromURL, c.Backend, c.src["backend"].line),
			"point database_url at a "+c.Backend+" database, or change backend and run regstack-gen generate"))
	}
	return errs
}
