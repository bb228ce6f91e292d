package auth

import (
	"fmt"
	"math"
	"strings"
)

// configKey declares one regstack.toml key, once: its name, the Config
// field behind it (and so its type), its default, its validation, whether
// it is a generation key and which blueprint feature it selects, and its
// documentation line. DefaultConfig, the TOML, secrets-file and
// environment readers, the range and choice checks and the generation
// keys of this package all read this table; regstack-gen vendors this
// file to validate, fingerprint, plan and document the same keys.
type configKey struct {
	key        string            // dotted TOML key, e.g. "email.smtp_host"
	typ        string            // TOML type, as messages and docs name it
	ptr        func(*Config) any // the field: *string, *bool, *int, *int64, *uint8, *uint32 or *[]string
	setDefault func(*Config)
	def        string // the default as TOML spells it

	ranged   bool     // an integer bounded by min and max
	min, max int64    // max is math.MaxInt64 when unbounded
	oneOf    []string // the accepted values of a string, when limited

	// generation marks a key that decides which code exists: regstack-gen
	// reads it from regstack.toml alone.
	generation bool
	// feature is the blueprint feature a boolean generation key selects
	// (what //regstack:if directives test); "" for other keys.
	feature string
	secret  bool   // belongs in the secrets file or the environment
	doc     string // one line for docs/configuration.md and regstack.toml
}

// fieldType is the Go type of a Config field.
type fieldType interface {
	string | bool | int | int64 | uint8 | uint32 | []string
}

// keyOption adds a rule or a role to a configKey.
type keyOption func(*configKey)

// declare builds the configKey for the field field returns; def is its
// default and doc its documentation line.
func declare[T fieldType](key string, field func(*Config) *T, def T, doc string, opts ...keyOption) configKey {
	k := configKey{
		key:        key,
		typ:        tomlType(def),
		ptr:        func(c *Config) any { return field(c) },
		setDefault: func(c *Config) { *field(c) = def },
		def:        tomlLiteral(def),
		max:        math.MaxInt64,
		doc:        doc,
	}
	for _, o := range opts {
		o(&k)
	}
	return k
}

// between bounds an integer key to lo … hi.
func between(lo, hi int64) keyOption {
	return func(k *configKey) { k.ranged, k.min, k.max = true, lo, hi }
}

// atLeast bounds an integer key from below.
func atLeast(lo int64) keyOption { return between(lo, math.MaxInt64) }

// oneOf limits a string key to the given values.
func oneOf(values ...string) keyOption { return func(k *configKey) { k.oneOf = values } }

// generation marks a key that decides which code exists.
func generation() keyOption { return func(k *configKey) { k.generation = true } }

// selects marks a boolean generation key and names the blueprint feature
// it turns on.
func selects(feature string) keyOption {
	return func(k *configKey) { k.generation, k.feature = true, feature }
}

// secret marks a key whose value belongs in the secrets file.
func secret() keyOption { return func(k *configKey) { k.secret = true } }

// envName is the environment variable that sets the key:
// "email.smtp_host" is REGSTACK_EMAIL__SMTP_HOST.
func (k configKey) envName() string {
	return "REGSTACK_" + strings.ToUpper(strings.ReplaceAll(k.key, ".", "__"))
}

// tomlType names the TOML type of a field's values.
func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case []string:
		return "array of strings"
	}
	return "integer"
}

