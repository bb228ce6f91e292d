package config

import (
	"maps"
	"regexp"
	"slices"
	"strings"
)

// tableKey is one *_collection setting: on MongoDB the collection name the
// store reads at run time, on the SQL backends a table name fixed when the
// package is generated (sqlc's queries are static SQL).
type tableKey struct {
	key, def string
	value    func(c *Config) string
}

func tableKeys() []tableKey {
	return []tableKey{
		{"user_collection", "users", func(c *Config) string { return c.UserCollection }},
		{"pending_collection", "pending_registrations", func(c *Config) string { return c.PendingCollection }},
		{"blacklist_collection", "token_blacklist", func(c *Config) string { return c.BlacklistCollection }},
		{"login_attempt_collection", "login_attempts", func(c *Config) string { return c.LoginAttemptCollection }},
		{"mfa_code_collection", "mfa_codes", func(c *Config) string { return c.MFACodeCollection }},
		{"oauth_identity_collection", "oauth_identities", func(c *Config) string { return c.OAuthIdentityCollection }},
		{"oauth_state_collection", "oauth_states", func(c *Config) string { return c.OAuthStateCollection }},
	}
}

// sqlIdentifier is what a renamed table may be called: a plain lowercase
// identifier needs no quoting in SQLite or PostgreSQL and survives being
// substituted into the generated SQL.
var sqlIdentifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// reservedTables are the tables the package keeps for itself or adopts from
// the Python library.
var reservedTables = []string{"regstack_migrations", "alembic_version"}

// isSQL reports whether the backend is one of the SQL backends.
func isSQL(backend string) bool { return backend == "sqlite" || backend == "postgres" }

// sqlTables returns the table renames of a SQL backend: default name to the
// configured one, for the keys that differ from the default.
func (c *Config) sqlTables(backend string) map[string]string {
	if !isSQL(backend) {
		return nil
	}
	renames := map[string]string{}
	for _, k := range tableKeys() {
		if v := k.value(c); v != k.def {
			renames[k.def] = v
		}
	}
	if len(renames) == 0 {
		return nil
	}
	return renames
}

// checkTables refuses table names the SQL backends cannot use: not a plain
// identifier, reserved, or the same name twice.
func (c *Config) checkTables() Errors {
	if !isSQL(c.Backend) {
		return nil
	}
	var errs Errors
	seen := map[string]string{}
	for _, k := range tableKeys() {
		v := k.value(c)
		switch {
		case !sqlIdentifier.MatchString(v):
			errs = append(errs, c.problem(k.key, k.key+": table name "+quote(v)+" is not a plain SQL identifier",
				"use lowercase letters, digits and underscores, starting with a letter or underscore"))
		case slices.Contains(reservedTables, v):
			errs = append(errs, c.problem(k.key, k.key+": table name "+quote(v)+" is reserved", "choose another name"))
		case seen[v] != "":
			errs = append(errs, c.problem(k.key, k.key+": table name "+quote(v)+" is also the "+seen[v],
				"give every table its own name"))
		default:
			seen[v] = k.key
		}
	}
	return errs
}

// SQLTablesKey is the generation key that pins the table names, as
// wire_gen.go records it and the generated package's config_generation.go
// computes it: on the SQL backends the seven names in the order of the
// *_collection keys, comma-separated, with the renames applied; "" on
// MongoDB, which reads its collection names at run time.
func (g Generation) SQLTablesKey() string {
	if !isSQL(g.Backend) {
		return ""
	}
	keys := tableKeys()
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.def
		if r, ok := g.SQLTables[k.def]; ok {
			names[i] = r
		}
	}
	return strings.Join(names, ",")
}

// tablesFingerprint is the Fingerprint line of the table renames, "" when
// there are none, so hosts with default names keep their fingerprint.
func tablesFingerprint(renames map[string]string) string {
	if len(renames) == 0 {
		return ""
	}
	var pairs []string
	for _, def := range slices.Sorted(maps.Keys(renames)) {
		pairs = append(pairs, def+"="+renames[def])
	}
	return "sql_tables=" + quote(strings.Join(pairs, ",")) + "\n"
}
