package config

// Default returns a Config holding every default: the Python library's
// (reference §12.2, §12.3) plus the Go port's own keys and [generate].
func Default() *Config {
	return &Config{
		AppName: "RegStack",
		BaseURL: "http://localhost:8000",
		// The Python default is sqlite+aiosqlite:///./regstack.db; that
		// spelling is accepted as an alias of sqlite:// (see backend.go).
		DatabaseURL:   "sqlite:///./regstack.db",
		MongoDatabase: "regstack",

		UserCollection:          "users",
		PendingCollection:       "pending_registrations",
		BlacklistCollection:     "token_blacklist",
		LoginAttemptCollection:  "login_attempts",
		MFACodeCollection:       "mfa_codes",
		OAuthIdentityCollection: "oauth_identities",
		OAuthStateCollection:    "oauth_states",

		JWTAlgorithm:  "HS256",
		JWTTTLSeconds: 7200,
		Transport:     "bearer",

		VerificationTokenTTLSeconds:  86400,
		PasswordResetTokenTTLSeconds: 1800,
		EmailChangeTokenTTLSeconds:   3600,
		SMSCodeLength:                6,
		SMSCodeTTLSeconds:            300,
		SMSCodeMaxAttempts:           5,
		MFAPendingTokenTTLSeconds:    600,

		RequireVerification:   true,
		AllowRegistration:     true,
		EnablePasswordReset:   true,
		EnableAccountDeletion: true,

		LoginLockoutThreshold:     5,
		LoginLockoutWindowSeconds: 900,
		LoginMaxPerMinute:         5,
		LoginMaxPerHour:           20,

		APIPrefix:    "/api/auth",
		UIPrefix:     "/account",
		StaticPrefix: "/regstack-static",

		// The Argon2id parameters of the Python library (argon2-cffi's
		// defaults), so that its hashes verify and new ones match.
		PasswordHashMemoryKiB:   65536,
		PasswordHashIterations:  3,
		PasswordHashParallelism: 4,
		MaxBodyBytes:            1 << 20,
		HookTimeoutSeconds:      10,

		Email: EmailConfig{
			Backend:      "console",
			FromAddress:  "noreply@example.com",
			FromName:     "RegStack",
			SMTPPort:     587,
			SMTPStartTLS: true,
			SESRegion:    "eu-west-1",
		},
		SMS: SMSConfig{
			SNSRegion: "eu-west-1",
		},
		OAuth: OAuthConfig{
			StateTTLSeconds:      300,
			CompletionTTLSeconds: 30,
		},
		Generate: GenerateConfig{
			Output:  "internal/auth",
			Package: "auth",
			CLI:     "cmd/regstack",
		},
	}
}
