package auth

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
)

// configError is one problem with the configuration.
type configError struct {
	// where locates the value: "regstack.toml:3", "REGSTACK_JWT_SECRET",
	// "regstack.secrets.env (REGSTACK_JWT_SECRET)"; "" for a default or a
	// value set in code.
	where string
	key   string // the key the problem is about
	at    string // the key whose source locates the problem, if not key
	msg   string // names the key itself
	hint  string
}

func (e *configError) Error() string {
	s := e.msg
	if e.where != "" {
		s = e.where + ": " + s
	}
	if e.hint != "" {
		s += " (" + e.hint + ")"
	}
	return s
}

// anchor is the key whose source the problem is reported at: a missing
// setting is best reported where the setting that needs it was made.
func (e *configError) anchor() string {
	if e.at != "" {
		return e.at
	}
	return e.key
}

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
			hint: "set REGSTACK_JWT_SECRET in " + secretsFile + " or in the environment"})
	}
	errs = append(errs, c.enumProblems()...)
	errs = append(errs, c.rangeProblems()...)
	errs = append(errs, c.urlProblems()...)
	errs = append(errs, c.channelProblems()...)
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

func (c *Config) enumProblems() []*configError {
	rules := []struct {
		key, val string
		allowed  []string
	}{
		{"jwt_algorithm", c.JWTAlgorithm, []string{"HS256", "HS384", "HS512"}},
		{"transport", c.Transport, []string{"bearer"}},
		{"email.backend", c.Email.Backend, []string{"console", "smtp", "ses"}},
		{"sms.backend", c.SMS.Backend, []string{"", "sns", "twilio"}},
	}
	var errs []*configError
	for _, r := range rules {
		if r.key == "transport" && r.val == "cookie" {
			// The reference names the value but never built it; accepting
			// it would leave a host believing its sessions are in cookies.
			errs = append(errs, &configError{key: r.key, msg: `transport "cookie" is not built yet`,
				hint: `only "bearer" is accepted for now; remove the key or set transport = "bearer"`})
			continue
		}
		if !slices.Contains(r.allowed, r.val) {
			quoted := make([]string, len(r.allowed))
			for i, a := range r.allowed {
				quoted[i] = fmt.Sprintf("%q", a)
			}
			errs = append(errs, &configError{key: r.key,
				msg: fmt.Sprintf("%s must be one of %s, got %q", r.key, strings.Join(quoted, ", "), r.val)})
		}
	}
	return errs
}

// intRule bounds one integer key; max is math.MaxInt64 when unbounded.
type intRule struct {
	key      string
	val      int64
	min, max int64
}

// intRules are the integer constraints: the Python library's, and this
// package's own for the keys it adds or where a value could only break
// (ports, TTLs of zero).
func (c *Config) intRules() []intRule {
	const none = math.MaxInt64
	return []intRule{
		{"jwt_ttl_seconds", int64(c.JWTTTLSeconds), 60, 2592000},
		{"verification_token_ttl_seconds", int64(c.VerificationTokenTTLSeconds), 60, none},
		{"password_reset_token_ttl_seconds", int64(c.PasswordResetTokenTTLSeconds), 60, none},
		{"email_change_token_ttl_seconds", int64(c.EmailChangeTokenTTLSeconds), 60, none},
		{"sms_code_length", int64(c.SMSCodeLength), 4, 10},
		{"sms_code_ttl_seconds", int64(c.SMSCodeTTLSeconds), 30, 1800},
		{"sms_code_max_attempts", int64(c.SMSCodeMaxAttempts), 1, 20},
		{"mfa_pending_token_ttl_seconds", int64(c.MFAPendingTokenTTLSeconds), 60, 1800},
		{"login_lockout_threshold", int64(c.LoginLockoutThreshold), 1, none},
		{"login_lockout_window_seconds", int64(c.LoginLockoutWindowSeconds), 10, none},
		{"login_max_per_minute", int64(c.LoginMaxPerMinute), 1, none},
		{"login_max_per_hour", int64(c.LoginMaxPerHour), 1, none},
		// Argon2 needs at least 8 KiB per lane.
		{"password_hash_memory_kib", int64(c.PasswordHashMemoryKiB), 8 * int64(max(c.PasswordHashParallelism, 1)), none},
		{"password_hash_iterations", int64(c.PasswordHashIterations), 1, none},
		{"password_hash_parallelism", int64(c.PasswordHashParallelism), 1, 255},
		{"max_concurrent_hashes", int64(c.MaxConcurrentHashes), 0, none},
		{"max_body_bytes", c.MaxBodyBytes, 1024, none},
		{"hook_timeout_seconds", int64(c.HookTimeoutSeconds), 1, none},
		{"email.smtp_port", int64(c.Email.SMTPPort), 1, 65535},
		{"oauth.state_ttl_seconds", int64(c.OAuth.StateTTLSeconds), 1, none},
		{"oauth.completion_ttl_seconds", int64(c.OAuth.CompletionTTLSeconds), 1, none},
	}
}

