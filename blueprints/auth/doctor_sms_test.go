//regstack:feature sms_2fa

package auth

import (
	"context"
	"strings"
	"testing"
)

// TestDoctorSendTestSMS: --send-test-sms sends through the transport the
// application uses (here a host sender given to WithSMS), and refuses a
// number that is not E.164.
func TestDoctorSendTestSMS(t *testing.T) {
	cfg := testConfig(t)
	cfg.EnableSMS2FA = true
	box := &phoneBox{}
	checks := Diagnose(context.Background(), cfg, DoctorOptions{SendTestSMS: testPhone}, WithSMS(box), WithEmail(&mailbox{}))
	if c := checkNamed(t, checks, "sms transport"); c.Status != CheckPass || !strings.Contains(c.Detail, "*auth.phoneBox") {
		t.Errorf("sms transport %v", c)
	}
	if c := checkNamed(t, checks, "sms send"); c.Status != CheckPass || c.Detail != "probe sent to "+testPhone+" via null" {
		t.Errorf("sms send %v", c)
	}
	if msgs := box.sent(); len(msgs) != 1 || msgs[0].To != testPhone || !strings.Contains(msgs[0].Body, "SMS delivery works") {
		t.Fatalf("texts %+v", msgs)
	}
	checks = Diagnose(context.Background(), cfg, DoctorOptions{SendTestSMS: "415-555-2671"}, WithSMS(box), WithEmail(&mailbox{}))
	if c := checkNamed(t, checks, "sms send"); c.Status != CheckFail || !strings.Contains(c.Detail, "E.164") {
		t.Errorf("sms send to a bad number %v", c)
	}
	if n := len(box.sent()); n != 1 {
		t.Errorf("%d texts after the refused probe", n)
	}
}
