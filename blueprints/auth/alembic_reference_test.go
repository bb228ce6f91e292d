//regstack:feature !backend=mongo

package auth

import (
	"slices"
	"strings"
	"testing"
)

// The Python library's schema at its Alembic head, as its migrations 0001
// (users, pending_registrations, token_blacklist, login_attempts,
// mfa_codes) and 0002 (oauth_identities, oauth_states; users'
// hashed_password becomes nullable) create it, and the version table
// Alembic adds. The tests read a database InstallSchema created and check
// that the Python library finds every table, column, constraint and index
// it expects there.
//
// Types are named in one vocabulary for both engines: varchar(N), text,
// boolean, integer, timestamptz (the library's UtcDateTime, which
// SQLAlchemy declares DATETIME on SQLite and timestamptz on PostgreSQL).
// Constraints are "PRIMARY KEY (cols)", "UNIQUE (cols)" or "CHECK";
// indexes "(cols)" or "UNIQUE (cols)".

// referenceColumn is one column the Python library declares.
type referenceColumn struct {
	name, typ string
	notNull   bool
}

// referenceTable is one table the Python library declares.
type referenceTable struct {
	name        string
	columns     []referenceColumn
	constraints map[string]string
	indexes     map[string]string
}

// referenceSchema returns the Python library's tables at Alembic head,
// alembic_version included when this package shares its database with the
// library (its tables have the library's names).
func referenceSchema() []referenceTable {
	ts := []referenceTable{
		{name: "users", columns: []referenceColumn{
			{"id", "varchar(36)", true},
			{"email", "varchar(320)", true},
			{"hashed_password", "text", false},
			{"is_active", "boolean", true},
			{"is_verified", "boolean", true},
			{"is_superuser", "boolean", true},
			{"full_name", "varchar(200)", false},
			{"phone_number", "varchar(20)", false},
			{"is_mfa_enabled", "boolean", true},
			{"created_at", "timestamptz", true},
			{"updated_at", "timestamptz", true},
			{"last_login", "timestamptz", false},
			{"tokens_invalidated_after", "timestamptz", false},
		}, constraints: map[string]string{
			"pk_users":     "PRIMARY KEY (id)",
			"email_unique": "UNIQUE (email)",
		}},
		{name: "pending_registrations", columns: []referenceColumn{
			{"id", "varchar(36)", true},
			{"email", "varchar(320)", true},
			{"hashed_password", "text", true},
			{"full_name", "varchar(200)", false},
			{"token_hash", "varchar(64)", true},
			{"created_at", "timestamptz", true},
			{"expires_at", "timestamptz", true},
		}, constraints: map[string]string{
			"pk_pending_registrations": "PRIMARY KEY (id)",
			"pending_email_unique":     "UNIQUE (email)",
			"pending_token_unique":     "UNIQUE (token_hash)",
		}, indexes: map[string]string{
			"ix_pending_expires_at": "(expires_at)",
		}},
		{name: "token_blacklist", columns: []referenceColumn{
			{"id", "integer", true},
			{"jti", "varchar(64)", true},
			{"exp", "timestamptz", true},
		}, constraints: map[string]string{
			"pk_token_blacklist": "PRIMARY KEY (id)",
			"jti_unique":         "UNIQUE (jti)",
		}, indexes: map[string]string{
			"ix_blacklist_exp": "(exp)",
		}},
		{name: "login_attempts", columns: []referenceColumn{
			{"id", "integer", true},
			{"email", "varchar(320)", true},
			{"when", "timestamptz", true},
			{"ip", "varchar(64)", false},
		}, constraints: map[string]string{
			"pk_login_attempts": "PRIMARY KEY (id)",
		}, indexes: map[string]string{
			"ix_login_attempts_email_when": "(email, when)",
		}},
		{name: "mfa_codes", columns: []referenceColumn{
			{"id", "integer", true},
			{"user_id", "varchar(36)", true},
			{"kind", "varchar(32)", true},
			{"code_hash", "varchar(64)", true},
			{"expires_at", "timestamptz", true},
			{"attempts", "integer", true},
			{"max_attempts", "integer", true},
			{"created_at", "timestamptz", true},
		}, constraints: map[string]string{
			"pk_mfa_codes":                 "PRIMARY KEY (id)",
			"user_kind_unique":             "UNIQUE (user_id, kind)",
			"ck_mfa_codes_attempts_nonneg": "CHECK",
		}, indexes: map[string]string{
			"ix_mfa_codes_expires_at": "(expires_at)",
		}},
		{name: "oauth_identities", columns: []referenceColumn{
			{"id", "varchar(36)", true},
			{"user_id", "varchar(36)", true},
			{"provider", "varchar(32)", true},
			{"subject_id", "varchar(255)", true},
			{"email", "varchar(320)", false},
			{"linked_at", "timestamptz", true},
			{"last_used_at", "timestamptz", false},
		}, constraints: map[string]string{
			"pk_oauth_identities":     "PRIMARY KEY (id)",
			"provider_subject_unique": "UNIQUE (provider, subject_id)",
			"user_provider_unique":    "UNIQUE (user_id, provider)",
		}},
		{name: "oauth_states", columns: []referenceColumn{
			{"id", "varchar(64)", true},
			{"provider", "varchar(32)", true},
			{"code_verifier", "text", true},
			{"nonce", "varchar(64)", true},
			{"redirect_to", "text", true},
			{"mode", "varchar(16)", true},
			{"linking_user_id", "varchar(36)", false},
			{"created_at", "timestamptz", true},
			{"expires_at", "timestamptz", true},
			{"result_token", "text", false},
		}, constraints: map[string]string{
			"pk_oauth_states":            "PRIMARY KEY (id)",
			"ck_oauth_states_mode_valid": "CHECK",
		}, indexes: map[string]string{
			"ix_oauth_states_expires_at": "(expires_at)",
		}},
	}
	if sqlTablesArePython() {
		ts = append(ts, referenceTable{name: "alembic_version", columns: []referenceColumn{
			{"version_num", "varchar(32)", true},
		}, constraints: map[string]string{
			"alembic_version_pkc": "PRIMARY KEY (version_num)",
		}})
	}
	return ts
}

