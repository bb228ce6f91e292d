package generator_test

import (
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/config"
)

// TestFeatureCodeShipsOnlyWithItsFeature: a host without the admin API and
// password reset gets neither their store methods, their sqlc queries nor
// their events; one with both gets all of them. Nothing for SMS or OAuth
// ships, since no host can select them yet.
func TestFeatureCodeShipsOnlyWithItsFeature(t *testing.T) {
	tests := []struct {
		name, toml   string
		want, absent []string
	}{
		{"minimal", "backend = \"sqlite\"\nenable_password_reset = false\nenable_account_deletion = false\n",
			[]string{"type Store interface", "func (rs *RegStack) OnUserDeleted(", "func (s *sqliteStore) SetVerified("},
			[]string{"AdminStore interface", "ListUsers(", "CountUsers(", "UpdateUser(", "UserPatch",
				"PasswordResetRequested", "OnPasswordResetCompleted", "MFALoginStarted", "func (rs *RegStack) OnOAuth", "func (rs *RegStack) OnPhoneSetupStarted"}},
		{"admin and reset", "backend = \"postgres\"\nenable_admin_router = true\n",
			[]string{"type AdminStore interface", "func (s *postgresStore) ListUsers(", "func (q *Queries) CountUsers(",
				"rs.adminStore.UpdateUser(", "func (rs *RegStack) OnPasswordResetRequested("},
			[]string{"MFALoginStarted", "func (rs *RegStack) OnOAuth"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := config.Parse("regstack.toml", []byte(tt.toml))
			if err != nil {
				t.Fatal(err)
			}
			_, res, err := generator.Build(cfg, "example.com/host", "v0.0.0-test")
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, p := range res.Tree.Paths() {
				data, _ := res.Tree.Get(p)
				all.WriteString("\n-- " + p + " --\n")
				all.Write(data)
			}
			for _, w := range tt.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("generated package lacks %q", w)
				}
			}
			for _, a := range tt.absent {
				if i := strings.Index(all.String(), a); i >= 0 {
					file := all.String()[:i]
					file = file[strings.LastIndex(file, "\n-- ")+4:]
					file, _, _ = strings.Cut(file, " --")
					t.Errorf("generated package has %q (in %s)", a, file)
				}
			}
		})
	}
}
