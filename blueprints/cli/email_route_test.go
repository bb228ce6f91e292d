//regstack:feature backend=sqlite

package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// routeTestEmail points the email transport of the configuration at a
// test server through the environment, so doctor's transport check and
// --send-test-email work in a host generated with smtp or ses: SMTP goes
// to the mailpit of REGSTACK_TEST_SMTP_ADDR (without TLS or AUTH, which
// mailpit does not need), SES to an httptest endpoint through the SDK's
// AWS_ENDPOINT_URL_SESV2, with static credentials from the environment.
func routeTestEmail(t *testing.T, configPath string) {
	t.Helper()
	cfg, err := auth.LoadConfig(configPath)
	if err != nil {
		t.Fatalf("loading %s: %v", configPath, err)
	}
	switch cfg.Email.Backend {
	case "smtp":
		addr := os.Getenv("REGSTACK_TEST_SMTP_ADDR")
		if addr == "" {
			if os.Getenv("CI") == "true" {
				t.Fatal("REGSTACK_TEST_SMTP_ADDR is not set; CI must provide mailpit (scripts/with-services.sh)")
			}
			t.Skip("the smtp backend needs REGSTACK_TEST_SMTP_ADDR (scripts/with-services.sh starts mailpit)")
		}
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			t.Fatalf("REGSTACK_TEST_SMTP_ADDR: %v", err)
		}
		t.Setenv("REGSTACK_EMAIL__SMTP_HOST", host)
		t.Setenv("REGSTACK_EMAIL__SMTP_PORT", port)
		t.Setenv("REGSTACK_EMAIL__SMTP_STARTTLS", "false")
		t.Setenv("REGSTACK_EMAIL__SMTP_IMPLICIT_TLS", "false")
		t.Setenv("REGSTACK_EMAIL__SMTP_USERNAME", "")
	case "ses":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" || r.Header.Get("Authorization") == "" {
				http.Error(w, `{"message":"not SendEmail"}`, http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"MessageId":"cli-test"}`)
		}))
		t.Cleanup(srv.Close)
		dir := t.TempDir()
		for k, v := range map[string]string{
			"AWS_ENDPOINT_URL_SESV2":      srv.URL,
			"AWS_ACCESS_KEY_ID":           "AKIDCLITEST",
			"AWS_SECRET_ACCESS_KEY":       "cli-test-secret",
			"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
			"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
			"AWS_EC2_METADATA_DISABLED":   "true",
			"AWS_PROFILE":                 "",
			// The profile of regstack.toml would be looked for in the
			// (empty) shared files; the environment's keys stand in.
			"REGSTACK_EMAIL__SES_PROFILE": "",
		} {
			t.Setenv(k, v)
		}
	}
}
