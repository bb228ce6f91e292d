//regstack:feature email=ses

package auth

import (
	"context"
	"strings"
	"testing"
)

// sesDoctor returns a RegStack with the ses transport and an installed
// schema.
func sesDoctor(t *testing.T) *RegStack {
	t.Helper()
	cfg := testConfig(t)
	cfg.Email.Backend = "ses"
	cfg.Email.SESRegion = "eu-west-1"
	return newTransportRegStack(t, cfg)
}

func TestDoctorSESCredentials(t *testing.T) {
	f := newFakeSES(t, "eu-west-1", map[string]string{"AKIDENVTEST": "env-secret"})
	t.Run("resolvable", func(t *testing.T) {
		isolateAWS(t, f.srv.URL)
		t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENVTEST")
		t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
		c := checkNamed(t, sesDoctor(t).Doctor(context.Background(), DoctorOptions{}), "email transport")
		if want := "ses region eu-west-1, credentials resolved (EnvConfigCredentials, access key …TEST)"; c.Status != CheckPass || c.Detail != want {
			t.Errorf("%v, want a pass with %q", c, want)
		}
	})
	t.Run("missing", func(t *testing.T) {
		isolateAWS(t, f.srv.URL)
		c := checkNamed(t, sesDoctor(t).Doctor(context.Background(), DoctorOptions{}), "email transport")
		if c.Status != CheckFail || !strings.Contains(c.Detail, "no AWS credentials") {
			t.Errorf("%v, want a failure naming the missing credentials", c)
		}
	})
	if n := len(f.received()); n != 0 {
		t.Errorf("the credential check called SES %d times", n)
	}
}

// TestDoctorSendTestEmailSES: --send-test-email goes through SES itself.
func TestDoctorSendTestEmailSES(t *testing.T) {
	f := newFakeSES(t, "eu-west-1", map[string]string{"AKIDENVTEST": "env-secret"})
	isolateAWS(t, f.srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENVTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	checks := sesDoctor(t).Doctor(context.Background(), DoctorOptions{SendTestEmail: "probe@example.com"})
	if c := checkNamed(t, checks, "email send"); c.Status != CheckPass || c.Detail != "probe delivered to probe@example.com via ses" {
		t.Fatalf("email send: %v", c)
	}
	calls := f.received()
	if len(calls) != 1 || calls[0].body.Content.Simple.Subject.Data != "[RegStack] regstack doctor probe" {
		t.Errorf("SendEmail calls %+v, want the probe", calls)
	}
}
