package auth

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// joinConfigErrors returns the problems as one error, one per line.
func joinConfigErrors(errs []*configError) error {
	all := make([]error, len(errs))
	for i, e := range errs {
		all[i] = e
	}
	return errors.Join(all...)
}

// Validate reports every problem with c, one per line: values out of
// range, unknown choices, settings that need others, and a missing
// jwt_secret. LoadConfig calls it; call it yourself on a Config built in
// code.
func (c *Config) Validate() error {
	return joinConfigErrors(c.problems())
}

// problems checks every rule; regstack-gen checks the same ones (except
// for secrets) before it generates code.
func (c *Config) problems() []*configError {
	var errs []*configError
	if _, err := c.resolveBackend(); err != nil {
		errs = append(errs, err)
	}
	if c.JWTSecret == "" {
		errs = append(errs, &configError{key: "jwt_secret", msg: "jwt_secret is empty",
			hint: "set REGSTACK_JWT_SECRET in " + secretsFile + " or in the environment; `regstack-gen init --secrets-only` writes " + secretsFile + " with a fresh secret"})
	}
	errs = append(errs, c.ruleProblems()...)
	errs = append(errs, c.secretProblems()...)
	return errs
}

// backendSchemes maps each accepted database_url scheme to its backend;
// the SQLAlchemy spellings of the Python library are aliases.
func backendSchemes() map[string]string {
	return map[string]string{
		"sqlite":             "sqlite",
		"sqlite+aiosqlite":   "sqlite",
		"postgresql":         "postgres",
		"postgresql+asyncpg": "postgres",
		"postgres":           "postgres",
		"mongodb":            "mongo",
		"mongodb+srv":        "mongo",
	}
}

const schemeHint = "accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://"

// resolveBackend returns the backend: Backend when it is set (LoadConfig
// sets it to the generated backend when regstack.toml leaves it out), else
// the one database_url's scheme selects (a Config built in code for the
// blueprint's union build). database_url must select that backend. The
// URL may hold a password, so only its scheme appears in messages.
func (c *Config) resolveBackend() (string, *configError) {
	scheme, _, ok := strings.Cut(c.DatabaseURL, "://")
	scheme = strings.ToLower(scheme)
	fromURL := backendSchemes()[scheme]
	switch {
	case c.Backend != "" && !slices.Contains([]string{"sqlite", "postgres", "mongo"}, c.Backend):
		return "", &configError{key: "backend", msg: fmt.Sprintf(`backend must be one of "sqlite", "postgres", "mongo", got %q`, c.Backend)}
	case c.DatabaseURL == "":
		return "", &configError{key: "database_url", msg: "database_url is empty", hint: schemeHint}
	case !ok:
		return "", &configError{key: "database_url", msg: "database_url has no scheme", hint: schemeHint}
	case fromURL == "":
		return "", &configError{key: "database_url", msg: fmt.Sprintf("unrecognised database_url scheme %q", scheme), hint: schemeHint}
	case c.Backend == "" || c.Backend == fromURL:
		return fromURL, nil
	}
	return "", &configError{key: "database_url",
		msg: fmt.Sprintf("database_url's scheme %q selects backend %q, but backend is %q", scheme, fromURL, c.Backend),
		hint: "point database_url at a " + c.Backend + " database (in regstack.toml, or REGSTACK_DATABASE_URL in " + secretsFile +
			" or the environment); the backend is a generation key of regstack.toml"}
}

// secretProblems checks the secrets that other settings need; regstack-gen
// never reads secrets, so only the package checks them.
func (c *Config) secretProblems() []*configError {
	if c.SMS.Backend == "twilio" && c.SMS.TwilioAuthToken == "" {
		return []*configError{{key: "sms.twilio_auth_token", at: "sms.backend", msg: `sms.twilio_auth_token is required when sms.backend is "twilio"`,
			hint: "set REGSTACK_SMS__TWILIO_AUTH_TOKEN in " + secretsFile + " or in the environment"}}
	}
	return nil
}
