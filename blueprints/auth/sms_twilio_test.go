//regstack:feature sms_2fa sms=twilio

package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// fakeTwilio stands in for api.twilio.com: it checks the Messages create
// call as Twilio would (path with the account sid, basic auth sid:token,
// form fields To, From, Body) and answers a message resource.
type fakeTwilio struct {
	t          *testing.T
	srv        *httptest.Server
	sid, token string

	mu    sync.Mutex
	calls []url.Values
}

func newFakeTwilio(t *testing.T, sid, token string) *fakeTwilio {
	f := &fakeTwilio{t: t, sid: sid, token: token}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeTwilio) serve(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != f.sid || pass != f.token {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"code":20003,"message":"Authenticate","status":401}`)
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/2010-04-01/Accounts/"+f.sid+"/Messages.json" {
		f.t.Errorf("fake Twilio: %s %s", r.Method, r.URL.Path)
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"code":20404,"message":"Not found","status":404}`)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		f.t.Errorf("fake Twilio: Content-Type %q", ct)
	}
	if err := r.ParseForm(); err != nil {
		f.t.Errorf("fake Twilio: form: %v", err)
	}
	f.mu.Lock()
	f.calls = append(f.calls, r.PostForm)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `{"sid":"SM123","status":"queued","to":%q,"from":%q}`, r.PostForm.Get("To"), r.PostForm.Get("From"))
}

func (f *fakeTwilio) received() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls...)
}

// redirectTo is an http.Client whose requests, whatever their URL, reach
// srv: the injected client is how a test (or a proxy) replaces
// api.twilio.com, since twilio-go has no base URL setting.
func redirectTo(srv *httptest.Server) *http.Client {
	target, _ := url.Parse(srv.URL)
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		r = r.Clone(r.Context())
		r.URL.Scheme, r.URL.Host = target.Scheme, target.Host
		return http.DefaultTransport.RoundTrip(r)
	})}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestTwilioSend(t *testing.T) {
	const sid = "AC0123456789abcdef0123456789abcdef"
	f := newFakeTwilio(t, sid, "0123456789abcdef0123456789abcdef")
	s, err := NewTwilioSMSSender(sid, "0123456789abcdef0123456789abcdef", "+15005550006", redirectTo(f.srv))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Send(ctx, SMSMessage{To: testPhone, Body: "App sign-in code: 123456. Zoë"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if err := s.Send(ctx, SMSMessage{To: "+447911123456", Body: "b", FromNumber: "+15005550009"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	calls := f.received()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	if c := calls[0]; c.Get("To") != testPhone || c.Get("From") != "+15005550006" || c.Get("Body") != "App sign-in code: 123456. Zoë" {
		t.Errorf("first message %v", c)
	}
	if c := calls[1]; c.Get("From") != "+15005550009" {
		t.Errorf("second message From %q, want the message's own number", c.Get("From"))
	}

	bad, err := NewTwilioSMSSender(sid, "ffffffffffffffffffffffffffffffff", "+15005550006", redirectTo(f.srv))
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Send(ctx, SMSMessage{To: testPhone, Body: "x"}); err == nil || !strings.Contains(err.Error(), "20003") {
		t.Errorf("Send with a wrong token = %v, want Twilio's 20003", err)
	}
}

func TestTwilioRequiresSettings(t *testing.T) {
	_, err := NewTwilioSMSSender("", "", "", nil)
	for _, want := range []string{"sms.twilio_account_sid is empty", "sms.twilio_auth_token is empty", "sms.from_number is empty"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewTwilioSMSSender without settings = %v, want %q", err, want)
		}
	}
}

func TestTwilioDoctor(t *testing.T) {
	s, err := NewTwilioSMSSender("AC0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef", "+15005550006", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CheckTransport(context.Background())
	if err != nil || got != "twilio account AC0123456789abcdef0123456789abcdef, auth token set, from +15005550006" {
		t.Errorf("CheckTransport = %q, %v", got, err)
	}
}
