package config

// Config is a parsed regstack.toml. The toml tag of each field is its key;
// the keys and their defaults are those of the generated package's Config
// (blueprints/auth/config.go, checked by a test), plus the [generate] table,
// which only the generator reads.
type Config struct {
	AppName       string `toml:"app_name"`
	BaseURL       string `toml:"base_url"`
	CookieDomain  string `toml:"cookie_domain"`
	BehindProxy   bool   `toml:"behind_proxy"`
	DatabaseURL   string `toml:"database_url"`
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

	RequireVerification   bool `toml:"require_verification"`
	AllowRegistration     bool `toml:"allow_registration"`
	EnablePasswordReset   bool `toml:"enable_password_reset"`
	EnableAccountDeletion bool `toml:"enable_account_deletion"`
	EnableAdminRouter     bool `toml:"enable_admin_router"`
	EnableUIRouter        bool `toml:"enable_ui_router"`
	EnableSMS2FA          bool `toml:"enable_sms_2fa"`
	EnableOAuth           bool `toml:"enable_oauth"`

	RateLimitDisabled         bool `toml:"rate_limit_disabled"`
	LoginLockoutThreshold     int  `toml:"login_lockout_threshold"`
	LoginLockoutWindowSeconds int  `toml:"login_lockout_window_seconds"`
	LoginMaxPerMinute         int  `toml:"login_max_per_minute"`
	LoginMaxPerHour           int  `toml:"login_max_per_hour"`

	BrandLogoURL      string   `toml:"brand_logo_url"`
	BrandTagline      string   `toml:"brand_tagline"`
	ExtraTemplateDirs []string `toml:"extra_template_dirs"`
	ExtraStaticDirs   []string `toml:"extra_static_dirs"`
	APIPrefix         string   `toml:"api_prefix"`
	UIPrefix          string   `toml:"ui_prefix"`
	StaticPrefix      string   `toml:"static_prefix"`
	ThemeCSSURL       string   `toml:"theme_css_url"`

	PasswordHashMemoryKiB   uint32 `toml:"password_hash_memory_kib"`
	PasswordHashIterations  uint32 `toml:"password_hash_iterations"`
	PasswordHashParallelism uint8  `toml:"password_hash_parallelism"`
	MaxConcurrentHashes     int    `toml:"max_concurrent_hashes"`
	MaxBodyBytes            int64  `toml:"max_body_bytes"`
	HookTimeoutSeconds      int    `toml:"hook_timeout_seconds"`

	Email    EmailConfig    `toml:"email"`
	SMS      SMSConfig      `toml:"sms"`
	OAuth    OAuthConfig    `toml:"oauth"`
	Generate GenerateConfig `toml:"generate"`

	// file is the name errors report; src records the line of each key
	// the file sets, so that errors point at it and so that a key left
	// out can be told from one set to its default.
	file string
	src  map[string]origin
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
	SESRegion    string `toml:"ses_region"`
	SESProfile   string `toml:"ses_profile"`
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
}

// GenerateConfig is the [generate] table: where the generated code goes
// and which hook stubs it gets. The generated package ignores it.
type GenerateConfig struct {
	// Output is the package directory, a slash path relative to the host
	// module root.
	Output string `toml:"output"`
	// Package is the generated package's name.
	Package string `toml:"package"`
	// CLI is the directory of the generated command, relative to the host
	// module root; "" generates no command.
	CLI string `toml:"cli"`
	// Hooks lists upstream event names to write handler stubs for.
	Hooks []string `toml:"hooks"`
}

// origin is where a key's value came from: its line in the file. The
// generator reads regstack.toml alone, never the secrets file or the
// environment, so every clone generates the same code (DESIGN §3).
type origin struct {
	line int
}
