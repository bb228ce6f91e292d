package auth

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sqliteGeneration is a package generated for SQLite with console email
// and the default flows: the keys the tests below load a configuration
// against, whatever this package itself was generated with.
func sqliteGeneration() *generationKeys {
	return &generationKeys{Backend: "sqlite", EmailBackend: "console", Flags: defaultFlags(),
		SQLTables: "users,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states"}
}

// defaultFlags are the boolean generation keys that are on by default.
func defaultFlags() map[string]bool {
	return map[string]bool{"enable_password_reset": true, "enable_account_deletion": true}
}

// sqliteTOML is the regstack.toml such a package was generated from.
const sqliteTOML = "backend = \"sqlite\"\ndatabase_url = \"sqlite:///./app.db\"\n"

// TestLoadConfigRefusesGenerationVariables: regstack-gen reads generation
// keys from regstack.toml alone, so a secrets-file entry or environment
// variable asking for other code is an error naming the variable, never a
// silent difference between what runs and what the generated code does.
func TestLoadConfigRefusesGenerationVariables(t *testing.T) {
	tests := []struct {
		name         string
		env, secrets string // NAME=value
		want         string
	}{
		{"env flag", "REGSTACK_ENABLE_ADMIN_ROUTER=true", "",
			"REGSTACK_ENABLE_ADMIN_ROUTER: enable_admin_router is a generation key, which only regstack.toml sets: " +
				"this package was generated with enable_admin_router = false, the setting asks for true " +
				"(remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`)"},
		{"secrets-file flag", "", "REGSTACK_ENABLE_PASSWORD_RESET=false",
			"regstack.secrets.env (REGSTACK_ENABLE_PASSWORD_RESET): enable_password_reset is a generation key, which only regstack.toml sets: " +
				"this package was generated with enable_password_reset = true, the setting asks for false " +
				"(remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`)"},
		// No second complaint about the smtp_host that smtp would need.
		{"email backend", "REGSTACK_EMAIL__BACKEND=smtp", "",
			`REGSTACK_EMAIL__BACKEND: email.backend is a generation key, which only regstack.toml sets: ` +
				`this package was generated with email.backend = "console", the setting asks for "smtp" ` +
				"(remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`)"},
		{"backend", "REGSTACK_BACKEND=postgres\nREGSTACK_DATABASE_URL=postgresql://u:pw@db/app", "",
			`REGSTACK_BACKEND: backend is a generation key, which only regstack.toml sets: ` +
				`this package was generated with backend = "sqlite", the setting asks for "postgres" ` +
				"(remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`)"},
		{"sql table name", "REGSTACK_USER_COLLECTION=accounts", "",
			`REGSTACK_USER_COLLECTION: user_collection is a generation key, which only regstack.toml sets: ` +
				`this package was generated with *_collection (SQL table names) = "users,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states", ` +
				`the setting asks for "accounts,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states" ` +
				"(remove the setting; to change the generated code, edit regstack.toml and run `regstack-gen generate`)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			writeFile(t, "regstack.toml", sqliteTOML)
			writeFile(t, secretsFile, "REGSTACK_JWT_SECRET=s\n"+tt.secrets+"\n")
			for _, kv := range strings.Split(tt.env, "\n") {
				if name, value, ok := strings.Cut(kv, "="); ok {
					t.Setenv(name, value)
				}
			}
			_, err := loadConfig("", sqliteGeneration(), nil)
			if err == nil {
				t.Fatal("loadConfig succeeded, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadConfigAcceptsGenerationVariablesThatAgree: a variable repeating
// the generated value changes nothing and is accepted.
func TestLoadConfigAcceptsGenerationVariablesThatAgree(t *testing.T) {
	isolate(t)
	writeFile(t, "regstack.toml", sqliteTOML)
	t.Setenv("REGSTACK_JWT_SECRET", "s")
	t.Setenv("REGSTACK_ENABLE_ADMIN_ROUTER", "false")
	t.Setenv("REGSTACK_EMAIL__BACKEND", "console")
	t.Setenv("REGSTACK_BACKEND", "sqlite")
	if _, err := loadConfig("", sqliteGeneration(), nil); err != nil {
		t.Errorf("loadConfig: %v", err)
	}
}

// TestLoadConfigDatabaseURLOfAnotherBackend: database_url is a run-time
// key, but wherever it comes from it must select the backend the package
// was generated for; the error names where it came from, never the URL.
func TestLoadConfigDatabaseURLOfAnotherBackend(t *testing.T) {
	const msg = `database_url's scheme "mongodb" selects backend "mongo", but backend is "sqlite" ` +
		`(point database_url at a sqlite database (in regstack.toml, or REGSTACK_DATABASE_URL in regstack.secrets.env ` +
		`or the environment); the backend is a generation key of regstack.toml)`
	tests := []struct {
		name, toml, secrets, env, want string
	}{
		{"environment", sqliteTOML, "", "mongodb://u:pw@db/app", "REGSTACK_DATABASE_URL: " + msg},
		{"secrets file", sqliteTOML, "REGSTACK_DATABASE_URL=mongodb://u:pw@db/app", "", "regstack.secrets.env (REGSTACK_DATABASE_URL): " + msg},
		{"regstack.toml", "backend = \"sqlite\"\napp_name = \"x\"\ndatabase_url = \"mongodb://u:pw@db/app\"\n", "", "", "regstack.toml:3: " + msg},
		// A regstack.toml from before the backend key: the generated
		// backend stands in for it.
		{"toml without backend", "app_name = \"x\"\n", "", "mongodb://u:pw@db/app", "REGSTACK_DATABASE_URL: " + msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolate(t)
			writeFile(t, "regstack.toml", tt.toml)
			writeFile(t, secretsFile, "REGSTACK_JWT_SECRET=s\n"+tt.secrets+"\n")
			if tt.env != "" {
				t.Setenv("REGSTACK_DATABASE_URL", tt.env)
			}
			_, err := loadConfig("", sqliteGeneration(), nil)
			if err == nil {
				t.Fatal("loadConfig succeeded, want an error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestLoadConfigBackendFromGeneration: a regstack.toml without the backend
// key (or no file at all) gets the generated backend, and a database_url
// of that backend from the environment is accepted.
func TestLoadConfigBackendFromGeneration(t *testing.T) {
	isolate(t)
	writeFile(t, "regstack.toml", "app_name = \"x\"\n")
	t.Setenv("REGSTACK_JWT_SECRET", "s")
	t.Setenv("REGSTACK_DATABASE_URL", "postgresql://u:pw@db/app")
	gen := sqliteGeneration()
	gen.Backend = "postgres"
	c, err := loadConfig("", gen, nil)
	if err != nil {
		t.Fatalf("loadConfig: %v", err)
	}
	if c.Backend != "postgres" {
		t.Errorf("Backend = %q, want postgres", c.Backend)
	}
	// The default database_url is SQLite's: a PostgreSQL package needs one.
	os.Unsetenv("REGSTACK_DATABASE_URL") // t.Setenv restores it
	_, err = loadConfig("", gen, nil)
	want := `database_url's scheme "sqlite" selects backend "sqlite", but backend is "postgres"`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("loadConfig without a database_url = %v, want %q…", err, want)
	}
}
