//regstack:feature password_reset

package auth

import (
	"net/http"
	"testing"
	"time"
)

// forgot posts forgot-password for email and returns the status and how
// long the request took.
func (e *testEnv) forgot(email string) (int, time.Duration) {
	start := time.Now()
	r := e.do("POST", "/forgot-password", map[string]any{"email": email}, "")
	return r.status, time.Since(start)
}

// TestOutboxForgotPasswordSameForKnownAndUnknown is issue 10 item 5: with a
// slow or a failing mail transport, forgot-password for an account that
// exists and for one that does not answer with the same status in the same
// time (medians of alternating requests; the tolerance is a third of the
// sender's delay, far above the noise of one database write). Before the
// outbox, a 300 ms sender made the known address 300 ms slower and a
// failing sender made it a 500.
func TestOutboxForgotPasswordSameForKnownAndUnknown(t *testing.T) {
	for _, tt := range outboxSenderCases {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t)
			e.register("known@example.com")
			tr := &testTransport{box: e.outbox, delay: tt.delay}
			tr.failing.Store(tt.failing)
			e.rs.SetEmailSender(tr)
			mk, mu := compareKnownUnknown(t, e.forgot, "known@example.com", "nobody@example.com", http.StatusAccepted)
			t.Logf("median forgot-password: known %v, unknown %v (sender delay %v, failing %v)", mk, mu, tt.delay, tt.failing)
			if !tt.failing {
				return
			}
			// The transport recovers: with the default backoff every message
			// is due again within backoffMax (30 s, well within a minute).
			waitOutbox(t, e.rs, func(st OutboxStats) bool { return len(st.Failing) > 0 }, "a failed attempt")
			tr.failing.Store(false)
			e.clock.Advance(defaultOutboxPolicy().backoffMax)
			// One warm-up request and seven rounds for the known address.
			if got := len(e.outbox.messages()); got != 8 {
				t.Fatalf("%d reset emails delivered after recovery, want 8", got)
			}
			token := e.outbox.lastToken(t, "known@example.com")
			e.do("POST", "/reset-password", map[string]any{"token": token, "new_password": "a new password"}, "").
				want(t, http.StatusOK, "")
		})
	}
}
