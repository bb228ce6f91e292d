package scaffold

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/generator/config"
)

func TestMergeSecrets(t *testing.T) {
	const jwt = "existing-secret"
	pg := DefaultAnswers()
	pg.Backend, pg.DatabaseURL = "postgres", "postgresql://app@db/app"
	existing := "# mine\nREGSTACK_JWT_SECRET=" + jwt + "\nREGSTACK_EMAIL__SMTP_PASSWORD='hunter2'\n"
	for _, tt := range []struct {
		name      string
		existing  string
		a         Answers
		opts      SecretsOptions
		keepJWT   bool
		want      []string // lines the result must have
		wantNotes []string
	}{
		{"kept", existing, DefaultAnswers(), SecretsOptions{}, true,
			[]string{"# mine", "REGSTACK_JWT_SECRET=" + jwt, "REGSTACK_EMAIL__SMTP_PASSWORD='hunter2'"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)"}},
		{"rotated in place", existing, DefaultAnswers(), SecretsOptions{RotateJWTSecret: true}, false,
			[]string{"# mine", "REGSTACK_EMAIL__SMTP_PASSWORD='hunter2'"},
			[]string{"rotated REGSTACK_JWT_SECRET: every token issued with the old secret is now invalid"}},
		{"empty secret filled", "REGSTACK_JWT_SECRET=\n", DefaultAnswers(), SecretsOptions{}, false, nil,
			[]string{"set the empty REGSTACK_JWT_SECRET to a fresh secret"}},
		{"URL added for a server backend, unterminated last line", "REGSTACK_JWT_SECRET=" + jwt, pg, SecretsOptions{}, true,
			[]string{"REGSTACK_JWT_SECRET=" + jwt, "REGSTACK_DATABASE_URL=postgresql://app@db/app"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)", "added REGSTACK_DATABASE_URL"}},
		{"URL kept unless given", existing + "REGSTACK_DATABASE_URL=postgresql://prod@db/app\n", pg, SecretsOptions{}, true,
			[]string{"REGSTACK_DATABASE_URL=postgresql://prod@db/app"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)", "kept REGSTACK_DATABASE_URL (--database-url replaces it)"}},
		{"URL replaced when given", existing + "REGSTACK_DATABASE_URL=postgresql://prod@db/app\n", pg, SecretsOptions{DatabaseURLGiven: true}, true,
			[]string{"REGSTACK_DATABASE_URL=postgresql://app@db/app"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)", "replaced REGSTACK_DATABASE_URL"}},
		{"URL of another backend replaced", existing + "REGSTACK_DATABASE_URL=mongodb://db/app\n", pg, SecretsOptions{}, true,
			[]string{"REGSTACK_DATABASE_URL=postgresql://app@db/app"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)", "replaced REGSTACK_DATABASE_URL"}},
		{"server URL commented out for SQLite", existing + "REGSTACK_DATABASE_URL=postgresql://prod@db/app\n", DefaultAnswers(), SecretsOptions{}, true,
			[]string{"# REGSTACK_DATABASE_URL=postgresql://prod@db/app  # commented out by regstack-gen init: the backend is sqlite"},
			[]string{"kept REGSTACK_JWT_SECRET (--rotate-jwt-secret replaces it)", "commented out REGSTACK_DATABASE_URL: it selects postgres, the backend is sqlite"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, notes, err := MergeSecrets([]byte(tt.existing), tt.a, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(string(out), "\n")
			if !strings.HasSuffix(string(out), "\n") {
				t.Errorf("no final newline: %q", out)
			}
			for _, w := range tt.want {
				if !contains(lines, w) {
					t.Errorf("lacks %q:\n%s", w, out)
				}
			}
			at, got := findVar(lines, jwtSecretVar)
			if at < 0 || (got == jwt) != tt.keepJWT || (!tt.keepJWT && len(got) != 86) {
				t.Errorf("JWT secret %q (kept: %v)\n%s", got, tt.keepJWT, out)
			}
			if strings.Count(string(out), jwtSecretVar+"=") != 1 {
				t.Errorf("the JWT secret is set more than once:\n%s", out)
			}
			if d := cmp.Diff(tt.wantNotes, notes); d != "" {
				t.Errorf("notes (-want +got):\n%s", d)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func TestIgnoredFiles(t *testing.T) {
	for _, tt := range []struct {
		backend, url string
		want         []string
	}{
		{"sqlite", "sqlite:///./regstack.db", []string{SecretsFile, "/regstack.db", "/regstack.db-wal", "/regstack.db-shm", "/regstack.db-journal"}},
		{"sqlite", "sqlite+aiosqlite:///data/app.db?mode=rwc", []string{SecretsFile, "/data/app.db", "/data/app.db-wal", "/data/app.db-shm", "/data/app.db-journal"}},
		{"sqlite", "sqlite:////var/lib/app.db", []string{SecretsFile}},
		{"sqlite", "sqlite:///../elsewhere.db", []string{SecretsFile}},
		{"sqlite", "sqlite:///:memory:", []string{SecretsFile}},
		{"postgres", "postgresql://db/app", []string{SecretsFile}},
	} {
		a := DefaultAnswers()
		a.Backend, a.DatabaseURL = tt.backend, tt.url
		if d := cmp.Diff(tt.want, a.IgnoredFiles()); d != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.url, d)
		}
	}
	// Rooted and bare entries count as the same.
	if _, changed := GitignoreAll([]byte("regstack.db\n/regstack.db-wal\n"+SecretsFile+"\n"), []string{SecretsFile, "/regstack.db", "/regstack.db-wal"}); changed {
		t.Error("GitignoreAll added an entry that was there")
	}
}

// TestValidate: each problem names the key of the answer it concerns, and
// carries no file or line of init's own rendering.
func TestValidate(t *testing.T) {
	if err := Validate(DefaultAnswers()); err != nil {
		t.Fatalf("the defaults are invalid: %v", err)
	}
	a := DefaultAnswers()
	a.AppName, a.BaseURL, a.Package, a.Output = " ", "ftp://x", "main", "/abs"
	a.Backend, a.DatabaseURL = "postgres", "mongodb://db/app"
	err := Validate(a)
	var es config.Errors
	if !errors.As(err, &es) {
		t.Fatalf("Validate = %v, want config.Errors", err)
	}
	keys := map[string]bool{}
	for _, e := range es {
		keys[e.Key] = true
		if e.File != "" || e.Line != 0 {
			t.Errorf("%v: names init's rendering", e)
		}
	}
	for _, k := range []string{"app_name", "base_url", "generate.package", "generate.output", "database_url"} {
		if !keys[k] {
			t.Errorf("no problem for %s in:\n%v", k, err)
		}
	}
}
