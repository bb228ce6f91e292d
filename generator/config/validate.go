package config

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strings"
)

// validate checks every rule of docs/configuration.md, returning all
// problems.
func (c *Config) validate() Errors {
	errs := c.checkBackend()
	errs = append(errs, c.checkEnums()...)
	errs = append(errs, c.checkRanges()...)
	errs = append(errs, c.checkURLs()...)
	errs = append(errs, c.checkChannels()...)
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

func (c *Config) checkEnums() Errors {
	rules := []struct {
		key, val string
		allowed  []string
	}{
		{"jwt_algorithm", c.JWTAlgorithm, []string{"HS256", "HS384", "HS512"}},
		{"transport", c.Transport, []string{"bearer"}},
		{"email.backend", c.Email.Backend, emailBackends()},
		{"sms.backend", c.SMS.Backend, []string{"", "sns", "twilio"}},
	}
	var errs Errors
	for _, r := range rules {
		if r.key == "transport" && r.val == "cookie" {
			// The reference names the value but never built it; accepting
			// it would leave a host believing its sessions are in cookies.
			errs = append(errs, c.problem(r.key, cookieTransportMsg, cookieTransportHint))
			continue
		}
		if !contains(r.allowed, r.val) {
			errs = append(errs, c.problem(r.key, r.key+" must be one of "+list(r.allowed)+", got "+quote(r.val), ""))
		}
	}
	return errs
}

// cookieTransportMsg and cookieTransportHint refuse transport = "cookie",
// which the reference lists but never implemented.
const (
	cookieTransportMsg  = `transport "cookie" is not built yet`
	cookieTransportHint = `only "bearer" is accepted for now; remove the key or set transport = "bearer"`
)

// emailBackends are the values of [email] backend.
func emailBackends() []string { return []string{"console", "smtp", "ses"} }

// intRule bounds one integer key; max is math.MaxInt64 when unbounded.
type intRule struct {
	key      string
	val      int64
	min, max int64
}

// intRules are the integer constraints: the Python library's (§12.2) and
// the Go port's own for the keys it adds or where an unchecked value could
// only break (ports, TTLs of zero).
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

func (c *Config) checkRanges() Errors {
	var errs Errors
	for _, r := range c.intRules() {
		switch {
		case r.val >= r.min && r.val <= r.max:
		case r.max == math.MaxInt64:
			errs = append(errs, c.problem(r.key, fmt.Sprintf("%s must be at least %d, got %d", r.key, r.min, r.val), ""))
		default:
			errs = append(errs, c.problem(r.key, fmt.Sprintf("%s must be between %d and %d, got %d", r.key, r.min, r.max, r.val), ""))
		}
	}
	return errs
}

func (c *Config) checkURLs() Errors {
	var errs Errors
	if !isHTTPURL(c.BaseURL) {
		errs = append(errs, c.problem("base_url", "base_url must be an http:// or https:// URL, got "+quote(c.BaseURL), ""))
	}
	if u := c.OAuth.GoogleRedirectURI; u != "" && !isHTTPURL(u) {
		errs = append(errs, c.problem("oauth.google_redirect_uri", "oauth.google_redirect_uri must be an http:// or https:// URL, got "+quote(u), ""))
	}
	for _, p := range []struct{ key, val string }{
		{"api_prefix", c.APIPrefix},
		{"ui_prefix", c.UIPrefix},
		{"static_prefix", c.StaticPrefix},
	} {
		switch {
		case !strings.HasPrefix(p.val, "/"):
			errs = append(errs, c.problem(p.key, p.key+` must start with "/", got `+quote(p.val), ""))
		case strings.HasSuffix(p.val, "/"):
			errs = append(errs, c.problem(p.key, p.key+` must not end with "/", got `+quote(p.val), ""))
		}
	}
	return errs
}

// isHTTPURL reports whether s is an absolute http or https URL with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// checkChannels checks the email and SMS settings that depend on each
// other. The Twilio auth token is a secret, which the generator never
// reads; the generated package checks it at run time.
func (c *Config) checkChannels() Errors {
	var errs Errors
	if a, err := mail.ParseAddress(c.Email.FromAddress); err != nil || a.Name != "" || a.Address != c.Email.FromAddress {
		errs = append(errs, c.problem("email.from_address", "email.from_address is not a valid email address: "+quote(c.Email.FromAddress), ""))
	}
	if c.Email.Backend == "smtp" && c.Email.SMTPHost == "" {
		errs = append(errs, c.problemAt("email.backend", "email.smtp_host", `email.smtp_host is required when email.backend is "smtp"`, ""))
	}
	if c.SMS.Backend == "twilio" {
		if c.SMS.TwilioAccountSID == "" {
			errs = append(errs, c.problemAt("sms.backend", "sms.twilio_account_sid", `sms.twilio_account_sid is required when sms.backend is "twilio"`, ""))
		}
		if c.SMS.FromNumber == "" {
			errs = append(errs, c.problemAt("sms.backend", "sms.from_number", `sms.from_number is required when sms.backend is "twilio"`, ""))
		}
	}
	if c.EnableSMS2FA && c.SMS.Backend == "" {
		errs = append(errs, c.problem("enable_sms_2fa", "enable_sms_2fa needs an SMS backend", `set [sms] backend to "sns" or "twilio"`))
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
