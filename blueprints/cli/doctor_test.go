//regstack:feature backend=sqlite

package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// TestDoctorDatabaseDown: with a database that cannot be opened (here a
// SQLite file in a directory that does not exist), doctor still runs every
// check: the backend check fails alone with one message, the checks that
// need the database say they were not run, and the rest pass.
func TestDoctorDatabaseDown(t *testing.T) {
	ct := newCLITest(t)
	file := filepath.Join(t.TempDir(), "no-such-dir", "cli.db")
	t.Setenv("REGSTACK_DATABASE_URL", "sqlite:///"+filepath.ToSlash(file))
	r := ct.run("", "doctor", "--send-test-email", "probe@example.com").want(t, 1, "", "2 check(s) failed.")
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		// A host generated with OAuth reports its providers on lines of
		// their own (warnings here: the test gives no client secrets);
		// they have nothing to do with the database.
		if !strings.HasPrefix(l, "⚠ oauth ") {
			lines = append(lines, l)
		}
	}
	want := []string{
		"✓ jwt secret: present",
		"✓ secrets file: ",
		"✗ backend: sqlite unreachable (open " + file + " failed): ",
		"✗ schema: not checked: the database is unreachable",
		"✓ email backend: ",
		"⚠ email outbox: not checked",
		"✓ email send: probe delivered to probe@example.com",
	}
	cfg, err := auth.LoadConfig(ct.config)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.stdout, " email transport: ") {
		// A package generated with the smtp or ses transport checks its
		// connection on a line of its own (whatever email.backend says:
		// the transport is chosen at generation); it must pass.
		want = slices.Insert(want, slices.Index(want, "⚠ email outbox: not checked"), "✓ email transport: ")
	}
	if cfg.EnableSMS2FA {
		// A host generated with SMS 2FA on checks its SMS transport too,
		// which needs no database.
		want = slices.Insert(want, slices.Index(want, "⚠ email outbox: not checked"), "✓ sms transport: ")
	}
	if len(lines) != len(want) {
		t.Fatalf("doctor printed %d lines, want %d:\n%s", len(lines), len(want), r.stdout)
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("line %d: %q, want it to start with %q", i+1, lines[i], w)
		}
	}
	if strings.Contains(r.stdout, "startup") || strings.Count(r.stdout, "sqlite") != 1 {
		t.Errorf("the backend failure is not one clean line:\n%s", r.stdout)
	}
}

// TestDoctorSecretsFileMode: a secrets file that group or others can read
// is a warning (exit status 0), and chmod 600 clears it.
func TestDoctorSecretsFileMode(t *testing.T) {
	ct := newCLITest(t)
	ct.run("", "migrate").want(t, 0, "", "")
	dir := t.TempDir()
	t.Chdir(dir) // the secrets file is read from the current directory
	secrets := filepath.Join(dir, "regstack.secrets.env")
	if err := os.WriteFile(secrets, []byte("REGSTACK_JWT_SECRET="+strongSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(secrets, 0o644); err != nil {
		t.Fatal(err)
	}
	ct.run("", "doctor").want(t, 0,
		"⚠ secrets file: regstack.secrets.env has mode 0644: group and others can access the JWT secret; run `chmod 600 regstack.secrets.env`", "")
	if err := os.Chmod(secrets, 0o600); err != nil {
		t.Fatal(err)
	}
	ct.run("", "doctor").want(t, 0, "✓ secrets file: regstack.secrets.env is private (mode 0600)", "")
}
