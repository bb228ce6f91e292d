package plan

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/config"
)

// testEvents is a two-event table: one core, one of password_reset.
const testEvents = `package auth

type eventHandlerLists struct {
	userRegistered eventHandlers[UserRegistered]

	//regstack:if password_reset

	passwordResetRequested eventHandlers[PasswordResetRequested]

	//regstack:end
}

type UserRegistered struct{}

func (UserRegistered) EventName() string { return "user_registered" }

func (rs *RegStack) OnUserRegistered() {}

//regstack:if password_reset

type PasswordResetRequested struct{}

func (PasswordResetRequested) EventName() string { return "password_reset_requested" }

func (rs *RegStack) OnPasswordResetRequested() {}

//regstack:end
`

func testIndex(t *testing.T) blueprint.Index {
	t.Helper()
	idx, err := blueprint.Load(fstest.MapFS{
		"auth/core.go":                            {Data: []byte("package auth\n")},
		"auth/dev.go":                             {Data: []byte("//regstack:omit\n\npackage auth\n")},
		"auth/reset.go":                           {Data: []byte("//regstack:feature password_reset\n\npackage auth\n")},
		"auth/store_sqlite.go":                    {Data: []byte("//regstack:feature backend=sqlite\n\npackage auth\n")},
		"auth/email_console.go":                   {Data: []byte("//regstack:feature email=console\n\npackage auth\n")},
		"auth/internal/sqlitedb/regstack.feature": {Data: []byte("backend=sqlite\n")},
		"auth/internal/sqlitedb/db.go":            {Data: []byte("package sqlitedb\n")},
		"auth/events.go":                          {Data: []byte(testEvents)},
		"cli/main.go":                             {Data: []byte("package main\n")},
		"cli/cli_test.go":                         {Data: []byte("//regstack:feature backend=sqlite\n\npackage main\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return idx
}

// parse returns the generation keys of a SQLite host whose regstack.toml
// is the backend line followed by toml.
func parse(t *testing.T, toml string) config.Generation {
	t.Helper()
	cfg, err := config.Parse("regstack.toml", []byte("backend = \"sqlite\"\n"+toml))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Generation()
}

func TestMake(t *testing.T) {
	g := parse(t, "enable_account_deletion = false\n[generate]\noutput = \"internal/accounts\"\nhooks = [\"user_registered\"]\n")
	p, err := Make(g, testIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range p.Files {
		got = append(got, f.HostPath+" "+string(f.Policy)+" "+f.Reason)
	}
	want := []string{
		"cmd/regstack/cli_test.go managed backend=sqlite",
		"cmd/regstack/main.go managed ",
		"internal/accounts/core.go managed ",
		"internal/accounts/email_console.go managed email=console",
		"internal/accounts/events.go managed ",
		"internal/accounts/hook_user_registered.go stub ",
		"internal/accounts/internal/sqlitedb/db.go managed backend=sqlite",
		"internal/accounts/reset.go managed password_reset",
		"internal/accounts/store_sqlite.go managed backend=sqlite",
		"internal/accounts/wire_gen.go computed ",
		"internal/accounts/wire_gen_test.go computed ",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("planned files (-want +got):\n%s", d)
	}
	if p.Features.Has("account_deletion") || !p.Features.Has("password_reset") {
		t.Errorf("features %v", p.Features)
	}
}

// TestMakeHooks: a stub is planned only for an event the feature set
// generates; the plan carries the event's Go names for render.
func TestMakeHooks(t *testing.T) {
	p, err := Make(parse(t, "enable_account_deletion = false\n[generate]\nhooks = [\"password_reset_requested\", \"user_registered\"]\n"), testIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range p.Hooks {
		got = append(got, e.Name+" "+e.OnMethod()+" "+e.StubFunc())
	}
	want := []string{
		"password_reset_requested OnPasswordResetRequested onPasswordResetRequested",
		"user_registered OnUserRegistered onUserRegistered",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("hooks (-want +got):\n%s", d)
	}
	_, err = Make(parse(t, "enable_account_deletion = false\nenable_password_reset = false\n[generate]\nhooks = [\"password_reset_requested\"]\n"), testIndex(t))
	want1 := `generate.hooks: "password_reset_requested" is only fired with password_reset (set enable_password_reset, or remove the hook)`
	if err == nil || err.Error() != want1 {
		t.Errorf("hook of a feature not selected: err = %v, want %q", err, want1)
	}
}

func TestMakeCLI(t *testing.T) {
	tests := []struct {
		toml string
		want []string
	}{
		{"enable_account_deletion = false\n[generate]\ncli = \"cmd/admin\"\n", []string{"cmd/admin/cli_test.go", "cmd/admin/main.go"}},
		{"enable_account_deletion = false\n[generate]\ncli = \"\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.toml, func(t *testing.T) {
			p, err := Make(parse(t, tt.toml), testIndex(t))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range p.Files {
				if strings.HasPrefix(f.Source, "cli/") {
					got = append(got, f.HostPath)
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("CLI files (-want +got):\n%s", d)
			}
		})
	}
}

func TestMakeRefusesUnavailableFeatures(t *testing.T) {
	_, err := Make(parse(t, "enable_admin_router = true\n"), testIndex(t))
	if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "enable_admin_router") {
		t.Fatalf("err = %v, want ErrUnavailable naming enable_admin_router", err)
	}
}

func TestAvailable(t *testing.T) {
	var names []string
	for _, f := range Available(testIndex(t)) {
		names = append(names, f.Name)
	}
	if d := cmp.Diff([]string{"backend=sqlite", "email=console", "password_reset"}, names); d != "" {
		t.Errorf("Available (-want +got):\n%s", d)
	}
}
