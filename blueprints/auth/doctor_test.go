package auth

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestCheckJWTSecret(t *testing.T) {
	tests := []struct {
		secret string
		status CheckStatus
		detail string
	}{
		{"", CheckFail, "missing"},
		{"too-short", CheckFail, "too short (9 chars; need ≥32)"},
		{strings.Repeat("a", 40), CheckWarn, "low in entropy (about 0 bits"},
		{strings.Repeat("password", 4), CheckWarn, "low in entropy (about 88 bits"},
		{"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", CheckPass, "present (32 chars)"},
		{"test-secret-please-change-0123456789abcdef", CheckPass, "present (42 chars)"},
	}
	for _, tt := range tests {
		t.Run(tt.secret, func(t *testing.T) {
			c := checkJWTSecret(tt.secret)
			if c.Name != "jwt secret" || c.Status != tt.status || !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("checkJWTSecret(%q) = %v, want status %s and detail containing %q", tt.secret, c, tt.status.Symbol(), tt.detail)
			}
		})
	}
}

// checkNamed returns the check called name, failing the test without one.
func checkNamed(t *testing.T, checks []Check, name string) Check {
	t.Helper()
	for _, c := range checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %q check in %v", name, checks)
	return Check{}
}

func TestDoctorHealthy(t *testing.T) {
	e := newTestEnv(t)
	checks := e.rs.Doctor(context.Background(), DoctorOptions{SendTestEmail: "probe@example.com"})
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
		if c.Status != CheckPass {
			t.Errorf("%v: want a pass", c)
		}
	}
	want := []string{"jwt secret", "secrets file", "backend", "schema"}

	//regstack:if backend=mongo

	if _, ok := e.rs.store.(serverVersioner); ok {
		// The MongoDB store reports its server's version.
		want = append(want, "mongodb version")
	}

	//regstack:end

	want = append(want, "email backend", "email outbox", "email send")
	if got, want := strings.Join(names, ","), strings.Join(want, ","); got != want {
		t.Errorf("checks %s, want %s", got, want)
	}
	if n := CountFailed(checks); n != 0 {
		t.Errorf("CountFailed = %d, want 0", n)
	}
	msgs := e.outbox.messages()
	if len(msgs) != 1 || msgs[0].To != "probe@example.com" || msgs[0].Subject != "[RegStack] regstack doctor probe" {
		t.Fatalf("probe not sent as expected: %+v", msgs)
	}
	if c := checkNamed(t, checks, "email send"); c.Detail != "probe delivered to probe@example.com via console" {
		t.Errorf("email send detail %q", c.Detail)
	}
}

func TestDoctorPendingSchema(t *testing.T) {
	cfg := testConfig(t)
	// A host sender: the package's own transport (SMTP, SES) has no
	// settings in testConfig.
	rs, err := New(context.Background(), cfg, WithEmail(&mailbox{}), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	checks := rs.Doctor(context.Background(), DoctorOptions{})
	c := checkNamed(t, checks, "schema")
	if c.Status != CheckFail || !strings.Contains(c.Detail, "pending: ") || !strings.Contains(c.Detail, "run `migrate`") {
		t.Errorf("schema before InstallSchema: %v", c)
	}
	if n := CountFailed(checks); n != 1 {
		t.Errorf("CountFailed = %d, want 1: %v", n, checks)
	}
	if err := rs.InstallSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	if c := checkNamed(t, rs.Doctor(context.Background(), DoctorOptions{}), "schema"); c.Status != CheckPass {
		t.Errorf("schema after InstallSchema: %v", c)
	}
}

func TestDoctorUnreachable(t *testing.T) {
	e := newTestEnv(t)
	if err := e.rs.store.Close(); err != nil {
		t.Fatal(err)
	}
	checks := e.rs.Doctor(context.Background(), DoctorOptions{})
	for _, name := range []string{"backend", "schema"} {
		if c := checkNamed(t, checks, name); c.Status != CheckFail {
			t.Errorf("%v: want a failure on a closed store", c)
		}
	}
}

func TestDoctorBadSend(t *testing.T) {
	e := newTestEnv(t)
	c := checkNamed(t, e.rs.Doctor(context.Background(), DoctorOptions{SendTestEmail: "not an address"}), "email send")
	if c.Status != CheckFail || !strings.Contains(c.Detail, "invalid address") {
		t.Errorf("email send to a bad address: %v", c)
	}
}

func TestCheckString(t *testing.T) {
	tests := []struct {
		c    Check
		want string
	}{
		{Check{"schema", CheckPass, "current"}, "✓ schema: current"},
		{Check{"mongodb version", CheckWarn, "x"}, "⚠ mongodb version: x"},
		{Check{"jwt secret", CheckFail, "y"}, "✗ jwt secret: y"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
