package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"
)

// testEpoch is where every test's frozen clock starts, as upstream's suite.
var testEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// mailbox is the EmailSender of the test environment: it keeps every
// message it is handed for assertions. Handlers only queue mail in the
// database outbox; the outbox worker hands it to the mailbox a moment
// later, so every read first waits for the outbox to drain (settle).
type mailbox struct {
	mu   sync.Mutex
	msgs []EmailMessage
	// settle, when set, blocks until every queued message was delivered.
	settle func()
}

func (o *mailbox) Send(_ context.Context, m EmailMessage) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msgs = append(o.msgs, m)
	return nil
}

// messages returns what was delivered, once the outbox has drained.
func (o *mailbox) messages() []EmailMessage {
	if o.settle != nil {
		o.settle()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]EmailMessage(nil), o.msgs...)
}

// tokenPattern extracts the token from an emailed link, as upstream's tests
// do from the text body.
var tokenPattern = regexp.MustCompile(`token=([^&\s]+)`)

// lastToken returns the token of the last message sent to addr.
func (o *mailbox) lastToken(t *testing.T, addr string) string {
	t.Helper()
	msgs := o.messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To == addr {
			m := tokenPattern.FindStringSubmatch(msgs[i].Text)
			if m == nil {
				t.Fatalf("email to %s has no token link:\n%s", addr, msgs[i].Text)
			}
			return m[1]
		}
	}
	t.Fatalf("no email to %s (outbox: %d messages)", addr, len(msgs))
	return ""
}

// testEnv is a RegStack on a fresh database with a frozen clock and a
// capturing mailbox, served by an in-process handler.
type testEnv struct {
	t     *testing.T
	rs    *RegStack
	cfg   *Config
	clock *FrozenClock
	// outbox is the mailbox the worker delivers the outbox's messages to.
	outbox  *mailbox
	handler http.Handler
}

// testConfig is the configuration the suite runs with unless a test changes
// it: verification and lockout off (as upstream's suite), cheap Argon2id
// parameters so the suite is fast.
func testConfig(t *testing.T) *Config {
	t.Helper()
	cfg := DefaultConfig()
	cfg.JWTSecret = "test-secret-please-change-0123456789abcdef"
	cfg.DatabaseURL = testDatabaseURL(t)
	cfg.Backend = ""
	cfg.RequireVerification = false
	cfg.RateLimitDisabled = true
	cfg.Email.FromAddress = "test@example.com"
	// A package generated with the Twilio SMS backend builds its sender in
	// New, which needs these; the MFA tests replace the sender before any
	// text is sent.
	cfg.SMS.TwilioAccountSID = "AC00000000000000000000000000000000"
	cfg.SMS.TwilioAuthToken = "00000000000000000000000000000000"
	cfg.SMS.FromNumber = "+15005550006"
	cfg.PasswordHashMemoryKiB = 1024
	cfg.PasswordHashIterations = 1
	cfg.PasswordHashParallelism = 1
	return cfg
}

// newTestEnv builds a testEnv; mutate adjusts the configuration first.
func newTestEnv(t *testing.T, mutate ...func(*Config)) *testEnv {
	t.Helper()
	return newTestEnvOpts(t, nil, mutate...)
}

