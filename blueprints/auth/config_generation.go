package auth

import (
	"fmt"
	"strings"
)

// generationKeys are the settings that decide which code this package
// contains. regstack-gen records them when it generates the package (see
// generatedWith); a configuration asking for others needs a regeneration,
// not just a restart.
type generationKeys struct {
	Backend, EmailBackend, SMSBackend string

	UIRouter, AdminRouter, SMS2FA, PasswordReset, AccountDeletion, OAuth bool

	// SQLTables lists the table names (the *_collection keys, in their
	// documented order, comma-separated) on the SQL backends, whose queries
	// are generated SQL; it is "" on MongoDB, which reads the collection
	// names at run time.
	SQLTables string
}

// generationKeys returns the generation keys c asks for. An SMS backend
// without enable_sms_2fa selects no code, so it does not count, exactly as
// regstack-gen decides.
func (c *Config) generationKeys() generationKeys {
	k := generationKeys{
		Backend:         c.Backend,
		EmailBackend:    c.Email.Backend,
		UIRouter:        c.EnableUIRouter,
		AdminRouter:     c.EnableAdminRouter,
		SMS2FA:          c.EnableSMS2FA,
		PasswordReset:   c.EnablePasswordReset,
		AccountDeletion: c.EnableAccountDeletion,
		OAuth:           c.EnableOAuth,
	}
	if backend, err := c.resolveBackend(); err == nil {
		k.Backend = backend
	}
	if c.EnableSMS2FA {
		k.SMSBackend = c.SMS.Backend
	}
	if k.Backend != "mongo" {
		k.SQLTables = strings.Join([]string{
			c.UserCollection, c.PendingCollection, c.BlacklistCollection, c.LoginAttemptCollection,
			c.MFACodeCollection, c.OAuthIdentityCollection, c.OAuthStateCollection,
		}, ",")
	}
	return k
}

// checkGeneration refuses a configuration that asks for code this package
// was not generated with.
func checkGeneration(c *Config) error {
	generated, ok := generatedWith()
	if !ok {
		return nil
	}
	return compareGeneration(c.generationKeys(), generated)
}

// compareGeneration names every generation key that differs between the
// configuration and the generated code.
func compareGeneration(configured, generated generationKeys) error {
	rows := []struct {
		key       string
		cfg, pkgd any
	}{
		{"backend", configured.Backend, generated.Backend},
		{"email.backend", configured.EmailBackend, generated.EmailBackend},
		{"sms.backend", configured.SMSBackend, generated.SMSBackend},
		{"enable_ui_router", configured.UIRouter, generated.UIRouter},
		{"enable_admin_router", configured.AdminRouter, generated.AdminRouter},
		{"enable_sms_2fa", configured.SMS2FA, generated.SMS2FA},
		{"enable_password_reset", configured.PasswordReset, generated.PasswordReset},
		{"enable_account_deletion", configured.AccountDeletion, generated.AccountDeletion},
		{"enable_oauth", configured.OAuth, generated.OAuth},
		{"*_collection (SQL table names)", configured.SQLTables, generated.SQLTables},
	}
	var diffs []string
	for _, r := range rows {
		if r.cfg != r.pkgd {
			diffs = append(diffs, fmt.Sprintf("\t%s: configured %s, generated %s", r.key, show(r.cfg), show(r.pkgd)))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("the configuration asks for code this package was not generated with; "+
		"run `regstack-gen generate` to regenerate it:\n%s", strings.Join(diffs, "\n"))
}

// show renders a generation key's value as regstack.toml spells it.
func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}
