package auth

// Config is the run-time configuration read from regstack.toml, the secrets
// file and REGSTACK_* environment variables (see LoadConfig). Field names
// follow the keys of the Python regstack library; the toml tag is the key,
// and configKeys declares each key's default, rules and documentation. Start from
// DefaultConfig when building a Config in code, then call Validate.
type Config struct {
	AppName      string `toml:"app_name"`
	BaseURL      string `toml:"base_url"`
	CookieDomain string `toml:"cookie_domain"`
	BehindProxy  bool   `toml:"behind_proxy"`
	// DatabaseURL says where the data lives; its scheme must select
	// Backend. It may carry a password, so keep it in the secrets file
	// or the environment.
	DatabaseURL string `toml:"database_url"`
	// Backend is "sqlite", "postgres" or "mongo": a generation key, set in
	// regstack.toml. LoadConfig fills it in with the backend this package
	// was generated for when the file leaves it out; a Config built in
	// code may leave it empty to take the one DatabaseURL selects.
	Backend       string `toml:"backend"`
	MongoDatabase string `toml:"mongodb_database"`

	UserCollection          string `toml:"user_collection"`
	PendingCollection       string `toml:"pending_collection"`
	BlacklistCollection     string `toml:"blacklist_collection"`
	LoginAttemptCollection  string `toml:"login_attempt_collection"`
	MFACodeCollection       string `toml:"mfa_code_collection"`
	OAuthIdentityCollection string `toml:"oauth_identity_collection"`
	OAuthStateCollection    string `toml:"oauth_state_collection"`

	JWTSecret     string `toml:"jwt_secret"`
	JWTAlgorithm  string `toml:"jwt_algorithm"`
	JWTTTLSeconds int    `toml:"jwt_ttl_seconds"`
	JWTAudience   string `toml:"jwt_audience"`
	Transport     string `toml:"transport"`

	VerificationTokenTTLSeconds  int `toml:"verification_token_ttl_seconds"`
	PasswordResetTokenTTLSeconds int `toml:"password_reset_token_ttl_seconds"`
	EmailChangeTokenTTLSeconds   int `toml:"email_change_token_ttl_seconds"`
	SMSCodeLength                int `toml:"sms_code_length"`
	SMSCodeTTLSeconds            int `toml:"sms_code_ttl_seconds"`
	SMSCodeMaxAttempts           int `toml:"sms_code_max_attempts"`
	MFAPendingTokenTTLSeconds    int `toml:"mfa_pending_token_ttl_seconds"`
	SMSCodesPerWindow            int `toml:"sms_codes_per_window"`
	SMSCodeWindowSeconds         int `toml:"sms_code_window_seconds"`

	RequireVerification   bool `toml:"require_verification"`
	AllowRegistration     bool `toml:"allow_registration"`
	EnableUIRouter        bool `toml:"enable_ui_router"`
	EnableAdminRouter     bool `toml:"enable_admin_router"`
	EnableSMS2FA          bool `toml:"enable_sms_2fa"`
	EnablePasswordReset   bool `toml:"enable_password_reset"`
	EnableAccountDeletion bool `toml:"enable_account_deletion"`
	EnableOAuth           bool `toml:"enable_oauth"`
	EnableTOTP            bool `toml:"enable_totp"`

	RateLimitDisabled         bool `toml:"rate_limit_disabled"`
	LoginLockoutThreshold     int  `toml:"login_lockout_threshold"`
	LoginLockoutWindowSeconds int  `toml:"login_lockout_window_seconds"`
	LoginMaxPerMinute         int  `toml:"login_max_per_minute"`
	LoginMaxPerHour           int  `toml:"login_max_per_hour"`

	BrandLogoURL      string   `toml:"brand_logo_url"`
	BrandTagline      string   `toml:"brand_tagline"`
	ExtraTemplateDirs []string `toml:"extra_template_dirs"`
	TemplateDir       string   `toml:"template_dir"`
	ExtraStaticDirs   []string `toml:"extra_static_dirs"`
	APIPrefix         string   `toml:"api_prefix"`
	UIPrefix          string   `toml:"ui_prefix"`
	StaticPrefix      string   `toml:"static_prefix"`
	ThemeCSSURL       string   `toml:"theme_css_url"`

	// PasswordHashMemoryKiB, PasswordHashIterations and
	// PasswordHashParallelism are the Argon2id cost parameters. The defaults
	// equal the Python library's, so its hashes verify here.
	PasswordHashMemoryKiB   uint32 `toml:"password_hash_memory_kib"`
	PasswordHashIterations  uint32 `toml:"password_hash_iterations"`
	PasswordHashParallelism uint8  `toml:"password_hash_parallelism"`
	// MaxConcurrentHashes bounds how many Argon2id computations run at once,
	// so a burst of logins cannot exhaust memory. Zero means
	// DefaultHashSlots: the CPUs divided by the Argon2id lanes, rounded up.
	MaxConcurrentHashes int `toml:"max_concurrent_hashes"`
	// MaxBodyBytes limits JSON request bodies; larger bodies get 413.
	MaxBodyBytes int64 `toml:"max_body_bytes"`
	// HookTimeoutSeconds bounds how long one event handler may run.
	HookTimeoutSeconds int `toml:"hook_timeout_seconds"`
	// ServeOpenAPI serves the package's openapi.json (the document of
	// exactly the generated endpoints) at <APIPrefix>/openapi.json.
	ServeOpenAPI bool `toml:"serve_openapi"`

	Email EmailConfig `toml:"email"`
	SMS   SMSConfig   `toml:"sms"`
	OAuth OAuthConfig `toml:"oauth"`
}