// columnShape is a column as a database's catalog describes it.
type columnShape struct {
	typ                 string // in referenceColumn's vocabulary
	notNull, hasDefault bool
}

// tableShape is a table as a database's catalog describes it.
type tableShape struct {
	columns     map[string]columnShape
	constraints map[string]string
	indexes     map[string]string
}

// checkReferenceSchema reports every way the tables shape reads from a
// database (nil for a missing table) differ from what the Python library
// expects at its head revision. Extra tables, indexes and nullable or
// defaulted columns are allowed: SQLAlchemy names its columns in every
// statement and ignores what it does not declare. An extra NOT NULL column
// without a default, or an extra constraint on one of its tables, would
// make its inserts fail, so those are errors.
func checkReferenceSchema(t *testing.T, shape func(table string) *tableShape) {
	t.Helper()
	for _, want := range referenceSchema() {
		got := shape(packageTableName(want.name))
		if got == nil {
			t.Errorf("table %s is missing", packageTableName(want.name))
			continue
		}
		declared := map[string]bool{}
		for _, c := range want.columns {
			declared[c.name] = true
			g, ok := got.columns[c.name]
			switch {
			case !ok:
				t.Errorf("%s.%s is missing", want.name, c.name)
			case g.typ != c.typ || g.notNull != c.notNull:
				t.Errorf("%s.%s is %s (NOT NULL %t), the Python library declares %s (NOT NULL %t)",
					want.name, c.name, g.typ, g.notNull, c.typ, c.notNull)
			}
		}
		for _, name := range sortedKeys(got.columns) {
			if g := got.columns[name]; !declared[name] && g.notNull && !g.hasDefault {
				t.Errorf("%s.%s is NOT NULL without a default: the Python library's inserts would fail", want.name, name)
			}
		}
		for _, name := range sortedKeys(want.constraints) {
			if g, ok := got.constraints[name]; !ok || g != want.constraints[name] {
				t.Errorf("%s: constraint %s is %q, want %q", want.name, name, g, want.constraints[name])
			}
		}
		for _, name := range sortedKeys(got.constraints) {
			if _, ok := want.constraints[name]; !ok {
				t.Errorf("%s: constraint %s (%s) is not the Python library's", want.name, name, got.constraints[name])
			}
		}
		for _, name := range sortedKeys(want.indexes) {
			if g, ok := got.indexes[name]; !ok || g != want.indexes[name] {
				t.Errorf("%s: index %s is %q, want %q", want.name, name, g, want.indexes[name])
			}
		}
	}
}

// packageTableName returns the name this package gives the Python
// library's table python: the *_collection keys may rename them. (This
// file serves both SQL engines, so regstack-gen does not rename the names
// in its literals; the check still runs on renamed tables, whose shape is
// the same.)
func packageTableName(python string) string {
	k, ok := generatedWith()
	if !ok {
		return python
	}
	defaults, names := strings.Split(pythonSQLTables, ","), strings.Split(k.SQLTables, ",")
	if i := slices.Index(defaults, python); i >= 0 && len(names) == len(defaults) {
		return names[i]
	}
	return python
}

// sortedKeys returns m's keys in order, for stable failure messages.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// catalogColumns turns a catalog's column list ("a", "b" or a, b) into
// the vocabulary above: "(a, b)".
func catalogColumns(cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"`)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// wantAlembicRows is what alembic_version holds after InstallSchema on a
// database it created: the Python library's head, or no table at all in a
// package whose tables are renamed.
func wantAlembicRows(head string) []string {
	if !sqlTablesArePython() {
		return nil
	}
	return []string{head}
}