func (c *Config) rangeProblems() []*configError {
	var errs []*configError
	for _, r := range c.intRules() {
		switch {
		case r.val >= r.min && r.val <= r.max:
		case r.max == math.MaxInt64:
			errs = append(errs, &configError{key: r.key, msg: fmt.Sprintf("%s must be at least %d, got %d", r.key, r.min, r.val)})
		default:
			errs = append(errs, &configError{key: r.key, msg: fmt.Sprintf("%s must be between %d and %d, got %d", r.key, r.min, r.max, r.val)})
		}
	}
	return errs
}

func (c *Config) urlProblems() []*configError {
	var errs []*configError
	if !isHTTPURL(c.BaseURL) {
		errs = append(errs, &configError{key: "base_url", msg: fmt.Sprintf("base_url must be an http:// or https:// URL, got %q", c.BaseURL)})
	}
	if u := c.OAuth.GoogleRedirectURI; u != "" && !isHTTPURL(u) {
		errs = append(errs, &configError{key: "oauth.google_redirect_uri", msg: fmt.Sprintf("oauth.google_redirect_uri must be an http:// or https:// URL, got %q", u)})
	}
	for _, p := range []struct{ key, val string }{
		{"api_prefix", c.APIPrefix},
		{"ui_prefix", c.UIPrefix},
		{"static_prefix", c.StaticPrefix},
	} {
		switch {
		case !strings.HasPrefix(p.val, "/"):
			errs = append(errs, &configError{key: p.key, msg: fmt.Sprintf(`%s must start with "/", got %q`, p.key, p.val)})
		case strings.HasSuffix(p.val, "/"):
			errs = append(errs, &configError{key: p.key, msg: fmt.Sprintf(`%s must not end with "/", got %q`, p.key, p.val)})
		}
	}
	return errs
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// channelProblems checks the email and SMS settings that depend on each
// other.
func (c *Config) channelProblems() []*configError {
	var errs []*configError
	if a, err := mail.ParseAddress(c.Email.FromAddress); err != nil || a.Name != "" || a.Address != c.Email.FromAddress {
		errs = append(errs, &configError{key: "email.from_address", msg: fmt.Sprintf("email.from_address is not a valid email address: %q", c.Email.FromAddress)})
	}
	if c.Email.Backend == "smtp" && c.Email.SMTPHost == "" {
		errs = append(errs, &configError{key: "email.smtp_host", at: "email.backend", msg: `email.smtp_host is required when email.backend is "smtp"`})
	}
	if c.SMS.Backend == "twilio" {
		if c.SMS.TwilioAccountSID == "" {
			errs = append(errs, &configError{key: "sms.twilio_account_sid", at: "sms.backend", msg: `sms.twilio_account_sid is required when sms.backend is "twilio"`})
		}
		if c.SMS.FromNumber == "" {
			errs = append(errs, &configError{key: "sms.from_number", at: "sms.backend", msg: `sms.from_number is required when sms.backend is "twilio"`})
		}
		if c.SMS.TwilioAuthToken == "" {
			errs = append(errs, &configError{key: "sms.twilio_auth_token", at: "sms.backend", msg: `sms.twilio_auth_token is required when sms.backend is "twilio"`,
				hint: "set REGSTACK_SMS__TWILIO_AUTH_TOKEN in " + secretsFile + " or in the environment"})
		}
	}
	if c.EnableSMS2FA && c.SMS.Backend == "" {
		errs = append(errs, &configError{key: "enable_sms_2fa", msg: "enable_sms_2fa needs an SMS backend", hint: `set [sms] backend to "sns" or "twilio"`})
	}
	return errs
}
