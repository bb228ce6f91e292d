package e2e

import (
	"net"
	"os"
	"testing"
)

// mailpitEnv returns the SMTP address of the mailpit that
// scripts/with-services.sh starts, split into host and port for init's
// flags, and mailpit's HTTP API URL. Without them the test skips, except
// under CI=true, where CI must provide the server.
func mailpitEnv(t *testing.T) (smtpAddr, smtpHost, smtpPort, apiURL string) {
	t.Helper()
	smtpAddr, apiURL = os.Getenv("REGSTACK_TEST_SMTP_ADDR"), os.Getenv("REGSTACK_TEST_MAILPIT_URL")
	if smtpAddr == "" || apiURL == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("REGSTACK_TEST_SMTP_ADDR and REGSTACK_TEST_MAILPIT_URL are not set; CI must provide mailpit (scripts/with-services.sh)")
		}
		t.Skip("set REGSTACK_TEST_SMTP_ADDR and REGSTACK_TEST_MAILPIT_URL (scripts/with-services.sh starts mailpit)")
	}
	smtpHost, smtpPort, err := net.SplitHostPort(smtpAddr)
	if err != nil {
		t.Fatalf("REGSTACK_TEST_SMTP_ADDR %q: %v", smtpAddr, err)
	}
	return smtpAddr, smtpHost, smtpPort, apiURL
}