// tomlLiteral renders a default as regstack.toml would spell it.
func tomlLiteral(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

const collectionDoc = "collection name on MongoDB (read at run time); table name on SQLite and PostgreSQL, where it is a generation key (see below)"

// configKeys declares every key, in documentation order. The defaults
// are the Python library's, so an existing regstack configuration
// behaves the same here.
func configKeys() []configKey {
	return []configKey{
		declare("app_name", func(c *Config) *string { return &c.AppName }, "RegStack",
			"used in email subjects and bodies, SMS, page titles"),
		declare("base_url", func(c *Config) *string { return &c.BaseURL }, "http://localhost:8000",
			"an `http://` or `https://` URL with a host; used in email links, the OAuth callback URL and the same-origin check"),
		declare("cookie_domain", func(c *Config) *string { return &c.CookieDomain }, "",
			"with `transport = \"cookie\"`: the session cookie's Domain attribute; empty keeps the cookie to base_url's host"),
		declare("behind_proxy", func(c *Config) *bool { return &c.BehindProxy }, false,
			"informational"),
		// The Python default is sqlite+aiosqlite:///./regstack.db; that
		// spelling is accepted as an alias.
		declare("database_url", func(c *Config) *string { return &c.DatabaseURL }, "sqlite:///./regstack.db",
			"run-time key: where the data lives; its scheme must select `backend`. Never printed in errors (it may hold a password)",
			secret()),
		declare("backend", func(c *Config) *string { return &c.Backend }, "",
			"*Go*. The store: `\"sqlite\"`, `\"postgres\"` or `\"mongo\"`; required in regstack.toml, `init` writes it",
			generation()),
		declare("mongodb_database", func(c *Config) *string { return &c.MongoDatabase }, "regstack",
			"used when the MongoDB URL names no database"),
		declare("user_collection", func(c *Config) *string { return &c.UserCollection }, "users", collectionDoc),
		declare("pending_collection", func(c *Config) *string { return &c.PendingCollection }, "pending_registrations", collectionDoc),
		declare("blacklist_collection", func(c *Config) *string { return &c.BlacklistCollection }, "token_blacklist", collectionDoc),
		declare("login_attempt_collection", func(c *Config) *string { return &c.LoginAttemptCollection }, "login_attempts", collectionDoc),
		declare("mfa_code_collection", func(c *Config) *string { return &c.MFACodeCollection }, "mfa_codes", collectionDoc),
		declare("oauth_identity_collection", func(c *Config) *string { return &c.OAuthIdentityCollection }, "oauth_identities", collectionDoc),
		declare("oauth_state_collection", func(c *Config) *string { return &c.OAuthStateCollection }, "oauth_states", collectionDoc),

		declare("jwt_secret", func(c *Config) *string { return &c.JWTSecret }, "",
			"must be non-empty at run time (regstack-gen needs none)", secret()),
		declare("jwt_algorithm", func(c *Config) *string { return &c.JWTAlgorithm }, "HS256",
			"the HMAC signing algorithm", oneOf("HS256", "HS384", "HS512")),
		declare("jwt_ttl_seconds", func(c *Config) *int { return &c.JWTTTLSeconds }, 7200,
			"session lifetime (at most 30 days)", between(60, 2592000)),
		declare("jwt_audience", func(c *Config) *string { return &c.JWTAudience }, "",
			"when set, tokens carry and require this `aud`"),
		declare("transport", func(c *Config) *string { return &c.Transport }, "bearer",
			"*Go*. `\"bearer\"`: clients send the login token as `Authorization: Bearer`; `\"cookie\"` (the reference has no cookie sessions): login also sets it as an HttpOnly, SameSite=Lax session cookie and cross-site writes are refused (docs/security.md)", oneOf("bearer", "cookie")),
		declare("verification_token_ttl_seconds", func(c *Config) *int { return &c.VerificationTokenTTLSeconds }, 86400,
			"lifetime of an email verification link", atLeast(60)),
		declare("password_reset_token_ttl_seconds", func(c *Config) *int { return &c.PasswordResetTokenTTLSeconds }, 1800,
			"lifetime of a password reset link", atLeast(60)),
		declare("email_change_token_ttl_seconds", func(c *Config) *int { return &c.EmailChangeTokenTTLSeconds }, 3600,
			"lifetime of an email change link", atLeast(60)),
		declare("sms_code_length", func(c *Config) *int { return &c.SMSCodeLength }, 6,
			"digits in an SMS code", between(4, 10)),
		declare("sms_code_ttl_seconds", func(c *Config) *int { return &c.SMSCodeTTLSeconds }, 300,
			"lifetime of an SMS code", between(30, 1800)),
		declare("sms_code_max_attempts", func(c *Config) *int { return &c.SMSCodeMaxAttempts }, 5,
			"wrong SMS codes before the code is spent", between(1, 20)),
		declare("mfa_pending_token_ttl_seconds", func(c *Config) *int { return &c.MFAPendingTokenTTLSeconds }, 600,
			"lifetime of the token between password and SMS code", between(60, 1800)),
		declare("sms_codes_per_window", func(c *Config) *int { return &c.SMSCodesPerWindow }, 5,
			"*Go*. SMS codes one account may request (phone setup and sign-in together) per `sms_code_window_seconds`; more → 429", between(1, 100)),
		declare("sms_code_window_seconds", func(c *Config) *int { return &c.SMSCodeWindowSeconds }, 900,
			"*Go*. Each requested SMS code counts against `sms_codes_per_window` for this long", between(60, 86400)),

		declare("require_verification", func(c *Config) *bool { return &c.RequireVerification }, true,
			"users must verify their email before logging in"),
		declare("allow_registration", func(c *Config) *bool { return &c.AllowRegistration }, true,
			"`/register` is open (OAuth sign-up ignores it, as upstream)"),
		// The boolean generation keys, in the order of regstack.lock's
		// fingerprint: a new one goes at the end of this group.
		declare("enable_ui_router", func(c *Config) *bool { return &c.EnableUIRouter }, false,
			"server-rendered account pages and static files", selects("ui")),
		declare("enable_admin_router", func(c *Config) *bool { return &c.EnableAdminRouter }, false,
			"the JSON admin API ([admin.md](admin.md))", selects("admin")),
		declare("enable_sms_2fa", func(c *Config) *bool { return &c.EnableSMS2FA }, false,
			"SMS second factor: phone endpoints and the login MFA step ([mfa.md](mfa.md))", selects("sms_2fa")),
		declare("enable_password_reset", func(c *Config) *bool { return &c.EnablePasswordReset }, true,
			"forgot-password and reset-password", selects("password_reset")),
		declare("enable_account_deletion", func(c *Config) *bool { return &c.EnableAccountDeletion }, true,
			"`DELETE /account`", selects("account_deletion")),
		declare("enable_oauth", func(c *Config) *bool { return &c.EnableOAuth }, false,
			"OAuth sign-in endpoints", selects("oauth")),
		declare("enable_totp", func(c *Config) *bool { return &c.EnableTOTP }, false,
			"*Go*. Authenticator apps (TOTP) and recovery codes as a second factor; needs `enable_sms_2fa` ([mfa.md](mfa.md))", selects("totp")),
		declare("rate_limit_disabled", func(c *Config) *bool { return &c.RateLimitDisabled }, false,
			"turns login lockout off (also for `current_password` checks)"),
		declare("login_lockout_threshold", func(c *Config) *int { return &c.LoginLockoutThreshold }, 5,
			"password checks (sign-ins and `current_password`) per address and window, enforced in the database before hashing", atLeast(1)),
		declare("login_lockout_window_seconds", func(c *Config) *int { return &c.LoginLockoutWindowSeconds }, 900,
			"each attempt counts for this long; a 429's `Retry-After` is the time until the blocking attempt stops counting", atLeast(10)),
		declare("login_max_per_minute", func(c *Config) *int { return &c.LoginMaxPerMinute }, 5,
			"unused upstream", atLeast(1)),
		declare("login_max_per_hour", func(c *Config) *int { return &c.LoginMaxPerHour }, 20,
			"unused upstream", atLeast(1)),

		declare("brand_logo_url", func(c *Config) *string { return &c.BrandLogoURL }, "",
			"page header logo"),
		declare("brand_tagline", func(c *Config) *string { return &c.BrandTagline }, "",
			"page header tagline"),
		declare("extra_template_dirs", func(c *Config) *[]string { return &c.ExtraTemplateDirs }, nil,
			"searched before the bundled templates"),
		declare("template_dir", func(c *Config) *string { return &c.TemplateDir }, "",
			"a directory of page and email templates that win over the bundled ones, file by file (Go only; `WithTemplateDir` wins over it)"),
		declare("extra_static_dirs", func(c *Config) *[]string { return &c.ExtraStaticDirs }, nil,
			"reserved"),
		declare("api_prefix", func(c *Config) *string { return &c.APIPrefix }, "/api/auth",
			"starts with `/`, does not end with `/`"),
		declare("ui_prefix", func(c *Config) *string { return &c.UIPrefix }, "/account",
			"starts with `/`, does not end with `/`"),
		declare("static_prefix", func(c *Config) *string { return &c.StaticPrefix }, "/regstack-static",
			"starts with `/`, does not end with `/`"),
		declare("theme_css_url", func(c *Config) *string { return &c.ThemeCSSURL }, "",
			"extra stylesheet loaded last"),

		// The Argon2id parameters of the Python library (argon2-cffi's
		// defaults), so that its hashes verify and new ones match.
		declare("password_hash_memory_kib", func(c *Config) *uint32 { return &c.PasswordHashMemoryKiB }, 65536,
			"*Go*. Argon2id memory; at least 8 × `password_hash_parallelism` (Argon2's minimum)"),
		declare("password_hash_iterations", func(c *Config) *uint32 { return &c.PasswordHashIterations }, 3,
			"*Go*. Argon2id time cost", atLeast(1)),
		declare("password_hash_parallelism", func(c *Config) *uint8 { return &c.PasswordHashParallelism }, 4,
			"*Go*. Argon2id lanes", between(1, 255)),
		declare("max_concurrent_hashes", func(c *Config) *int { return &c.MaxConcurrentHashes }, 0,
			"*Go*. How many hashes run at once; 0 = CPUs ÷ Argon2id lanes, rounded up", atLeast(0)),
		declare("max_body_bytes", func(c *Config) *int64 { return &c.MaxBodyBytes }, 1<<20,
			"*Go*. Largest JSON request body (larger → 413)", atLeast(1024)),
		declare("hook_timeout_seconds", func(c *Config) *int { return &c.HookTimeoutSeconds }, 10,
			"*Go*. How long one event handler may run", atLeast(1)),
		declare("serve_openapi", func(c *Config) *bool { return &c.ServeOpenAPI }, true,
			"*Go*. Serve the API's OpenAPI 3.1 document at `<api_prefix>/openapi.json` (false → 404 there)"),

		declare("email.backend", func(c *Config) *string { return &c.Email.Backend }, "console",
			"the email transport: `console` logs every message (development); `smtp` and `ses` send",
			oneOf("console", "smtp", "ses"), generation()),
		declare("email.from_address", func(c *Config) *string { return &c.Email.FromAddress }, "noreply@example.com",
			"a bare address (`a@b.c`, no display name)"),
		declare("email.from_name", func(c *Config) *string { return &c.Email.FromName }, "RegStack",
			"display name"),
		declare("email.smtp_host", func(c *Config) *string { return &c.Email.SMTPHost }, "",
			"required when `backend = \"smtp\"`"),
		declare("email.smtp_port", func(c *Config) *int { return &c.Email.SMTPPort }, 587,
			"SMTP server port", between(1, 65535)),
		declare("email.smtp_starttls", func(c *Config) *bool { return &c.Email.SMTPStartTLS }, true,
			"upgrade the SMTP connection with STARTTLS, and refuse to send when the server does not offer it"),
		declare("email.smtp_username", func(c *Config) *string { return &c.Email.SMTPUsername }, "",
			"empty → no authentication"),
		declare("email.smtp_password", func(c *Config) *string { return &c.Email.SMTPPassword }, "",
			"SMTP password (`REGSTACK_EMAIL__SMTP_PASSWORD` or the secrets file)", secret()),
		declare("email.smtp_implicit_tls", func(c *Config) *bool { return &c.Email.SMTPImplicitTLS }, false,
			"*Go*. Connect with TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS; `smtp_starttls` is then ignored"),
		declare("email.smtp_timeout_seconds", func(c *Config) *int { return &c.Email.SMTPTimeoutSeconds }, 10,
			"*Go*. Limit on connecting to the SMTP server and on each command of a delivery", between(1, 300)),
		declare("email.ses_region", func(c *Config) *string { return &c.Email.SESRegion }, "eu-west-1",
			"AWS region of SES"),
		declare("email.ses_profile", func(c *Config) *string { return &c.Email.SESProfile }, "",
			"AWS profile name"),

		declare("sms.backend", func(c *Config) *string { return &c.SMS.Backend }, "null",
			"the SMS transport: `null` logs every message (development); `sns` and `twilio` send. A generation key only with `enable_sms_2fa`",
			oneOf("null", "sns", "twilio"), generation()),
		declare("sms.from_number", func(c *Config) *string { return &c.SMS.FromNumber }, "",
			"sender; required for Twilio"),
		declare("sms.sns_region", func(c *Config) *string { return &c.SMS.SNSRegion }, "eu-west-1",
			"AWS region of SNS"),
		declare("sms.twilio_account_sid", func(c *Config) *string { return &c.SMS.TwilioAccountSID }, "",
			"required for Twilio"),
		declare("sms.twilio_auth_token", func(c *Config) *string { return &c.SMS.TwilioAuthToken }, "",
			"required for Twilio", secret()),

		declare("oauth.google_client_id", func(c *Config) *string { return &c.OAuth.GoogleClientID }, "",
			"with `enable_oauth`, generates the Google provider", generation()),
		declare("oauth.google_client_secret", func(c *Config) *string { return &c.OAuth.GoogleClientSecret }, "",
			"Google OAuth client secret", secret()),
		declare("oauth.google_redirect_uri", func(c *Config) *string { return &c.OAuth.GoogleRedirectURI }, "",
			"when set, an `http://` or `https://` URL; empty means `<base_url><api_prefix>/oauth/google/callback`"),
		declare("oauth.auto_link_verified_emails", func(c *Config) *bool { return &c.OAuth.AutoLinkVerifiedEmails }, false,
			"a provider sign-in whose email the provider verified joins the existing account with that email ([oauth.md](oauth.md))"),
		declare("oauth.enforce_mfa_on_oauth_signin", func(c *Config) *bool { return &c.OAuth.EnforceMFAOnOAuthSignin }, false,
			"with SMS 2FA, an account with 2FA on takes the MFA step after an OAuth sign-in (upstream declares it and never reads it)"),
		declare("oauth.state_ttl_seconds", func(c *Config) *int { return &c.OAuth.StateTTLSeconds }, 300,
			"lifetime of an OAuth state", atLeast(1)),
		declare("oauth.completion_ttl_seconds", func(c *Config) *int { return &c.OAuth.CompletionTTLSeconds }, 30,
			"how long the oauth-complete id waits for `POST /oauth/exchange`", atLeast(1)),
	}
}
