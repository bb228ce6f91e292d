package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// fullTOML sets every key to a value other than its default.
const fullTOML = `app_name = "Shop"
base_url = "https://shop.example.com"
cookie_domain = "shop.example.com"
behind_proxy = true
database_url = "postgresql+asyncpg://app@db/shop"
backend = "postgres"
mongodb_database = "shopdb"
user_collection = "u"
pending_collection = "p"
blacklist_collection = "b"
login_attempt_collection = "l"
mfa_code_collection = "m"
oauth_identity_collection = "oi"
oauth_state_collection = "os"
jwt_secret = "not-in-toml-please"
jwt_algorithm = "HS512"
jwt_ttl_seconds = 3600
jwt_audience = "shop"
transport = "bearer"
verification_token_ttl_seconds = 600
password_reset_token_ttl_seconds = 900
email_change_token_ttl_seconds = 1200
sms_code_length = 8
sms_code_ttl_seconds = 120
sms_code_max_attempts = 3
mfa_pending_token_ttl_seconds = 300
require_verification = false
allow_registration = false
enable_password_reset = false
enable_account_deletion = false
enable_admin_router = true
enable_ui_router = true
enable_sms_2fa = true
enable_oauth = true
rate_limit_disabled = true
login_lockout_threshold = 10
login_lockout_window_seconds = 60
login_max_per_minute = 7
login_max_per_hour = 70
brand_logo_url = "/logo.svg"
brand_tagline = "Buy things"
extra_template_dirs = ["templates", "more"]
extra_static_dirs = ["static"]
api_prefix = "/auth"
ui_prefix = "/me"
static_prefix = "/assets"
theme_css_url = "/theme.css"
password_hash_memory_kib = 32768
password_hash_iterations = 2
password_hash_parallelism = 2
max_concurrent_hashes = 4
max_body_bytes = 65536
hook_timeout_seconds = 5
serve_openapi = false

[email]
backend = "smtp"
from_address = "shop@example.com"
from_name = "Shop"
smtp_host = "smtp.example.com"
smtp_port = 465
smtp_starttls = false
smtp_username = "mailer"
smtp_password = "pw"
ses_region = "us-east-1"
ses_profile = "prod"

[sms]
backend = "twilio"
from_number = "+15550100"
sns_region = "us-east-1"
twilio_account_sid = "AC123"
twilio_auth_token = "tok"

[oauth]
google_client_id = "cid"
google_client_secret = "csecret"
google_redirect_uri = "https://shop.example.com/auth/oauth/google/callback"
auto_link_verified_emails = true
enforce_mfa_on_oauth_signin = true
state_ttl_seconds = 600
completion_ttl_seconds = 60

[generate]
output = "internal/accounts"
package = "accounts"
cli = "cmd/accounts"
hooks = ["user_registered", "user_deleted"]
`

