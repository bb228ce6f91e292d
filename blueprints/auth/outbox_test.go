package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testTransport is an EmailSender whose speed and failure a test controls;
// what it delivers goes to a mailbox.
type testTransport struct {
	box     *mailbox
	delay   time.Duration
	failing atomic.Bool
	calls   atomic.Int64
	// entered, when set, receives a value as each Send starts.
	entered chan struct{}
}

func (s *testTransport) Send(ctx context.Context, m EmailMessage) error {
	s.calls.Add(1)
	if s.entered != nil {
		s.entered <- struct{}{}
	}
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if s.failing.Load() {
		return errors.New("smtp: 421 4.3.2 service not available")
	}
	return s.box.Send(ctx, m)
}

// sibling starts another RegStack on e's database and clock (another
// process sharing the database, or the same application after a restart),
// with a mailbox of its own. opts come after the test defaults.
func (e *testEnv) sibling(opts ...Option) *testEnv {
	e.t.Helper()
	s := &testEnv{t: e.t, cfg: e.cfg, clock: e.clock, outbox: &mailbox{}}
	s.outbox.settle = s.waitOutboxDrained
	base := []Option{WithClock(e.clock), WithEmail(s.outbox), WithLogger(slog.New(slog.DiscardHandler))}
	rs, err := New(context.Background(), e.cfg, append(base, opts...)...)
	if err != nil {
		e.t.Fatalf("New: %v", err)
	}
	e.t.Cleanup(func() { rs.Close() })
	if err := rs.InstallSchema(context.Background()); err != nil {
		e.t.Fatalf("InstallSchema: %v", err)
	}
	s.rs, s.handler = rs, rs.Handler()
	return s
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// outboxSenderCases are the transports the timing tests run against.
var outboxSenderCases = []struct {
	name    string
	delay   time.Duration
	failing bool
}{
	{"slow sender", 300 * time.Millisecond, false},
	{"failing sender", 0, true},
	{"slow failing sender", 300 * time.Millisecond, true},
}

// compareKnownUnknown sends request for the known and the unknown address,
// alternating, rounds times each after one warm-up each, and fails unless
// every answer has status want and the two medians are within tolerance:
// a third of the slow sender's delay, far above the noise of the one
// database write the known address costs. It returns the medians.
func compareKnownUnknown(t *testing.T, request func(addr string) (int, time.Duration), known, unknown string, want int) (mk, mu time.Duration) {
	t.Helper()
	const rounds = 7
	const tolerance = 100 * time.Millisecond
	request(known)
	request(unknown)
	var k, u []time.Duration
	for range rounds {
		for _, addr := range []string{known, unknown} {
			status, d := request(addr)
			if status != want {
				t.Fatalf("request for %s: status %d, want %d", addr, status, want)
			}
			if addr == known {
				k = append(k, d)
			} else {
				u = append(u, d)
			}
		}
	}
	mk, mu = median(k), median(u)
	if diff := (mk - mu).Abs(); diff > tolerance {
		t.Errorf("known and unknown addresses differ by %v (known %v, unknown %v), want under %v", diff, mk, mu, tolerance)
	}
	return mk, mu
}

// newOutboxEnv is a test environment that sends mail on sign-up: email
// verification on.
func newOutboxEnv(t *testing.T) *testEnv {
	return newTestEnv(t, func(c *Config) { c.RequireVerification = true })
}

// signUp registers email (verification on), which queues its
// verification email, and fails unless the answer is 201.
func (e *testEnv) signUp(email string) {
	e.t.Helper()
	e.do("POST", "/register", map[string]any{"email": email, "password": testPassword}, "").want(e.t, http.StatusCreated, "")
}

// TestOutboxResendSameForPendingAndUnknown is issue 10 item 5 for
// resend-verification: with a slow or a failing transport, an address with
// a pending registration (which gets a new email) and an unknown one get
// the same status in the same time.
func TestOutboxResendSameForPendingAndUnknown(t *testing.T) {
	for _, tt := range outboxSenderCases {
		t.Run(tt.name, func(t *testing.T) {
			e := newOutboxEnv(t)
			e.signUp("pending@example.com")
			e.outbox.messages()
			tr := &testTransport{box: e.outbox, delay: tt.delay}
			tr.failing.Store(tt.failing)
			e.rs.SetEmailSender(tr)
			resend := func(addr string) (int, time.Duration) {
				start := time.Now()
				r := e.do("POST", "/resend-verification", map[string]any{"email": addr}, "")
				return r.status, time.Since(start)
			}
			mk, mu := compareKnownUnknown(t, resend, "pending@example.com", "nobody@example.com", http.StatusAccepted)
			t.Logf("median resend-verification: pending %v, unknown %v (sender delay %v, failing %v)", mk, mu, tt.delay, tt.failing)
		})
	}
}

// TestOutboxFailingSenderKeepsFlowsWorking: with a failing transport,
// register, resend-verification and change-email answer as usual, and the
// mail arrives (and its links work) once the transport recovers.
func TestOutboxFailingSenderKeepsFlowsWorking(t *testing.T) {
	e := newTestEnv(t, func(c *Config) { c.RequireVerification = true })
	tr := &testTransport{box: e.outbox}
	tr.failing.Store(true)
	e.rs.SetEmailSender(tr)

	e.do("POST", "/register", map[string]any{"email": "new@example.com", "password": testPassword}, "").want(t, http.StatusCreated, "")
	e.do("POST", "/resend-verification", map[string]any{"email": "new@example.com"}, "").want(t, http.StatusAccepted, "")
	waitOutbox(t, e.rs, func(st OutboxStats) bool { return len(st.Failing) == 2 }, "two failed attempts")
	tr.failing.Store(false)
	e.clock.Advance(defaultOutboxPolicy().backoffMax)
	// The resent link replaced the first one; it verifies the account.
	msgs := e.outbox.messages()
	if len(msgs) != 2 {
		t.Fatalf("%d emails after recovery, want 2", len(msgs))
	}
	var verified bool
	for _, m := range msgs {
		tok := tokenPattern.FindStringSubmatch(m.Text)
		if tok == nil {
			t.Fatalf("no link in %q", m.Text)
		}
		if e.do("POST", "/verify", map[string]any{"token": tok[1]}, "").status == http.StatusOK {
			verified = true
		}
	}
	if !verified {
		t.Fatal("no delivered verification link worked")
	}

	access := e.login("new@example.com", testPassword)
	tr.failing.Store(true)
	e.do("POST", "/change-email", map[string]any{"new_email": "moved@example.com", "current_password": testPassword}, access).
		want(t, http.StatusAccepted, "")
	waitOutbox(t, e.rs, func(st OutboxStats) bool { return len(st.Failing) == 1 }, "a failed attempt")
	tr.failing.Store(false)
	e.clock.Advance(defaultOutboxPolicy().backoffMax)
	e.do("POST", "/confirm-email-change", map[string]any{"token": e.outbox.lastToken(t, "moved@example.com")}, "").
		want(t, http.StatusOK, "")
}

// TestOutboxSurvivesRestart: a message that could not be sent before the
// application stopped is delivered by the next process on the database.
func TestOutboxSurvivesRestart(t *testing.T) {
	e := newOutboxEnv(t)
	tr := &testTransport{box: e.outbox}
	tr.failing.Store(true)
	e.rs.SetEmailSender(tr)
	e.signUp("alice@example.com")
	waitOutbox(t, e.rs, func(st OutboxStats) bool { return len(st.Failing) == 1 }, "a failed attempt")
	if err := e.rs.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	next := e.sibling()
	e.clock.Advance(defaultOutboxPolicy().backoffMax)
	if n := len(next.outbox.messages()); n != 1 {
		t.Fatalf("%d messages delivered after the restart, want 1", n)
	}
	next.do("POST", "/verify", map[string]any{"token": next.outbox.lastToken(t, "alice@example.com")}, "").
		want(t, http.StatusOK, "")
}

// TestOutboxTwoProcessesDeliverOnce: two instances on one database, both
// delivering, share 30 queued messages; each is sent exactly once.
func TestOutboxTwoProcessesDeliverOnce(t *testing.T) {
	e := newTestEnv(t)
	other := e.sibling()
	const n = 30
	var mu sync.Mutex
	sent := map[string]int{}
	by := map[string]int{}
	record := func(name string) EmailSender {
		return senderFunc(func(_ context.Context, m EmailMessage) error {
			time.Sleep(2 * time.Millisecond) // keep both workers busy
			mu.Lock()
			defer mu.Unlock()
			sent[m.To]++
			by[name]++
			return nil
		})
	}
	e.rs.SetEmailSender(record("first"))
	other.rs.SetEmailSender(record("second"))
	ctx := context.Background()
	for i := range n {
		rs := []*RegStack{e.rs, other.rs}[i%2]
		msg := EmailMessage{To: fmt.Sprintf("user%d@example.com", i), Subject: "s", Text: "t", HTML: "h"}
		if err := rs.queueEmail(ctx, msg); err != nil {
			t.Fatalf("queueEmail: %v", err)
		}
	}
	drained := func(st OutboxStats) bool { return st.Queued == 0 }
	waitOutbox(t, e.rs, drained, "the outbox to drain")
	waitOutbox(t, other.rs, drained, "the outbox to drain")
	mu.Lock()
	defer mu.Unlock()
	t.Logf("deliveries per instance: %v", by)
	if len(sent) != n {
		t.Errorf("%d distinct messages sent, want %d", len(sent), n)
	}
	for to, c := range sent {
		if c != 1 {
			t.Errorf("message to %s sent %d times, want once", to, c)
		}
	}
}

// senderFunc adapts a function to EmailSender.
type senderFunc func(ctx context.Context, m EmailMessage) error

func (f senderFunc) Send(ctx context.Context, m EmailMessage) error { return f(ctx, m) }

// TestOutboxExpiredLeaseTakenOver: a process that claimed a message and
// died leaves it to another once the lease has run out, not before.
func TestOutboxExpiredLeaseTakenOver(t *testing.T) {
	e := newOutboxEnv(t)
	e.rs.outbox.close() // only the instances below touch the outbox
	dead := e.sibling(WithoutOutboxWorker())
	dead.signUp("alice@example.com")
	now := e.clock.Now()
	lease := defaultOutboxPolicy().lease
	if _, err := dead.rs.store.ClaimEmail(context.Background(), now, "dead-process", now.Add(lease)); err != nil {
		t.Fatalf("ClaimEmail: %v", err)
	}
	dead.rs.Close() // dies mid-delivery

	taker := e.sibling()
	if n := taker.rs.outbox.deliverDue(context.Background()); n != 0 {
		t.Fatalf("delivered %d messages while the dead process's lease ran, want 0", n)
	}
	e.clock.Advance(lease)
	msgs := taker.outbox.messages()
	if len(msgs) != 1 || msgs[0].To != "alice@example.com" {
		t.Fatalf("after the lease ran out: %d messages %+v, want alice's verification email", len(msgs), msgs)
	}
}

// TestOutboxEncryptedAtRest: the queued row carries neither the link nor
// the address in clear, and a message sealed under another jwt_secret is
// dead-lettered (reported by doctor, deleted by reap), not retried forever.
func TestOutboxEncryptedAtRest(t *testing.T) {
	e := newOutboxEnv(t)
	e.rs.outbox.close() // only the instances below touch the outbox
	quiet := e.sibling(WithoutOutboxWorker())
	quiet.signUp("alice@example.com")
	ctx, now := context.Background(), e.clock.Now()
	m, err := quiet.rs.store.ClaimEmail(ctx, now, "peek", now.Add(time.Minute))
	if err != nil {
		t.Fatalf("ClaimEmail: %v", err)
	}
	msg, err := quiet.rs.outbox.sealer.open(m.ID, m.Payload)
	if err != nil || msg.To != "alice@example.com" || !tokenPattern.MatchString(msg.Text) {
		t.Fatalf("open = %+v, %v; want alice's verification email", msg, err)
	}
	link := tokenPattern.FindString(msg.Text)
	for _, clear := range []string{link, "token=", msg.To, msg.Subject} {
		if bytes.Contains(m.Payload, []byte(clear)) {
			t.Errorf("stored payload contains %q in clear", clear)
		}
	}
	if _, err := quiet.rs.outbox.sealer.open("another-id", m.Payload); !errors.Is(err, errUndecryptable) {
		t.Errorf("payload opened under another row's id: %v", err)
	}
	if err := quiet.rs.store.RetryEmail(ctx, m.ID, "peek", now, "peeked"); err != nil {
		t.Fatalf("RetryEmail: %v", err)
	}

	cfg := *e.cfg
	cfg.JWTSecret = "a-rotated-secret-0123456789abcdef0123456789"
	rotated, err := New(ctx, &cfg, WithClock(e.clock), WithEmail(&mailbox{}), WithLogger(slog.New(slog.DiscardHandler)), WithoutOutboxWorker())
	if err != nil {
		t.Fatal(err)
	}
	defer rotated.Close()
	if n := rotated.outbox.deliverDue(ctx); n != 1 {
		t.Fatalf("deliverDue = %d, want 1 attempt", n)
	}
	st, err := rotated.store.OutboxStats(ctx, 5)
	if err != nil || st.Queued != 0 || st.Dead != 1 || !strings.Contains(st.Failing[0].LastError, "does not decrypt") {
		t.Fatalf("OutboxStats = %+v, %v; want one dead letter that does not decrypt", st, err)
	}
	c := checkNamed(t, rotated.Doctor(ctx, DoctorOptions{}), "email outbox")
	if c.Status != CheckWarn || !strings.Contains(c.Detail, "1 dead-lettered") || !strings.Contains(c.Detail, "does not decrypt") {
		t.Errorf("doctor: %v", c)
	}
	counts, err := rotated.Reap(ctx)
	if err != nil || counts.DeadEmails != 1 {
		t.Fatalf("Reap = %+v, %v; want 1 dead email", counts, err)
	}
}

// TestOutboxDeadLetterAfterMaxAttempts: a transport that never recovers
// gets maxAttempts tries, then the message is dead-lettered.
func TestOutboxDeadLetterAfterMaxAttempts(t *testing.T) {
	e := newOutboxEnv(t)
	e.rs.outbox.close() // only the instance below touches the outbox
	s := e.sibling(WithoutOutboxWorker())
	tr := &testTransport{box: s.outbox}
	tr.failing.Store(true)
	s.rs.SetEmailSender(tr)
	s.signUp("alice@example.com")
	p := defaultOutboxPolicy()
	ctx := context.Background()
	for i := 0; i < 2*p.maxAttempts; i++ {
		s.rs.outbox.deliverDue(ctx)
		e.clock.Advance(p.backoffMax)
	}
	if got := tr.calls.Load(); got != int64(p.maxAttempts) {
		t.Errorf("transport called %d times, want %d", got, p.maxAttempts)
	}
	st, err := s.rs.store.OutboxStats(ctx, 5)
	if err != nil || st.Queued != 0 || st.Dead != 1 || st.Failing[0].Attempts != p.maxAttempts {
		t.Fatalf("OutboxStats = %+v, %v; want one dead letter after %d attempts", st, err, p.maxAttempts)
	}
}

// TestOutboxDefaultBackoff: with the default policy a message is retried
// at least every backoffMax + poll, under a minute, so it is delivered
// within a minute of the transport recovering, and a dead transport is
// retried for at least twenty minutes before a message is given up.
func TestOutboxDefaultBackoff(t *testing.T) {
	p := defaultOutboxPolicy()
	var total time.Duration
	for a := 1; a < p.maxAttempts; a++ {
		b := p.backoff(a)
		if b <= 0 || b+p.poll >= time.Minute {
			t.Errorf("backoff(%d) = %v: the next attempt would not come within a minute", a, b)
		}
		if a > 1 && b < p.backoff(a-1) {
			t.Errorf("backoff(%d) = %v shrinks", a, b)
		}
		total += b
	}
	if total < 20*time.Minute {
		t.Errorf("a failing message is given up after %v, want at least 20 minutes", total)
	}
	if p.lease <= p.sendTimeout {
		t.Errorf("lease %v must outlast sendTimeout %v", p.lease, p.sendTimeout)
	}
	if got := []time.Duration{p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(6), p.backoff(40)}; !slices.Equal(got,
		[]time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 30 * time.Second, 30 * time.Second}) {
		t.Errorf("backoff schedule %v", got)
	}
}

