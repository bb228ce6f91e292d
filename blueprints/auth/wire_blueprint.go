//regstack:omit

package auth

import (
	"context"
	"fmt"
)

// This file exists only in the blueprint, which is the union of every
// feature. A generated package gets wire_gen.go instead, computed from its
// regstack.toml, with the same functions bound to one choice each.

// generatedWith reports the generation keys this package was generated
// with; the blueprint is the union of all features, so it accepts any.
func generatedWith() (generationKeys, bool) { return generationKeys{}, false }

// openStore opens the store cfg.Backend names, or, when it is empty (a
// Config built in code), the one the scheme of cfg.DatabaseURL selects.
func openStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	backend, err := cfg.resolveBackend()
	if err != nil {
		return nil, err
	}
	switch backend {
	case "sqlite":
		return openSQLiteStore(ctx, cfg, o)
	case "postgres":
		return openPostgresStore(ctx, cfg, o)
	case "mongo":
		return openMongoStore(ctx, cfg, o)
	default:
		return nil, fmt.Errorf("backend %q is not in this build", backend)
	}
}

// openEmailSender builds the transport [email] backend names; console when
// it is empty (a Config built in code without DefaultConfig).
func openEmailSender(ctx context.Context, cfg *Config, o *options) (EmailSender, error) {
	switch cfg.Email.Backend {
	case "", "console":
		return openConsoleEmailSender(ctx, cfg, o)
	case "smtp":
		return openSMTPEmailSender(ctx, cfg, o)
	case "ses":
		return openSESEmailSender(ctx, cfg, o)
	default:
		return nil, fmt.Errorf("email backend %q is not in this build", cfg.Email.Backend)
	}
}

// openSMSSender builds the transport [sms] backend names; null when it is
// empty (a Config built in code without DefaultConfig).
func openSMSSender(ctx context.Context, cfg *Config, o *options) (SMSSender, error) {
	switch cfg.SMS.Backend {
	case "", "null":
		return openNullSMSSender(ctx, cfg, o)
	case "sns":
		return openSNSSMSSender(ctx, cfg, o)
	case "twilio":
		return openTwilioSMSSender(ctx, cfg, o)
	default:
		return nil, fmt.Errorf("sms backend %q is not in this build", cfg.SMS.Backend)
	}
}

// registerHookStubs wires the hook_*.go stubs of a generated package; the
// blueprint has none.
func (rs *RegStack) registerHookStubs() {}
