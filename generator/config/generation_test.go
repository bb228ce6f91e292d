package config

import (
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sqliteKey is the backend line every regstack.toml needs; the tests
// below start from it.
const sqliteKey = "backend = \"sqlite\"\n"

// flags is a Generation's Flags with the given keys on.
func flags(keys ...string) map[string]bool {
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	return out
}

func TestGeneration(t *testing.T) {
	tests := []struct {
		name, toml string
		want       Generation
	}{
		{"defaults", sqliteKey, Generation{
			Backend: "sqlite", EmailBackend: "console", Flags: flags("enable_password_reset", "enable_account_deletion"),
			Output: "internal/auth", Package: "auth", CLI: "cmd/regstack",
		}},
		{"full", fullTOML, Generation{
			Backend: "postgres", EmailBackend: "smtp", SMSBackend: "twilio",
			Flags:          flags("enable_ui_router", "enable_admin_router", "enable_sms_2fa", "enable_oauth"),
			OAuthProviders: []string{"google"},
			Output:         "internal/accounts", Package: "accounts", CLI: "cmd/accounts",
			Hooks: []string{"user_deleted", "user_registered"},
			SQLTables: map[string]string{
				"users": "u", "pending_registrations": "p", "token_blacklist": "b", "login_attempts": "l",
				"mfa_codes": "m", "oauth_identities": "oi", "oauth_states": "os",
			},
		}},
		// On MongoDB the collection names are read at run time.
		{"mongo collections", "backend = \"mongo\"\nuser_collection = \"accounts\"\n", Generation{
			Backend: "mongo", EmailBackend: "console", Flags: flags("enable_password_reset", "enable_account_deletion"),
			Output: "internal/auth", Package: "auth", CLI: "cmd/regstack",
		}},
		{"sqlite table rename", sqliteKey + "user_collection = \"accounts\"\n", Generation{
			Backend: "sqlite", EmailBackend: "console", Flags: flags("enable_password_reset", "enable_account_deletion"),
			Output: "internal/auth", Package: "auth", CLI: "cmd/regstack",
			SQLTables: map[string]string{"users": "accounts"},
		}},
		// An SMS backend or Google client without the feature flag
		// selects no code.
		{"inert channel settings", sqliteKey + "[sms]\nbackend = \"sns\"\n[oauth]\ngoogle_client_id = \"cid\"\n", Generation{
			Backend: "sqlite", EmailBackend: "console", Flags: flags("enable_password_reset", "enable_account_deletion"),
			Output: "internal/auth", Package: "auth", CLI: "cmd/regstack",
		}},
		{"oauth without built-in provider", sqliteKey + "enable_oauth = true\n", Generation{
			Backend: "sqlite", EmailBackend: "console", Flags: flags("enable_password_reset", "enable_account_deletion", "enable_oauth"),
			Output: "internal/auth", Package: "auth", CLI: "cmd/regstack",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mustParse(t, tt.toml).Generation()); diff != "" {
				t.Errorf("Generation (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGenerationIgnoresDatabaseURL: the backend comes from the backend key
// alone. database_url is a run-time key; one in the file must agree, and
// the default one is never consulted.
func TestGenerationIgnoresDatabaseURL(t *testing.T) {
	for _, toml := range []string{
		"backend = \"postgres\"\n",
		"backend = \"postgres\"\ndatabase_url = \"postgresql://u:p@db/app\"\n",
	} {
		if got := mustParse(t, toml).Generation().Backend; got != "postgres" {
			t.Errorf("Backend of %q = %q, want postgres", toml, got)
		}
	}
}

func TestFingerprintStable(t *testing.T) {
	g := mustParse(t, sqliteKey).Generation()
	// Pinned: a change here makes every host's regstack.lock look stale.
	const want = "sha256:1076842fd1ae2c8c1680363173ee3dcf26b1cae6212e0841214de1b8cbdd4e2f"
	if got := g.Fingerprint(); got != want {
		t.Errorf("Fingerprint() = %s, want %s", got, want)
	}
	if g.Fingerprint() != mustParse(t, sqliteKey).Generation().Fingerprint() {
		t.Error("Fingerprint differs between two parses of the same file")
	}
	a := mustParse(t, sqliteKey+"[generate]\nhooks = [\"user_registered\", \"user_deleted\"]\n").Generation()
	b := mustParse(t, sqliteKey+"[generate]\nhooks = [\"user_deleted\", \"user_registered\"]\n").Generation()
	if a.Fingerprint() != b.Fingerprint() {
		t.Error("the order of hooks changes the fingerprint")
	}
	run := mustParse(t, sqliteKey+"app_name = \"Other\"\njwt_ttl_seconds = 60\nbase_url = \"https://x.example\"\n").Generation()
	if run.Fingerprint() != g.Fingerprint() {
		t.Error("a run-time key changes the fingerprint")
	}
}

func TestFingerprintSensitive(t *testing.T) {
	base := mustParse(t, sqliteKey).Generation()
	changes := []struct {
		name   string
		change func(*Generation)
	}{
		{"Backend", func(g *Generation) { g.Backend = "postgres" }},
		{"EmailBackend", func(g *Generation) { g.EmailBackend = "smtp" }},
		{"SMSBackend", func(g *Generation) { g.SMSBackend = "sns" }},
		{"OAuthProviders", func(g *Generation) { g.OAuthProviders = []string{"google"} }},
		{"Output", func(g *Generation) { g.Output = "internal/accounts" }},
		{"Package", func(g *Generation) { g.Package = "accounts" }},
		{"CLI", func(g *Generation) { g.CLI = "cmd/accounts" }},
		{"Hooks", func(g *Generation) { g.Hooks = []string{"user_registered"} }},
	}
	for _, k := range FlagKeys() {
		changes = append(changes, struct {
			name   string
			change func(*Generation)
		}{k.Key, func(g *Generation) {
			on := maps.Clone(g.Flags)
			if on == nil {
				on = map[string]bool{}
			}
			if on[k.Key] {
				delete(on, k.Key)
			} else {
				on[k.Key] = true
			}
			g.Flags = on
		}})
	}
	seen := map[string]string{base.Fingerprint(): "base"}
	for _, c := range changes {
		g := base
		c.change(&g)
		fp := g.Fingerprint()
		if prev, dup := seen[fp]; dup {
			t.Errorf("changing %s gives the fingerprint of %s", c.name, prev)
		}
		seen[fp] = c.name
	}
}

// TestHookEventsAreUpstreamEvents: the event table holds only events of
// reference §14 that are fired (user_logged_out never is), and the events
// of features upstream lacks (goOnly), each once.
func TestHookEventsAreUpstreamEvents(t *testing.T) {
	goOnly := []string{"totp_enabled", "totp_disabled"}
	upstream := []string{
		"user_registered", "verification_requested", "user_verified", "user_logged_in",
		"mfa_login_started", "password_reset_requested", "password_reset_completed",
		"password_changed", "email_change_requested", "email_changed", "user_deleted",
		"phone_setup_started", "mfa_enabled", "mfa_disabled", "oauth_signin_started",
		"oauth_signin_completed", "oauth_account_linked", "oauth_account_unlinked",
	}
	events, err := HookEvents()
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 {
		t.Fatal("HookEvents() is empty")
	}
	seen := map[string]bool{}
	for _, e := range events {
		if !slices.Contains(upstream, e) && !slices.Contains(goOnly, e) {
			t.Errorf("HookEvents lists %q, which is not a fired upstream event", e)
		}
		if seen[e] {
			t.Errorf("HookEvents lists %q twice", e)
		}
		seen[e] = true
	}
}

func TestTableNameErrors(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"not an identifier", sqliteKey + "user_collection = \"my-users\"\n",
			`regstack.toml:2: user_collection: table name "my-users" is not a plain SQL identifier (use lowercase letters, digits and underscores, starting with a letter or underscore)`},
		{"reserved", sqliteKey + "pending_collection = \"regstack_migrations\"\n",
			`regstack.toml:2: pending_collection: table name "regstack_migrations" is reserved (choose another name)`},
		{"twice", sqliteKey + "user_collection = \"accounts\"\npending_collection = \"accounts\"\n",
			`regstack.toml:3: pending_collection: table name "accounts" is also the user_collection (give every table its own name)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("regstack.toml", []byte(tt.toml))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Parse error:\n got %v\nwant %s", err, tt.want)
			}
		})
	}
	// MongoDB collection names are not SQL identifiers and need not be.
	if _, err := Parse("regstack.toml", []byte("backend = \"mongo\"\nuser_collection = \"My-Users\"\n")); err != nil {
		t.Errorf("mongo collection name refused: %v", err)
	}
}

func TestSQLTablesKey(t *testing.T) {
	tests := []struct{ toml, want string }{
		{sqliteKey, "users,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states"},
		{sqliteKey + "user_collection = \"accounts\"\n", "accounts,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states"},
		{"backend = \"mongo\"\nuser_collection = \"accounts\"\n", ""},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.toml).Generation().SQLTablesKey(); got != tt.want {
			t.Errorf("SQLTablesKey of %q = %q, want %q", tt.toml, got, tt.want)
		}
	}
}