// TestOutboxWokenOnQueue: a queued message reaches the transport without
// waiting for the poll: well under a second.
func TestOutboxWokenOnQueue(t *testing.T) {
	e := newOutboxEnv(t)
	tr := &testTransport{box: e.outbox, entered: make(chan struct{}, 1)}
	e.rs.SetEmailSender(tr)
	start := time.Now()
	e.signUp("alice@example.com")
	select {
	case <-tr.entered:
		t.Logf("queued message reached the transport %v after the request started", time.Since(start))
	case <-time.After(time.Second):
		t.Fatal("the queued message did not reach the transport within a second")
	}
}

// TestOutboxCloseStopsWorker: Close ends the worker goroutine (no leak
// over several instances), cancels a delivery that outlasts its grace, and
// leaves that message queued for the next process.
func TestOutboxCloseStopsWorker(t *testing.T) {
	e := newOutboxEnv(t)
	e.rs.outbox.close() // only the instances below touch the outbox
	base := runtime.NumGoroutine()
	for i := range 3 {
		s := e.sibling()
		s.signUp(fmt.Sprintf("user%d@example.com", i))
		s.outbox.messages()
		if err := s.rs.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}

	// A transport that hangs: Close cuts it off after the grace.
	s := e.sibling()
	tr := &testTransport{box: s.outbox, delay: time.Hour, entered: make(chan struct{}, 1)}
	s.rs.SetEmailSender(tr)
	s.rs.outbox.policy.closeGrace = 50 * time.Millisecond
	s.signUp("hanging@example.com")
	<-tr.entered
	if err := s.rs.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), base, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The cut-off message was released, due at once: the next process
	// sends it without waiting for the lease.
	next := e.sibling()
	if msgs := next.outbox.messages(); len(msgs) != 1 {
		t.Fatalf("%d messages delivered by the next process, want 1", len(msgs))
	}
}

// TestOutboxDeliversInQueueOrder: 20 messages queued within one tick of
// the (frozen) clock are delivered in the order they were queued, so a
// replaced link never arrives after the link that replaced it.
func TestOutboxDeliversInQueueOrder(t *testing.T) {
	e := newTestEnv(t)
	queuer := e.sibling(WithoutOutboxWorker())
	const n = 20
	var want []string
	for i := range n {
		subject := fmt.Sprintf("message %02d", i)
		want = append(want, subject)
		if err := queuer.rs.queueEmail(context.Background(), EmailMessage{To: "alice@example.com", Subject: subject, Text: "t", HTML: "h"}); err != nil {
			t.Fatal(err)
		}
	}
	e.rs.outbox.wakeUp()
	var got []string
	for _, m := range e.outbox.messages() {
		got = append(got, m.Subject)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("delivery order (-queued +delivered):\n%s", diff)
	}
}
