package render

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTableRenamerIdentifiersOnly: table names change in SQL (statements,
// sqlc's query constants, fragments joined to a statement, a catalog
// lookup, a literal that is just a table name), never in comments,
// messages or longer identifiers.
func TestTableRenamerIdentifiersOnly(t *testing.T) {
	r := newTableRenamer(map[string]string{"users": "accounts", "mfa_codes": "second_factors"})
	goTests := []struct{ name, in, want string }{
		{"statement", "q := `SELECT * FROM users WHERE id = ?`", "q := `SELECT * FROM accounts WHERE id = ?`"},
		{"qualified column", "q := `SELECT users.* FROM users LEFT JOIN users ON users.id = ?`", "q := `SELECT accounts.* FROM accounts LEFT JOIN accounts ON accounts.id = ?`"},
		{"sqlc constant, its comment kept", "const listUsers = `-- name: ListUsers :many\n-- lists users\nSELECT id FROM users\n`", "const listUsers = `-- name: ListUsers :many\n-- lists users\nSELECT id FROM accounts\n`"},
		{"interpreted string", `q := "DELETE FROM mfa_codes WHERE user_id = $1"`, `q := "DELETE FROM second_factors WHERE user_id = $1"`},
		{"fragment after a quote", "q := a + `');\nINSERT INTO users VALUES ('x')`", "q := a + `');\nINSERT INTO accounts VALUES ('x')`"},
		{"catalog lookup", "q := `SELECT 1 FROM sqlite_master WHERE name = 'users'`", "q := `SELECT 1 FROM sqlite_master WHERE name = 'accounts'`"},
		{"a table name alone", `for _, t := range []string{"users", "mfa_codes", "oauth_states"} {}`, `for _, t := range []string{"accounts", "second_factors", "oauth_states"} {}`},
		{"error message", `return fmt.Errorf("sqlite: list users: %w", err)`, `return fmt.Errorf("sqlite: list users: %w", err)`},
		{"test failure text", `t.Errorf("users in host database = %d", n)`, `t.Errorf("users in host database = %d", n)`},
		{"longer identifiers", "q := `CREATE INDEX ix_users_email ON users (email); -- users`", "q := `CREATE INDEX ix_users_email ON accounts (email); -- users`"},
		{"Go identifiers and comments", "// users lists users\nfunc users() {}", "// users lists users\nfunc users() {}"},
	}
	for _, tt := range goTests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, string(r.goStrings([]byte(tt.in)))); d != "" {
				t.Errorf("goStrings (-want +got):\n%s", d)
			}
		})
	}
	sql := "-- users: one row per account\nCREATE TABLE users (id TEXT, CONSTRAINT pk_users PRIMARY KEY (id));\n/* mfa_codes hold users' codes */\nCREATE TABLE mfa_codes (user_id TEXT REFERENCES users (id));\n"
	want := "-- users: one row per account\nCREATE TABLE accounts (id TEXT, CONSTRAINT pk_users PRIMARY KEY (id));\n/* mfa_codes hold users' codes */\nCREATE TABLE second_factors (user_id TEXT REFERENCES accounts (id));\n"
	if d := cmp.Diff(want, r.sql(sql)); d != "" {
		t.Errorf("sql (-want +got):\n%s", d)
	}
}
