package generator_test

// combination is one entry of the feature matrix (this file holds only the
// table). The golden test (golden_test.go) and the host builds
// (hostbuild_test.go) iterate this one table; TestGoldenFilesMatchTable fails
// when golden/ and the table disagree.
type combination struct {
	// name is the golden file's base name: what the combination selects.
	name string
	// doc is the golden archive's one-line comment.
	doc string
	// toml is the regstack.toml input.
	toml string
}

func combinations() []combination {
	return []combination{
		{
			name: "sqlite-console-default",
			doc:  "What `regstack-gen init --yes` produces: SQLite, console email, every core flow.",
			toml: `app_name = "MyApp"
base_url = "http://localhost:8000"
backend = "sqlite"
database_url = "sqlite:///./regstack.db"

[email]
backend = "console"
`,
		},
		{
			name: "sqlite-console-minimal",
			doc:  "SQLite with password reset and account deletion switched off, no verification, two tables renamed.",
			toml: `app_name = "Minimal"
backend = "sqlite"
database_url = "sqlite:///./minimal.db"
require_verification = false
enable_password_reset = false
enable_account_deletion = false
user_collection = "accounts"
blacklist_collection = "revoked_tokens"
`,
		},
		{
			name: "sqlite-console-hooks-renamed",
			doc:  "A renamed package in another directory, with two hook stubs.",
			toml: `app_name = "Shop"
backend = "sqlite"
database_url = "sqlite+aiosqlite:///./shop.db"
api_prefix = "/auth"
enable_admin_router = true

[generate]
output = "internal/accounts"
package = "accounts"
hooks = ["user_registered", "user_logged_in"]
`,
		},
		{
			name: "postgres-console-admin",
			doc:  "PostgreSQL through the Python library's asyncpg URL form, with the admin API and a renamed table.",
			toml: `app_name = "PgApp"
backend = "postgres"
database_url = "postgresql+asyncpg://app@localhost/app"
enable_admin_router = true
pending_collection = "signups"
`,
		},
		{
			name: "mongo-console-collections",
			doc:  "MongoDB with renamed collections, no password reset, one hook stub.",
			toml: `app_name = "MongoApp"
backend = "mongo"
database_url = "mongodb://localhost:27017/mongoapp"
enable_password_reset = false
user_collection = "accounts"
pending_collection = "signups"
blacklist_collection = "revoked_tokens"

[generate]
hooks = ["user_deleted"]
`,
		},
		{
			name: "sqlite-ses",
			doc:  "SQLite with the Amazon SES email backend (aws-sdk-go-v2 sesv2) in a named region and profile.",
			toml: `app_name = "SesApp"
backend = "sqlite"
database_url = "sqlite:///./sesapp.db"

[email]
backend = "ses"
from_address = "noreply@sesapp.example"
from_name = "Ses App"
ses_region = "eu-central-1"
ses_profile = "regstack"
`,
		},
		{
			name: "postgres-smtp",
			doc:  "PostgreSQL with the SMTP email backend (go-mail): STARTTLS on port 587 with a username; the password comes from the environment.",
			toml: `app_name = "SmtpApp"
backend = "postgres"
database_url = "postgres://app@localhost/app"

[email]
backend = "smtp"
from_address = "noreply@smtpapp.example"
from_name = "Smtp App"
smtp_host = "smtp.example.com"
smtp_port = 587
smtp_username = "mailer"
smtp_timeout_seconds = 15
`,
		},
		{
			name: "sqlite-console-ui",
			doc:  "SQLite with the server-rendered account pages and their static files at the default prefixes.",
			toml: `app_name = "PagesApp"
base_url = "http://localhost:8000"
backend = "sqlite"
database_url = "sqlite:///./pages.db"
enable_ui_router = true
`,
		},
		{
			name: "postgres-console-ui-prefix",
			doc:  "PostgreSQL with the account pages and the admin API, the pages at a renamed ui_prefix and static_prefix.",
			toml: `app_name = "PgPages"
backend = "postgres"
database_url = "postgres://app@localhost/app"
enable_ui_router = true
enable_admin_router = true
ui_prefix = "/users"
static_prefix = "/assets/regstack"
theme_css_url = "/assets/brand.css"
`,
		},
		{
			name: "sqlite-sms-null",
			doc:  "SQLite with SMS 2FA and no [sms] backend: the null backend (logs each text), with a hook stub for mfa_enabled.",
			toml: `app_name = "SmsApp"
backend = "sqlite"
database_url = "sqlite:///./smsapp.db"
enable_sms_2fa = true

[generate]
hooks = ["mfa_enabled"]
`,
		},
		{
			name: "postgres-sms-twilio",
			doc:  "PostgreSQL with SMS 2FA through Twilio (twilio-go); the auth token comes from the environment.",
			toml: `app_name = "TwilioApp"
backend = "postgres"
database_url = "postgres://app@localhost/app"
enable_sms_2fa = true

[sms]
backend = "twilio"
from_number = "+15005550006"
twilio_account_sid = "AC0123456789abcdef0123456789abcdef"
`,
		},
		{
			name: "mongo-sms-sns",
			doc:  "MongoDB with SMS 2FA through Amazon SNS (aws-sdk-go-v2 sns) and an alphanumeric sender id.",
			toml: `app_name = "SnsApp"
backend = "mongo"
database_url = "mongodb://localhost:27017/snsapp"
enable_sms_2fa = true

[sms]
backend = "sns"
from_number = "SnsApp"
sns_region = "eu-west-1"
`,
		},
		{
			name: "sqlite-oauth-google",
			doc:  "SQLite with Google sign-in only (golang.org/x/oauth2, go-oidc); the client secret comes from the environment.",
			toml: `app_name = "GoogleApp"
backend = "sqlite"
database_url = "sqlite:///./googleapp.db"
enable_oauth = true

[oauth]
google_client_id = "1234-abc.apps.googleusercontent.com"
`,
		},
		{
			name: "postgres-oauth-google-github-oidc",
			doc:  "PostgreSQL with Google, GitHub and one OpenID Connect provider, the account pages (sign-in buttons), SMS 2FA and authenticator apps (enforce_mfa_on_oauth_signin).",
			toml: `app_name = "ManyApp"
backend = "postgres"
database_url = "postgres://app@localhost/app"
enable_oauth = true
enable_ui_router = true
enable_sms_2fa = true
enable_totp = true

[oauth]
google_client_id = "1234-abc.apps.googleusercontent.com"
enforce_mfa_on_oauth_signin = true

[oauth.providers.github]
kind = "github"
client_id = "Iv1.0123456789abcdef"

[oauth.providers.corp]
issuer = "https://login.corp.example"
client_id = "manyapp"
display_name = "Corp SSO"
`,
		},
		{
			name: "mongo-oauth-github",
			doc:  "MongoDB with GitHub sign-in only: no go-oidc in the host.",
			toml: `app_name = "MongoOAuth"
backend = "mongo"
database_url = "mongodb://localhost:27017/mongooauth"
enable_oauth = true

[oauth.providers.github]
kind = "github"
client_id = "Iv1.0123456789abcdef"
display_name = "GitHub"
`,
		},
		{
			name: "sqlite-sms-totp",
			doc:  "SQLite with SMS 2FA (null backend) and authenticator apps (pquerna/otp), with a hook stub for totp_enabled.",
			toml: `app_name = "TotpApp"
backend = "sqlite"
database_url = "sqlite:///./totpapp.db"
enable_sms_2fa = true
enable_totp = true

[generate]
hooks = ["totp_enabled"]
`,
		},
		{
			name: "mongo-smtp-totp",
			doc:  "MongoDB with the SMTP email backend (go-mail), SMS 2FA (null backend) and authenticator apps.",
			toml: `app_name = "MongoMail"
backend = "mongo"
database_url = "mongodb://localhost:27017/mongomail"
enable_sms_2fa = true
enable_totp = true

[email]
backend = "smtp"
smtp_host = "smtp.example.com"
smtp_port = 587
smtp_username = "mailer"
`,
		},
	}
}
