package auth

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

// unreachableURL returns a database URL of the same backend as url that
// cannot be opened: a SQLite file in a directory that does not exist, or
// a server address nothing listens on.
func unreachableURL(t *testing.T, url string) string {
	t.Helper()
	scheme, _, _ := strings.Cut(url, "://")
	switch backendSchemes()[scheme] {
	case "sqlite":
		return "sqlite:///" + filepath.ToSlash(filepath.Join(t.TempDir(), "no-such-dir", "regstack.db"))
	case "postgres":
		return fmt.Sprintf("postgresql://regstack:secret@127.0.0.1:%d/regstack?connect_timeout=2", closedPort(t))
	case "mongo":
		return fmt.Sprintf("mongodb://127.0.0.1:%d/regstack?serverSelectionTimeoutMS=500", closedPort(t))
	}
	t.Fatalf("no unreachable URL for %q", url)
	return ""
}

// TestDiagnoseDatabaseDown: with the database down, New fails, but the
// doctor still runs every check. The backend check fails alone with one
// clean message, the checks that need the database say they were not
// run, and the others pass.
func TestDiagnoseDatabaseDown(t *testing.T) {
	cfg := testConfig(t)
	cfg.DatabaseURL = unreachableURL(t, cfg.DatabaseURL)
	kind, cerr := cfg.resolveBackend()
	if cerr != nil {
		t.Fatal(cerr)
	}
	// A host sender, so that in a package generated with the smtp or ses
	// transport (whose test configuration names no server) only the
	// database fails.
	discard := slog.New(slog.DiscardHandler)
	opts := []Option{WithLogger(discard), WithEmail(&mailbox{})}
	if rs, err := New(context.Background(), cfg, opts...); err == nil {
		rs.Close()
		t.Fatal("New succeeded against a database that is down")
	}

	start := time.Now()
	checks := Diagnose(context.Background(), cfg, DoctorOptions{Timeout: 3 * time.Second, SendTestEmail: "probe@example.com"}, opts...)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("Diagnose took %s with the database down", d)
	}
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
	}
	if got, want := strings.Join(names, ","), "jwt secret,secrets file,backend,schema,email backend,email outbox,email send"; got != want {
		t.Fatalf("checks %s, want %s:\n%v", got, want, checks)
	}
	backend := checkNamed(t, checks, "backend")
	if backend.Status != CheckFail || !strings.HasPrefix(backend.Detail, kind+" unreachable (") {
		t.Errorf("backend: %v", backend)
	}
	//regstack:if backend=sqlite

	if kind == "sqlite" {
		// The file is named, and the reason it cannot be opened.
		file, _, _ := parseSQLiteURL(cfg.DatabaseURL)
		if !strings.Contains(backend.Detail, file) || !strings.Contains(backend.Detail, "no-such-dir does not exist") {
			t.Errorf("backend detail does not name the file and its missing directory: %s", backend.Detail)
		}
	}

	//regstack:end
	// One message on one line: no layer's prefix repeated.
	if strings.Contains(backend.Detail, "\n") {
		t.Errorf("backend detail spans lines: %q", backend.Detail)
	}
	for _, layer := range []string{"auth:", "New", kind + ": connect:", kind + ": open:", kind + ": ping:", "opening the"} {
		if strings.Contains(backend.Detail, layer) {
			t.Errorf("backend detail repeats %q: %s", layer, backend.Detail)
		}
	}
	if c := checkNamed(t, checks, "schema"); c.Status != CheckFail || !strings.Contains(c.Detail, "not checked") {
		t.Errorf("schema: %v", c)
	}
	if c := checkNamed(t, checks, "email outbox"); c.Status != CheckWarn || !strings.Contains(c.Detail, "not checked") {
		t.Errorf("email outbox: %v", c)
	}
	for _, name := range []string{"jwt secret", "email backend", "email send"} {
		if c := checkNamed(t, checks, name); c.Status != CheckPass {
			t.Errorf("%v: want a pass, the database has nothing to do with it", c)
		}
	}
	if n := CountFailed(checks); n != 2 {
		t.Errorf("CountFailed = %d, want 2 (backend and schema)", n)
	}
}

// TestDiagnoseHealthy: Diagnose on a working database reports what
// Doctor reports.
func TestDiagnoseHealthy(t *testing.T) {
	e := newTestEnv(t)
	ctx := context.Background()
	got := Diagnose(ctx, e.cfg, DoctorOptions{}, WithClock(e.clock), WithEmail(e.outbox), WithLogger(slog.New(slog.DiscardHandler)))
	want := e.rs.Doctor(ctx, DoctorOptions{})
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Diagnose:\n%v\nDoctor:\n%v", got, want)
	}
	if n := CountFailed(got); n != 0 {
		t.Errorf("CountFailed = %d: %v", n, got)
	}
}

// TestSecretsFileCheck judges real files with real modes.
func TestSecretsFileCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "regstack.secrets.env")
	if c := secretsFileCheck(path, "linux"); c.Status != CheckPass || !strings.Contains(c.Detail, "none in the current directory") {
		t.Errorf("no file: %v", c)
	}
	if err := os.WriteFile(path, []byte("REGSTACK_JWT_SECRET=x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mode   os.FileMode
		status CheckStatus
		detail string
	}{
		{0o600, CheckPass, "is private (mode 0600)"},
		{0o400, CheckPass, "is private (mode 0400)"},
		{0o640, CheckWarn, "has mode 0640: its group can access the JWT secret; run `chmod 600 "},
		{0o604, CheckWarn, "has mode 0604: others can access"},
		{0o644, CheckWarn, "has mode 0644: group and others can access"},
		{0o620, CheckWarn, "has mode 0620: its group can access"},
	}
	for _, tt := range tests {
		if err := os.Chmod(path, tt.mode); err != nil {
			t.Fatal(err)
		}
		c := secretsFileCheck(path, "linux")
		if c.Name != "secrets file" || c.Status != tt.status || !strings.Contains(c.Detail, tt.detail) {
			t.Errorf("mode %04o: %v, want %s containing %q", tt.mode, c, tt.status.Symbol(), tt.detail)
		}
	}
	if c := secretsFileCheck(path, "windows"); c.Status != CheckPass || !strings.Contains(c.Detail, "not checked on Windows") {
		t.Errorf("windows: %v", c)
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dial tcp: refused", "dial tcp: refused"},
		{"failed to connect to `user=app database=app`:\n\t127.0.0.1:1 (127.0.0.1): dial error: refused\n\t127.0.0.1:1 (127.0.0.1): dial error: refused",
			"failed to connect to `user=app database=app`: 127.0.0.1:1 (127.0.0.1): dial error: refused"},
		{"failed:\n\ta: refused\n\tb: refused", "failed: a: refused; b: refused"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
