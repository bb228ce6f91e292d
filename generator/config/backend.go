package config

import (
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

// resolveBackend works out the backend: the backend key when it was set,
// checked against database_url when that was set too, else the scheme of
// database_url. A backend key set next to the default database_url is
// allowed, because the real URL usually lives in the secrets file.
func (c *Config) resolveBackend() (string, Errors) {
	var errs Errors
	fromURL := ""
	scheme, ok := urlScheme(c.DatabaseURL)
	switch {
	case c.DatabaseURL == "":
		errs = append(errs, c.problem("database_url", "database_url is empty", schemeHint()))
	case !ok:
		errs = append(errs, c.problem("database_url", "database_url has no scheme", schemeHint()))
	default:
		b, known := backendForScheme(scheme)
		if !known {
			errs = append(errs, c.problem("database_url", "unrecognised database_url scheme "+quote(scheme), schemeHint()))
		}
		fromURL = b
	}
	if !c.isSet("backend") {
		return fromURL, errs
	}
	if !contains(backends(), c.Backend) {
		errs = append(errs, c.problem("backend", "backend must be one of "+list(backends())+", got "+quote(c.Backend), ""))
		return fromURL, errs
	}
	if fromURL != "" && fromURL != c.Backend && c.isSet("database_url") {
		errs = append(errs, c.problem("backend",
			"backend "+quote(c.Backend)+" disagrees with database_url, whose scheme "+quote(scheme)+" selects "+quote(fromURL),
			"remove backend, or point database_url at a "+c.Backend+" database"))
	}
	return c.Backend, errs
}