func fullConfig() *Config {
	return &Config{Config: auth.Config{
		AppName: "Shop", BaseURL: "https://shop.example.com", CookieDomain: "shop.example.com", BehindProxy: true,
		DatabaseURL: "postgresql+asyncpg://app@db/shop", Backend: "postgres", MongoDatabase: "shopdb",
		UserCollection: "u", PendingCollection: "p", BlacklistCollection: "b", LoginAttemptCollection: "l",
		MFACodeCollection: "m", OAuthIdentityCollection: "oi", OAuthStateCollection: "os",
		JWTSecret: "not-in-toml-please", JWTAlgorithm: "HS512", JWTTTLSeconds: 3600, JWTAudience: "shop", Transport: "bearer",
		VerificationTokenTTLSeconds: 600, PasswordResetTokenTTLSeconds: 900, EmailChangeTokenTTLSeconds: 1200,
		SMSCodeLength: 8, SMSCodeTTLSeconds: 120, SMSCodeMaxAttempts: 3, MFAPendingTokenTTLSeconds: 300,
		SMSCodesPerWindow: 5, SMSCodeWindowSeconds: 900,
		EnableAdminRouter: true, EnableUIRouter: true, EnableSMS2FA: true, EnableOAuth: true,
		RateLimitDisabled: true, LoginLockoutThreshold: 10, LoginLockoutWindowSeconds: 60, LoginMaxPerMinute: 7, LoginMaxPerHour: 70,
		BrandLogoURL: "/logo.svg", BrandTagline: "Buy things",
		ExtraTemplateDirs: []string{"templates", "more"}, ExtraStaticDirs: []string{"static"},
		APIPrefix: "/auth", UIPrefix: "/me", StaticPrefix: "/assets", ThemeCSSURL: "/theme.css",
		PasswordHashMemoryKiB: 32768, PasswordHashIterations: 2, PasswordHashParallelism: 2,
		MaxConcurrentHashes: 4, MaxBodyBytes: 65536, HookTimeoutSeconds: 5, ServeOpenAPI: false,
		Email: auth.EmailConfig{
			Backend: "smtp", FromAddress: "shop@example.com", FromName: "Shop", SMTPHost: "smtp.example.com",
			SMTPPort: 465, SMTPUsername: "mailer", SMTPPassword: "pw", SMTPTimeoutSeconds: 10, SESRegion: "us-east-1", SESProfile: "prod",
		},
		SMS: auth.SMSConfig{Backend: "twilio", FromNumber: "+15550100", SNSRegion: "us-east-1", TwilioAccountSID: "AC123", TwilioAuthToken: "tok"},
		OAuth: auth.OAuthConfig{
			GoogleClientID: "cid", GoogleClientSecret: "csecret",
			GoogleRedirectURI:      "https://shop.example.com/auth/oauth/google/callback",
			AutoLinkVerifiedEmails: true, EnforceMFAOnOAuthSignin: true, StateTTLSeconds: 600, CompletionTTLSeconds: 60,
		}},
		Generate: GenerateConfig{
			Output: "internal/accounts", Package: "accounts", CLI: "cmd/accounts",
			Hooks: []string{"user_registered", "user_deleted"},
		},
	}
}

var ignoreSources = cmpopts.IgnoreUnexported(Config{})

func mustParse(t *testing.T, data string) *Config {
	t.Helper()
	c, err := Parse("regstack.toml", []byte(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return c
}

func TestParseFullConfig(t *testing.T) {
	got, err := Parse("regstack.toml", []byte(fullTOML))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if diff := cmp.Diff(fullConfig(), got, ignoreSources); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseBackendOnlyIsDefault(t *testing.T) {
	got, err := Parse("regstack.toml", []byte(sqliteKey))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := Default()
	want.Backend = "sqlite"
	if diff := cmp.Diff(want, got, ignoreSources); diff != "" {
		t.Errorf("Parse(empty) (-want +got):\n%s", diff)
	}
}

// TestParseBackend: the backend is the backend key, which the file must
// set; a database_url in the file must select the same backend, and one
// left out (it usually lives in the secrets file) is not consulted.
func TestParseBackend(t *testing.T) {
	tests := []struct {
		toml, want string
	}{
		{`backend = "sqlite"`, "sqlite"},
		{`backend = "postgres"`, "postgres"},
		{`backend = "mongo"`, "mongo"},
		{"backend = \"sqlite\"\ndatabase_url = \"sqlite:///./x.db\"", "sqlite"},
		{"backend = \"sqlite\"\ndatabase_url = \"sqlite+aiosqlite:////abs/x.db\"", "sqlite"},
		{"backend = \"sqlite\"\ndatabase_url = \"SQLite:///:memory:\"", "sqlite"},
		{"backend = \"postgres\"\ndatabase_url = \"postgresql://u@h/db\"", "postgres"},
		{"backend = \"postgres\"\ndatabase_url = \"postgresql+asyncpg://u@h/db\"", "postgres"},
		{"backend = \"postgres\"\ndatabase_url = \"postgres://u@h/db\"", "postgres"},
		{"backend = \"mongo\"\ndatabase_url = \"mongodb://h/db\"", "mongo"},
		{"backend = \"mongo\"\ndatabase_url = \"MONGODB+SRV://cluster/db\"", "mongo"},
	}
	for _, tt := range tests {
		t.Run(tt.toml, func(t *testing.T) {
			c, err := Parse("regstack.toml", []byte(tt.toml))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if c.Backend != tt.want || c.Generation().Backend != tt.want {
				t.Errorf("Backend = %q, Generation().Backend = %q, want %q", c.Backend, c.Generation().Backend, tt.want)
			}
		})
	}
}

// TestParseBackendErrors pins the errors about the backend key: each names
// the file, the line (none for a key that is absent and has no
// database_url to stand at) and the key.
func TestParseBackendErrors(t *testing.T) {
	tests := []struct {
		name, toml string
		want       Errors
	}{
		{"missing", "app_name = \"x\"\n", Errors{{File: "regstack.toml", Key: "backend", Msg: "backend is not set",
			Hint: `add backend = "sqlite", "postgres" or "mongo" to regstack.toml; regstack-gen reads the backend from this key only`}}},
		// A host generated by an older version: the hint names the
		// backend its database_url selects, but nothing is derived.
		{"missing, database_url in the file", "app_name = \"x\"\ndatabase_url = \"postgresql+asyncpg://u:secret@h/db\"\n", Errors{{
			File: "regstack.toml", Line: 2, Key: "backend", Msg: "backend is not set",
			Hint: `add backend = "postgres" (what database_url selects) to regstack.toml; regstack-gen no longer derives the backend from database_url`}}},
		{"missing, bad database_url", "database_url = \"mysql://u:secret@h/db\"\n", Errors{
			{File: "regstack.toml", Line: 1, Key: "database_url", Msg: `unrecognised database_url scheme "mysql"`, Hint: schemeHint()},
			{File: "regstack.toml", Line: 1, Key: "backend", Msg: "backend is not set",
				Hint: `add backend = "sqlite", "postgres" or "mongo" to regstack.toml; regstack-gen reads the backend from this key only`}}},
		{"database_url of another backend", "backend = \"sqlite\"\napp_name = \"x\"\ndatabase_url = \"mongodb://u:secret@h/db\"\n", Errors{{
			File: "regstack.toml", Line: 3, Key: "database_url",
			Msg:  `database_url's scheme "mongodb" selects backend "mongo", but backend is "sqlite" (line 1)`,
			Hint: "point database_url at a sqlite database, or change backend and run regstack-gen generate"}}},
		{"empty database_url", "backend = \"sqlite\"\ndatabase_url = \"\"\n", Errors{{
			File: "regstack.toml", Line: 2, Key: "database_url", Msg: "database_url is empty", Hint: schemeHint()}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("regstack.toml", []byte(tt.toml))
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse error = %v, want Errors", err)
			}
			if diff := cmp.Diff(tt.want, errs); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), "secret@") {
				t.Errorf("the message shows the URL: %v", err)
			}
		})
	}
}

