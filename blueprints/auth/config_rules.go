package auth

import (
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

// ruleProblems checks every rule that needs no secret and no knowledge of
// the generated backend: the choices and ranges configKeys declares and
// the rules between keys. The package checks them at run time and
// regstack-gen, from its vendored copy of this file, before it generates.
func (c *Config) ruleProblems() []*configError {
	errs := c.enumProblems()
	errs = append(errs, c.rangeProblems()...)
	errs = append(errs, c.urlProblems()...)
	errs = append(errs, c.channelProblems()...)
	errs = append(errs, c.oauthProviderProblems()...)
	return errs
}

func (c *Config) enumProblems() []*configError {
	var errs []*configError
	for _, k := range configKeys() {
		if k.oneOf == nil {
			continue
		}
		val := *k.ptr(c).(*string)
		if !slices.Contains(k.oneOf, val) {
			quoted := make([]string, len(k.oneOf))
			for i, a := range k.oneOf {
				quoted[i] = fmt.Sprintf("%q", a)
			}
			errs = append(errs, &configError{key: k.key,
				msg: fmt.Sprintf("%s must be one of %s, got %q", k.key, strings.Join(quoted, ", "), val)})
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

// intRules are the integer constraints: those configKeys declares, and
// Argon2's minimum of 8 KiB of memory per lane, which depends on another
// key.
func (c *Config) intRules() []intRule {
	var rules []intRule
	for _, k := range configKeys() {
		if k.ranged {
			rules = append(rules, intRule{k.key, intValue(k.ptr(c)), k.min, k.max})
		}
	}
	rules = append(rules, intRule{"password_hash_memory_kib", int64(c.PasswordHashMemoryKiB),
		8 * int64(max(c.PasswordHashParallelism, 1)), math.MaxInt64})
	return rules
}

// intValue reads an integer field as int64.
func intValue(ptr any) int64 {
	switch p := ptr.(type) {
	case *int:
		return int64(*p)
	case *int64:
		return *p
	case *uint8:
		return int64(*p)
	case *uint32:
		return int64(*p)
	}
	return 0
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
	if c.Transport == TransportCookie && isHTTPURL(c.BaseURL) && !isLoopbackHTTP(c.BaseURL) && !strings.HasPrefix(strings.ToLower(c.BaseURL), "https://") {
		// The cookie is Secure off loopback, and a browser never sends a
		// Secure cookie to an http:// site: every sign-in would be lost.
		errs = append(errs, &configError{key: "transport", msg: fmt.Sprintf(`transport = "cookie" needs an https:// base_url (or http://localhost), got %q`, c.BaseURL),
			hint: "serve the app over HTTPS, or keep transport = \"bearer\""})
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
// other, secrets aside (secretProblems checks those at run time).
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
	}
	if c.EnableTOTP && !c.EnableSMS2FA {
		// Authenticator apps share the login MFA step, its codes table and
		// its attempt limits with SMS 2FA (docs/mfa.md).
		errs = append(errs, &configError{key: "enable_totp", msg: "enable_totp needs enable_sms_2fa = true",
			hint: `authenticator apps use the SMS second factor's login step; set enable_sms_2fa = true ([sms] backend defaults to "null", which sends nothing)`})
	}
	return errs
}
