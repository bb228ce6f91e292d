package auth

import (
	"cmp"
	"fmt"
	"strings"
)

// generationKeys are the settings that decide which code this package
// contains. regstack-gen reads them from regstack.toml alone and records
// them when it generates the package (see generatedWith); a configuration
// asking for others needs a regeneration, not just a restart.
type generationKeys struct {
	Backend, EmailBackend, SMSBackend string

	// Flags holds the boolean generation keys configKeys declares (those
	// that select a feature) that are on, by key: "enable_admin_router".
	Flags map[string]bool

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
	k := generationKeys{Backend: c.Backend, EmailBackend: c.Email.Backend}
	for _, key := range configKeys() {
		if key.feature != "" && *key.ptr(c).(*bool) {
			if k.Flags == nil {
				k.Flags = map[string]bool{}
			}
			k.Flags[key.key] = true
		}
	}
	if backend, err := c.resolveBackend(); err == nil {
		k.Backend = backend
	}
	if c.EnableSMS2FA {
		k.SMSBackend = cmp.Or(c.SMS.Backend, "null")
	}
	if k.Backend != "mongo" {
		k.SQLTables = strings.Join([]string{
			c.UserCollection, c.PendingCollection, c.BlacklistCollection, c.LoginAttemptCollection,
			c.MFACodeCollection, c.OAuthIdentityCollection, c.OAuthStateCollection,
		}, ",")
	}
	return k
}

// generationRow is one generation key as the comparison sees it.
type generationRow struct {
	name      string   // how messages name it
	keys      []string // the configuration keys that decide it
	cfg, pkgd any      // configured and generated values
}

// generationRows pairs each generation key of configured with generated.
func generationRows(configured, generated generationKeys) []generationRow {
	rows := []generationRow{
		{"backend", []string{"backend"}, configured.Backend, generated.Backend},
		{"email.backend", []string{"email.backend"}, configured.EmailBackend, generated.EmailBackend},
		{"sms.backend", []string{"sms.backend", "enable_sms_2fa"}, configured.SMSBackend, generated.SMSBackend},
	}
	for _, k := range configKeys() {
		if k.feature != "" {
			rows = append(rows, generationRow{k.key, []string{k.key}, configured.Flags[k.key], generated.Flags[k.key]})
		}
	}
	return append(rows, generationRow{"*_collection (SQL table names)", []string{
		"user_collection", "pending_collection", "blacklist_collection", "login_attempt_collection",
		"mfa_code_collection", "oauth_identity_collection", "oauth_state_collection",
	}, configured.SQLTables, generated.SQLTables})
}

// refuseGenerationVariables reports each generation key that a secrets-file
// entry or an environment variable (vars maps the key to it) sets to other
// code than this package was generated with. regstack-gen reads generation
// keys from regstack.toml alone, so regenerating could never honour the
// variable; the error names it instead of asking for a regeneration. A
// variable that repeats the generated value changes nothing and is
// accepted.
func refuseGenerationVariables(configured, generated generationKeys, vars map[string]string) []*configError {
	var errs []*configError
	for _, r := range generationRows(configured, generated) {
		if r.cfg == r.pkgd {
			continue
		}
		for _, key := range r.keys {
			where, ok := vars[key]
			if !ok {
				continue
			}
			errs = append(errs, &configError{where: where, key: key,
				msg: fmt.Sprintf("%s is a generation key, which only regstack.toml sets: this package was generated with %s = %s, the setting asks for %s",
					key, r.name, show(r.pkgd), show(r.cfg)),
				hint: "remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`"})
		}
	}
	return errs
}

// compareGeneration names every generation key that differs between the
// configuration and the generated code, each where it was set: src maps a
// key to its source ("regstack.toml:27"; "" for an override in code), and
// a key in no source has its default.
func compareGeneration(configured, generated generationKeys, src map[string]string) error {
	var diffs []string
	for _, r := range generationRows(configured, generated) {
		if r.cfg == r.pkgd {
			continue
		}
		where, origin := "", " (not set: the default)"
		for _, key := range r.keys {
			if w, ok := src[key]; ok {
				where, origin = w, ""
				if w == "" {
					origin = " (set in code)"
				}
				break
			}
		}
		line := fmt.Sprintf("%s: configured %s%s, generated %s", r.name, show(r.cfg), origin, show(r.pkgd))
		if where != "" {
			line = where + ": " + line
		}
		diffs = append(diffs, "\t"+line)
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