// EmailConfig is the [email] table.
type EmailConfig struct {
	Backend      string `toml:"backend"`
	FromAddress  string `toml:"from_address"`
	FromName     string `toml:"from_name"`
	SMTPHost     string `toml:"smtp_host"`
	SMTPPort     int    `toml:"smtp_port"`
	SMTPStartTLS bool   `toml:"smtp_starttls"`
	SMTPUsername string `toml:"smtp_username"`
	SMTPPassword string `toml:"smtp_password"`
	// SMTPImplicitTLS and SMTPTimeoutSeconds are Go-only keys.
	SMTPImplicitTLS    bool   `toml:"smtp_implicit_tls"`
	SMTPTimeoutSeconds int    `toml:"smtp_timeout_seconds"`
	SESRegion          string `toml:"ses_region"`
	SESProfile         string `toml:"ses_profile"`
}

// SMSConfig is the [sms] table.
type SMSConfig struct {
	Backend          string `toml:"backend"`
	FromNumber       string `toml:"from_number"`
	SNSRegion        string `toml:"sns_region"`
	TwilioAccountSID string `toml:"twilio_account_sid"`
	TwilioAuthToken  string `toml:"twilio_auth_token"`
}

// OAuthConfig is the [oauth] table.
type OAuthConfig struct {
	GoogleClientID          string `toml:"google_client_id"`
	GoogleClientSecret      string `toml:"google_client_secret"`
	GoogleRedirectURI       string `toml:"google_redirect_uri"`
	AutoLinkVerifiedEmails  bool   `toml:"auto_link_verified_emails"`
	EnforceMFAOnOAuthSignin bool   `toml:"enforce_mfa_on_oauth_signin"`
	StateTTLSeconds         int    `toml:"state_ttl_seconds"`
	CompletionTTLSeconds    int    `toml:"completion_ttl_seconds"`
	// Providers are the [oauth.providers.<name>] tables: OpenID Connect
	// issuers and GitHub. They are decoded by hand (config_providers.go),
	// since their names are the user's.
	Providers map[string]OAuthProviderConfig `toml:"-"`
}

// OAuthProviderConfig is one [oauth.providers.<name>] table.
type OAuthProviderConfig struct {
	// Kind is "oidc" (the default: discovery from Issuer) or "github".
	Kind        string
	Issuer      string
	ClientID    string
	Scopes      []string
	DisplayName string
	// ClientSecret comes from REGSTACK_OAUTH__PROVIDERS__<NAME>__CLIENT_SECRET
	// (environment or secrets file), never from regstack.toml.
	ClientSecret string
}

// DefaultConfig returns the configuration used for every key that
// regstack.toml, the secrets file and the environment leave out: the
// defaults configKeys declares, which are the Python library's, so an
// existing regstack configuration behaves the same here.
func DefaultConfig() *Config {
	c := &Config{}
	for _, k := range configKeys() {
		k.setDefault(c)
	}
	return c
}
