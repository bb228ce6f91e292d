package config

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// Generation is the part of the configuration that decides which code
// exists (DESIGN §3). Everything else is read by the generated package at
// run time.
type Generation struct {
	// Backend is "sqlite", "postgres" or "mongo".
	Backend string
	// EmailBackend is "console", "smtp" or "ses".
	EmailBackend string
	// SMSBackend is "sns" or "twilio" when SMS2FA is on, else "".
	SMSBackend string
	// Flags holds the boolean generation keys (FlagKeys) that are on, by
	// key: "enable_admin_router". nil when none is.
	Flags map[string]bool
	// OAuthProviders are the built-in providers to generate, sorted; empty
	// unless OAuth is on.
	OAuthProviders []string
	// Output, Package and CLI come from [generate].
	Output, Package, CLI string
	// Hooks are the event names to write stubs for, sorted.
	Hooks []string
	// SQLTables maps each table the *_collection keys rename to its new
	// name, on the SQL backends only: their queries are static SQL, so the
	// names are fixed when the package is generated. MongoDB reads the
	// collection names at run time.
	SQLTables map[string]string
}

// Generation returns the generation keys of c. An SMS backend without
// enable_sms_2fa, or OAuth settings without enable_oauth, select no code,
// so they are left out: changing them needs no regeneration. The
// generated package's generationKeys makes the same choice.
func (c *Config) Generation() Generation {
	g := Generation{
		Backend:      c.Backend,
		EmailBackend: c.Email.Backend,
		Output:       c.Generate.Output,
		Package:      c.Generate.Package,
		CLI:          c.Generate.CLI,
		Hooks:        slices.Sorted(slices.Values(c.Generate.Hooks)),
	}
	for _, k := range auth.Keys() {
		if k.Feature != "" && k.Value(&c.Config) == true {
			if g.Flags == nil {
				g.Flags = map[string]bool{}
			}
			g.Flags[k.Name] = true
		}
	}
	if g.Flags["enable_sms_2fa"] {
		g.SMSBackend = cmp.Or(c.SMS.Backend, "null")
	}
	if g.Flags["enable_oauth"] {
		// The provider code to generate: google for its client id, and
		// one kind per [oauth.providers] kind ("github", else "oidc").
		if c.OAuth.GoogleClientID != "" {
			g.OAuthProviders = append(g.OAuthProviders, "google")
		}
		for _, p := range c.OAuth.Providers {
			g.OAuthProviders = append(g.OAuthProviders, cmp.Or(p.Kind, "oidc"))
		}
		slices.Sort(g.OAuthProviders)
		g.OAuthProviders = slices.Compact(g.OAuthProviders)
	}
	g.Hooks = slices.Compact(g.Hooks)
	g.SQLTables = c.sqlTables(g.Backend)
	return g
}

// Fingerprint is a stable digest of every generation key, "sha256:<hex>".
// regstack.lock records it, so a changed key shows that regeneration is
// due. The encoding is one "name=value" line per key in a fixed order,
// with strings quoted and lists comma-joined; keep it stable, since
// changing it makes every host's lock look stale.
func (g Generation) Fingerprint() string {
	var b strings.Builder
	fmt.Fprintf(&b, "backend=%q\n", g.Backend)
	fmt.Fprintf(&b, "email_backend=%q\n", g.EmailBackend)
	fmt.Fprintf(&b, "sms_backend=%q\n", g.SMSBackend)
	for i, k := range FlagKeys() {
		// A key declared after the fingerprint was pinned (enable_totp, …)
		// is written only when on, so that adding a key leaves the
		// fingerprint, and every host's regstack.lock, as it was for hosts
		// that do not use it.
		if i >= fingerprintPinnedFlags && !g.Flags[k.Key] {
			continue
		}
		// "enable_admin_router" → "admin_router=true", in declaration order.
		fmt.Fprintf(&b, "%s=%t\n", strings.TrimPrefix(k.Key, "enable_"), g.Flags[k.Key])
	}
	fmt.Fprintf(&b, "oauth_providers=%q\n", strings.Join(g.OAuthProviders, ","))
	fmt.Fprintf(&b, "output=%q\n", g.Output)
	fmt.Fprintf(&b, "package=%q\n", g.Package)
	fmt.Fprintf(&b, "cli=%q\n", g.CLI)
	fmt.Fprintf(&b, "hooks=%q\n", strings.Join(g.Hooks, ","))
	b.WriteString(tablesFingerprint(g.SQLTables))
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// fingerprintPinnedFlags is how many boolean generation keys (the first,
// in declaration order: enable_ui_router … enable_oauth) the fingerprint
// always encodes.
const fingerprintPinnedFlags = 6

// FlagKey is a boolean generation key: it turns one blueprint feature on.
type FlagKey struct {
	// Key is the regstack.toml key, e.g. "enable_admin_router".
	Key string
	// Feature is what blueprint directives test, e.g. "admin".
	Feature string
	// Doc says what the feature generates.
	Doc string
	// Default is the key's default value.
	Default bool
}

// FlagKeys returns the boolean generation keys in declaration order, from
// the one declaration of every key (configKeys in blueprints/auth).
func FlagKeys() []FlagKey {
	var out []FlagKey
	for _, k := range auth.Keys() {
		if k.Feature != "" {
			out = append(out, FlagKey{Key: k.Name, Feature: k.Feature, Doc: k.Doc, Default: k.Default == "true"})
		}
	}
	return out
}

// KeyDoc returns the documentation line the key declarations give key, ""
// for an unknown key.
func KeyDoc(key string) string {
	for _, k := range auth.Keys() {
		if k.Name == key {
			return k.Doc
		}
	}
	return ""
}

// IsGenerationKey reports whether key decides what is generated, from the
// key declarations: a feature flag, or a key declared generation(). Every
// key of the [generate] table is one too: only regstack-gen reads it.
func IsGenerationKey(key string) bool {
	if strings.HasPrefix(key, "generate.") {
		return true
	}
	for _, k := range auth.Keys() {
		if k.Name == key {
			return k.Generation || k.Feature != ""
		}
	}
	return false
}