// TestParseErrors pins the exact message of every error class.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"syntax", "app_name = \"x\"\nbase_url = \n",
			`regstack.toml:2: invalid TOML: unexpected character U+000A at start of value`},
		{"duplicate key", "app_name = \"a\"\napp_name = \"b\"\n",
			`regstack.toml:2: invalid TOML: key app_name is already defined`},
		{"unknown key", "app_name = \"x\"\nenable_oath = true\n",
			`regstack.toml:2: unknown key "enable_oath" (did you mean "enable_oauth"?)`},
		{"unknown key by prefix", "enable_sms = true\n",
			`regstack.toml:1: unknown key "enable_sms" (did you mean "enable_sms_2fa"?)`},
		{"unknown key, no suggestion", "colour = \"blue\"\n",
			`regstack.toml:1: unknown key "colour"`},
		{"unknown table key", "[email]\nsmtp_hots = \"mail\"\n",
			`regstack.toml:2: unknown key "email.smtp_hots" (did you mean "email.smtp_host"?)`},
		{"unknown table", "[emial]\nbackend = \"smtp\"\n",
			`regstack.toml:1: unknown table "emial" (did you mean "email"?)`},
		{"table key at top level", "smtp_host = \"mail\"\n",
			`regstack.toml:1: unknown key "smtp_host" ("smtp_host" belongs in the [email] table)`},
		{"top-level key after a table", "[email]\nbackend = \"console\"\nenable_oauth = true\n",
			`regstack.toml:3: unknown key "email.enable_oauth" ("enable_oauth" is a top-level key: move it above the first [table])`},
		{"wrong type", "jwt_ttl_seconds = \"3600\"\n",
			`regstack.toml:1: jwt_ttl_seconds: expected integer, got string`},
		{"wrong type bool", "enable_oauth = \"yes\"\n",
			`regstack.toml:1: enable_oauth: expected boolean, got string`},
		{"wrong type float", "smtp_port = 1\n[email]\nsmtp_port = 25.0\n",
			"regstack.toml:1: unknown key \"smtp_port\" (\"smtp_port\" belongs in the [email] table)\n" +
				`regstack.toml:3: email.smtp_port: expected integer, got float`},
		{"wrong type list", "extra_template_dirs = \"templates\"\n",
			`regstack.toml:1: extra_template_dirs: expected array of strings, got string`},
		{"wrong list element", "extra_static_dirs = [\"a\", 2]\n",
			`regstack.toml:1: extra_static_dirs: expected array of strings, got array containing integer`},
		{"table as scalar", "email = \"smtp\"\n",
			`regstack.toml:1: email: expected table, got string`},
		{"array table", "[[sms]]\nbackend = \"sns\"\n",
			`regstack.toml:1: sms: expected table, got array`},
		{"date", "app_name = 2024-01-01\n",
			`regstack.toml:1: app_name: expected string, got date`},
		{"too large for the type", "password_hash_parallelism = 256\n",
			`regstack.toml:1: password_hash_parallelism must be between 1 and 255, got 256`},
		{"range", "jwt_ttl_seconds = 30\n",
			`regstack.toml:1: jwt_ttl_seconds must be between 60 and 2592000, got 30`},
		{"range max", "jwt_ttl_seconds = 2592001\n",
			`regstack.toml:1: jwt_ttl_seconds must be between 60 and 2592000, got 2592001`},
		{"minimum", "verification_token_ttl_seconds = 59\n",
			`regstack.toml:1: verification_token_ttl_seconds must be at least 60, got 59`},
		{"sms code length", "sms_code_length = 3\n",
			`regstack.toml:1: sms_code_length must be between 4 and 10, got 3`},
		{"argon2 memory", "password_hash_parallelism = 4\npassword_hash_memory_kib = 16\n",
			`regstack.toml:2: password_hash_memory_kib must be at least 32, got 16`},
		{"table range", "[email]\nsmtp_port = 70000\n",
			`regstack.toml:2: email.smtp_port must be between 1 and 65535, got 70000`},
		{"jwt algorithm", "jwt_algorithm = \"RS256\"\n",
			`regstack.toml:1: jwt_algorithm must be one of "HS256", "HS384", "HS512", got "RS256"`},
		{"transport", "transport = \"header\"\n",
			`regstack.toml:1: transport must be one of "bearer", "cookie", got "header"`},
		{"cookie transport over plain http", "base_url = \"http://shop.example.com\"\ntransport = \"cookie\"\n",
			`regstack.toml:2: transport = "cookie" needs an https:// base_url (or http://localhost), got "http://shop.example.com" (serve the app over HTTPS, or keep transport = "bearer")`},
		{"email backend", "[email]\nbackend = \"sendgrid\"\n",
			`regstack.toml:2: email.backend must be one of "console", "smtp", "ses", got "sendgrid"`},
		{"sms backend", "[sms]\nbackend = \"pigeon\"\n",
			`regstack.toml:2: sms.backend must be one of "null", "sns", "twilio", got "pigeon"`},
		{"backend value", "backend = \"mysql\"\n",
			`regstack.toml:1: backend must be one of "sqlite", "postgres", "mongo", got "mysql"`},
		{"database url scheme", "database_url = \"mysql://u:secret@h/db\"\n",
			`regstack.toml:1: unrecognised database_url scheme "mysql" (accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://)`},
		{"database url without scheme", "database_url = \"./regstack.db\"\n",
			`regstack.toml:1: database_url has no scheme (accepted schemes: sqlite://, sqlite+aiosqlite://, postgresql://, postgresql+asyncpg://, postgres://, mongodb://, mongodb+srv://)`},
		{"backend disagrees", "database_url = \"mongodb://h/db\"\nbackend = \"postgres\"\n",
			`regstack.toml:1: database_url's scheme "mongodb" selects backend "mongo", but backend is "postgres" (line 2) (point database_url at a postgres database, or change backend and run regstack-gen generate)`},
		{"base url scheme", "base_url = \"ftp://example.com\"\n",
			`regstack.toml:1: base_url must be an http:// or https:// URL, got "ftp://example.com"`},
		{"base url without host", "base_url = \"localhost:8000\"\n",
			`regstack.toml:1: base_url must be an http:// or https:// URL, got "localhost:8000"`},
		{"google redirect", "[oauth]\ngoogle_redirect_uri = \"/callback\"\n",
			`regstack.toml:2: oauth.google_redirect_uri must be an http:// or https:// URL, got "/callback"`},
		{"prefix start", "api_prefix = \"api/auth\"\n",
			`regstack.toml:1: api_prefix must start with "/", got "api/auth"`},
		{"prefix end", "ui_prefix = \"/account/\"\n",
			`regstack.toml:1: ui_prefix must not end with "/", got "/account/"`},
		{"prefix root", "static_prefix = \"/\"\n",
			`regstack.toml:1: static_prefix must not end with "/", got "/"`},
		{"from address", "[email]\nfrom_address = \"App <noreply@example.com>\"\n",
			`regstack.toml:2: email.from_address is not a valid email address: "App <noreply@example.com>"`},
		{"smtp without host", "[email]\nbackend = \"smtp\"\n",
			`regstack.toml:2: email.smtp_host is required when email.backend is "smtp"`},
		{"twilio without settings", "[sms]\nbackend = \"twilio\"\n",
			"regstack.toml:2: sms.twilio_account_sid is required when sms.backend is \"twilio\"\n" +
				`regstack.toml:2: sms.from_number is required when sms.backend is "twilio"`},
		{"output parent", "[generate]\noutput = \"../auth\"\n",
			`regstack.toml:2: generate.output must be a relative slash path inside the module, got "../auth"`},
		{"output absolute", "[generate]\noutput = \"/srv/auth\"\n",
			`regstack.toml:2: generate.output must be a relative slash path inside the module, got "/srv/auth"`},
		{"output backslash", "[generate]\noutput = 'internal\\auth'\n",
			`regstack.toml:2: generate.output must be a relative slash path inside the module, got "internal\\auth"`},
		{"output root", "[generate]\noutput = \".\"\n",
			`regstack.toml:2: generate.output must be a relative slash path inside the module, got "."`},
		{"output unclean", "[generate]\noutput = \"internal/auth/\"\n",
			`regstack.toml:2: generate.output must be a clean path, got "internal/auth/" (did you mean "internal/auth"?)`},
		{"cli escapes", "[generate]\ncli = \"cmd/../../x\"\n",
			`regstack.toml:2: generate.cli must be a relative slash path inside the module, got "cmd/../../x"`},
		{"cli equals output", "[generate]\noutput = \"internal/auth\"\ncli = \"internal/auth\"\n",
			`regstack.toml:3: generate.cli must differ from generate.output, both are "internal/auth"`},
		{"package", "[generate]\npackage = \"my-auth\"\n",
			`regstack.toml:2: generate.package must be a Go identifier, got "my-auth"`},
		{"package keyword", "[generate]\npackage = \"func\"\n",
			`regstack.toml:2: generate.package must be a Go identifier, got "func"`},
		{"package main", "[generate]\npackage = \"main\"\n",
			`regstack.toml:2: generate.package must not be "main" (the host imports the generated package)`},
		{"hook unknown", "[generate]\nhooks = [\"user_loged_in\"]\n",
			`regstack.toml:2: generate.hooks: unknown event "user_loged_in" (did you mean "user_logged_in"?)`},
		{"hook never fired", "[generate]\nhooks = [\"user_logged_out\"]\n",
			`regstack.toml:2: generate.hooks: "user_logged_out" is never fired, so it cannot have a stub`},
		{"hook twice", "[generate]\nhooks = [\"user_deleted\", \"user_deleted\"]\n",
			`regstack.toml:2: generate.hooks lists "user_deleted" twice`},
		{"oauth provider issuer over http", "enable_oauth = true\n[oauth.providers.corp]\nissuer = \"http://login.corp.example\"\nclient_id = \"a\"\n",
			`regstack.toml:3: oauth.providers.corp.issuer must be https:// (http:// only on a loopback address), got "http://login.corp.example"`},
		{"oauth provider key misspelt", "[oauth.providers.corp]\nissuer = \"https://x.example\"\nclinet_id = \"a\"\n",
			"regstack.toml:1: oauth.providers.corp.client_id is required\n" +
				"regstack.toml:3: unknown key \"oauth.providers.corp.clinet_id\" (a provider table takes kind, issuer, client_id, scopes, display_name)"},
		{"hook of an unknown event", "[generate]\nhooks = [\"user_registered\", \"oauth_signin_failed\"]\n",
			`regstack.toml:2: generate.hooks: unknown event "oauth_signin_failed"`},
		{"inline table", "email = { backend = \"smtp\", smtp_hots = \"x\" }\n",
			"regstack.toml:1: unknown key \"email.smtp_hots\" (did you mean \"email.smtp_host\"?)\n" +
				`regstack.toml:1: email.smtp_host is required when email.backend is "smtp"`},
		{"dotted key", "app_name = \"x\"\nemail.backend = \"ses\"\nemail.from_adress = \"a@b.c\"\n",
			`regstack.toml:3: unknown key "email.from_adress" (did you mean "email.from_address"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("regstack.toml", []byte(tt.toml))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want error", c)
			}
			if c != nil {
				t.Errorf("Parse returned a config with an error")
			}
			if diff := cmp.Diff(tt.want, withoutBackendMissing(err).Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// withoutBackendMissing drops the "backend is not set" error from err. The
// cases of TestParseErrors are minimal files that leave backend out, so
// each of them has that error too; TestParseBackend pins it.
func withoutBackendMissing(err error) error {
	var errs Errors
	if !errors.As(err, &errs) {
		return err
	}
	var out Errors
	for _, e := range errs {
		if e.Key != "backend" || e.Msg != "backend is not set" {
			out = append(out, e)
		}
	}
	return out
}

func TestParseErrorFields(t *testing.T) {
	_, err := Parse("conf/regstack.toml", []byte("backend = \"sqlite\"\n\n[email]\nbackend = \"smtp\"\nsmtp_hots = \"mail\"\n"))
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %T is not Errors", err)
	}
	want := Errors{
		{File: "conf/regstack.toml", Line: 4, Key: "email.smtp_host", Msg: `email.smtp_host is required when email.backend is "smtp"`},
		{File: "conf/regstack.toml", Line: 5, Key: "email.smtp_hots", Msg: `unknown key "email.smtp_hots"`, Hint: `did you mean "email.smtp_host"?`},
	}
	if diff := cmp.Diff(want, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	var one *Error
	if !errors.As(err, &one) || one.Line != 4 {
		t.Errorf("errors.As(*Error) = %v, want the line-4 error", one)
	}
}

func TestParseReportsAllErrorsSortedByLine(t *testing.T) {
	data := `app_name = "x"
jwt_ttl_seconds = 10
enable_oath = true

[generate]
package = "a-b"

[email]
backend = "carrier-pigeon"
from_address = "nobody"
`
	_, err := Parse("regstack.toml", []byte(data))
	want := `regstack.toml:2: jwt_ttl_seconds must be between 60 and 2592000, got 10
regstack.toml:3: unknown key "enable_oath" (did you mean "enable_oauth"?)
regstack.toml:6: generate.package must be a Go identifier, got "a-b"
regstack.toml:9: email.backend must be one of "console", "smtp", "ses", got "carrier-pigeon"
regstack.toml:10: email.from_address is not a valid email address: "nobody"
regstack.toml: backend is not set (add backend = "sqlite", "postgres" or "mongo" to regstack.toml; regstack-gen reads the backend from this key only)`
	if err == nil {
		t.Fatal("Parse succeeded, want errors")
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestErrorWithoutLine(t *testing.T) {
	e := &Error{File: "regstack.toml", Key: "jwt_secret", Msg: "jwt_secret is empty"}
	if got, want := e.Error(), "regstack.toml: jwt_secret is empty"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "regstack.toml")
	if err := os.WriteFile(path, []byte("backend = \"sqlite\"\nbogus = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if want := path + `:2: unknown key "bogus"`; err == nil || err.Error() != want {
		t.Errorf("Load = %v, want %q", err, want)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load(missing) = %v, want a not-exist error", err)
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"enable_oauth", "enable_sms_2fa", "enable_ui_router", "app_name", "api_prefix", "ui_prefix"}
	tests := []struct{ name, want string }{
		{"enable_oath", "enable_oauth"},
		{"enable_oauht", "enable_oauth"},
		{"enable_sms", "enable_sms_2fa"},
		{"enable_ui", "enable_ui_router"},
		{"appname", "app_name"},
		{"api_prefx", "api_prefix"},
		{"ui_prefixes", "ui_prefix"},
		{"colour", ""},
		{"ui", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.name, keys); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseEmptyCLIMeansNone(t *testing.T) {
	cfg, err := Parse("regstack.toml", []byte(sqliteKey+"[generate]\ncli = \"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Generation().CLI; got != "" {
		t.Errorf("generate.cli = %q, want empty", got)
	}
}