// newTestEnvOpts is newTestEnv with extra options for New.
func newTestEnvOpts(t *testing.T, opts []Option, mutate ...func(*Config)) *testEnv {
	t.Helper()
	cfg := testConfig(t)
	for _, m := range mutate {
		m(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config invalid: %v", err)
	}
	e := &testEnv{t: t, cfg: cfg, clock: NewFrozenClock(testEpoch), outbox: &mailbox{}}
	e.outbox.settle = e.waitOutboxDrained
	ctx := context.Background()
	rs, err := New(ctx, cfg, append([]Option{WithClock(e.clock), WithEmail(e.outbox), WithLogger(slog.New(slog.DiscardHandler))}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { rs.Close() })
	if err := rs.InstallSchema(ctx); err != nil {
		t.Fatalf("InstallSchema: %v", err)
	}
	e.rs = rs
	e.handler = rs.Handler()
	return e
}

// response is a recorded answer with its decoded JSON body.
type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

// do sends a request with an optional JSON body (a string is sent as is)
// and bearer token.
func (e *testEnv) do(method, path string, body any, token string) response {
	e.t.Helper()
	return e.doOn(e.handler, method, path, body, token)
}

// doOn is do against another handler (a second instance on e's database).
func (e *testEnv) doOn(h http.Handler, method, path string, body any, token string) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, e.cfg.APIPrefix+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	r := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	_ = json.Unmarshal(r.body, &r.json)
	return r
}

// want fails the test unless the response has status (and, when detail is
// not empty, that exact string detail).
func (r response) want(t *testing.T, status int, detail string) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if detail != "" {
		if got, _ := r.json["detail"].(string); got != detail {
			t.Fatalf("detail %q, want %q", got, detail)
		}
	}
	return r
}

func (r response) str(key string) string {
	s, _ := r.json[key].(string)
	return s
}

const testPassword = "correct horse battery"

// register creates a verified user through the API (verification off).
func (e *testEnv) register(email string) response {
	e.t.Helper()
	return e.do("POST", "/register", map[string]any{"email": email, "password": testPassword}, "").want(e.t, http.StatusCreated, "")
}

// login signs in and returns the access token.
func (e *testEnv) login(email, password string) string {
	e.t.Helper()
	r := e.do("POST", "/login", map[string]any{"email": email, "password": password}, "").want(e.t, http.StatusOK, "")
	tok := r.str("access_token")
	if tok == "" {
		e.t.Fatalf("login gave no token: %s", r.body)
	}
	return tok
}

// user reads a user straight from the store.
func (e *testEnv) user(email string) *User {
	e.t.Helper()
	u, err := e.rs.store.UserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatalf("UserByEmail(%s): %v", email, err)
	}
	return u
}

// disable turns the account of email off directly in the database (each
// backend's store test file implements disableForTest).
func (e *testEnv) disable(email string) {
	e.t.Helper()
	d, ok := e.rs.store.(interface {
		disableForTest(ctx context.Context, id string) error
	})
	if !ok {
		e.t.Fatalf("store %T cannot disable accounts in tests", e.rs.store)
	}
	if err := d.disableForTest(context.Background(), e.user(email).ID); err != nil {
		e.t.Fatalf("disable %s: %v", email, err)
	}
}

// waitOutboxDrained wakes the outbox worker until no message is left
// queued, so a test reads the mail a request sent without sleeping for a
// fixed time. It fails the test after ten seconds (a transport that keeps
// failing, or a message not yet due on the frozen clock).
func (e *testEnv) waitOutboxDrained() {
	e.t.Helper()
	waitOutbox(e.t, e.rs, func(st OutboxStats) bool { return st.Queued == 0 }, "the outbox to drain")
}

// waitOutbox wakes rs's outbox worker and polls the queue until cond holds,
// failing the test after ten seconds.
func waitOutbox(t testing.TB, rs *RegStack, cond func(OutboxStats) bool, what string) OutboxStats {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		rs.outbox.wakeUp()
		st, err := rs.store.OutboxStats(context.Background(), 10)
		if err != nil {
			t.Fatalf("OutboxStats: %v", err)
		}
		if cond(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s: %+v", what, st)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// newTransportRegStack returns a RegStack for cfg with the email transport
// its configuration selects (no host sender, unlike newTestEnv) and an
// installed schema, closed when the test ends.
func newTransportRegStack(t *testing.T, cfg *Config) *RegStack {
	t.Helper()
	rs, err := New(context.Background(), cfg, WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rs.Close() })
	if err := rs.InstallSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	return rs
}
