//regstack:feature sms_2fa

package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// testPhone is the number upstream's MFA tests use.
const testPhone = "+14155552671"

// phoneBox is the SMSSender of the MFA tests: it keeps every text.
type phoneBox struct {
	mu   sync.Mutex
	msgs []SMSMessage
}

func (p *phoneBox) Send(_ context.Context, m SMSMessage) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.msgs = append(p.msgs, m)
	return nil
}

// sent returns the texts so far.
func (p *phoneBox) sent() []SMSMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]SMSMessage(nil), p.msgs...)
}

// smsCodePattern finds the code in a text, as upstream's tests do.
var smsCodePattern = regexp.MustCompile(`\b(\d{6})\b`)

// lastCode returns the code of the last text to number.
func (p *phoneBox) lastCode(t *testing.T, number string) string {
	t.Helper()
	msgs := p.sent()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].To == number {
			m := smsCodePattern.FindAllString(msgs[i].Body, -1)
			if len(m) != 1 {
				t.Fatalf("text to %s has %d six-digit numbers: %q", number, len(m), msgs[i].Body)
			}
			return m[0]
		}
	}
	t.Fatalf("no text to %s (%d texts)", number, len(msgs))
	return ""
}

// newMFAEnv is a test environment with SMS 2FA on and a phoneBox.
func newMFAEnv(t *testing.T, mutate ...func(*Config)) (*testEnv, *phoneBox) {
	t.Helper()
	e := newTestEnv(t, append([]func(*Config){func(c *Config) { c.EnableSMS2FA = true }}, mutate...)...)
	box := &phoneBox{}
	e.rs.SetSMSSender(box)
	return e, box
}

// startPhone posts /phone/start for the account of token and returns the
// pending token.
func (e *testEnv) startPhone(token string) string {
	e.t.Helper()
	r := e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": testPassword}, token).
		want(e.t, http.StatusAccepted, "")
	if r.str("status") != "code_sent" || r.str("pending_token") == "" || r.json["expires_in"] != float64(e.cfg.MFAPendingTokenTTLSeconds) {
		e.t.Fatalf("phone/start body %s", r.body)
	}
	return r.str("pending_token")
}

// enableMFA registers email and turns SMS 2FA on for it.
func (e *testEnv) enableMFA(box *phoneBox, email string) {
	e.t.Helper()
	e.register(email)
	pending := e.startPhone(e.login(email, testPassword))
	e.do("POST", "/phone/confirm", map[string]any{"pending_token": pending, "code": box.lastCode(e.t, testPhone)}, "").
		want(e.t, http.StatusOK, "")
}

// loginMFA signs in an account with 2FA on and returns the pending token.
func (e *testEnv) loginMFA(email string) string {
	e.t.Helper()
	r := e.do("POST", "/login", map[string]any{"email": email, "password": testPassword}, "").want(e.t, http.StatusOK, "")
	if r.str("status") != "mfa_required" || r.str("delivery") != "sms" || r.str("mfa_pending_token") == "" {
		e.t.Fatalf("login body %s", r.body)
	}
	if _, ok := r.json["access_token"]; ok {
		e.t.Fatalf("MFA login answered a session token: %s", r.body)
	}
	return r.str("mfa_pending_token")
}

// Checklist 54: without enable_sms_2fa the phone endpoints do not exist.
func TestPhoneRoutesOffWithoutFeature(t *testing.T) {
	e := newTestEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": testPassword}, tok).want(t, http.StatusNotFound, "")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": "x", "code": "123456"}, "").want(t, http.StatusNotFound, "")
}

// Checklist 55, 58: enable, then disable; the stored user follows.
func TestPhoneEnableDisable(t *testing.T) {
	e, box := newMFAEnv(t)
	var events []string
	e.rs.OnPhoneSetupStarted(func(_ context.Context, ev PhoneSetupStarted) error {
		events = append(events, "phone_setup_started:"+ev.Phone+":"+ev.Code)
		return nil
	})
	e.rs.OnMFAEnabled(func(_ context.Context, ev MFAEnabled) error {
		events = append(events, fmt.Sprintf("mfa_enabled:%v", ev.User.IsMFAEnabled))
		return nil
	})
	e.rs.OnMFADisabled(func(_ context.Context, ev MFADisabled) error {
		events = append(events, fmt.Sprintf("mfa_disabled:%v", ev.User.IsMFAEnabled))
		return nil
	})
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	pending := e.startPhone(tok)
	if n := len(box.sent()); n != 1 {
		t.Fatalf("%d texts, want 1", n)
	}
	code := box.lastCode(t, testPhone)
	if !strings.Contains(box.sent()[0].Body, "verification code: "+code+". It expires in 5 minutes.") {
		t.Errorf("setup text %q", box.sent()[0].Body)
	}
	r := e.do("POST", "/phone/confirm", map[string]any{"pending_token": pending, "code": code}, "").want(t, http.StatusOK, "")
	if r.str("phone_number") != testPhone || r.json["is_mfa_enabled"] != true {
		t.Fatalf("confirm body %s", r.body)
	}
	if u := e.user("a@example.com"); u.PhoneNumber == nil || *u.PhoneNumber != testPhone || !u.IsMFAEnabled {
		t.Fatalf("stored user %+v", u)
	}
	// Enabling does not revoke sessions.
	e.do("GET", "/me", nil, tok).want(t, http.StatusOK, "")

	e.do("DELETE", "/phone", map[string]any{"current_password": "wrong password"}, tok).want(t, http.StatusBadRequest, detailWrongPassword)
	e.do("DELETE", "/phone", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	if r := e.do("GET", "/me", nil, tok); r.json["phone_number"] != nil || r.json["is_mfa_enabled"] != false {
		t.Fatalf("after disable: %s", r.body)
	}
	want := []string{"phone_setup_started:" + testPhone + ":" + code, "mfa_enabled:true", "mfa_disabled:false"}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", events, want)
	}
	// Signing in is one step again.
	e.login("a@example.com", testPassword)
}

// Checklist 56, 57 and §4.14: the number's form and the password.
func TestPhoneStartRefusals(t *testing.T) {
	e, box := newMFAEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	for _, phone := range []string{"415-555-2671", "14155552671", "+0123456789", "+1234567890123456", "+abc1"} {
		e.do("POST", "/phone/start", map[string]any{"phone_number": phone, "current_password": testPassword}, tok).
			want(t, http.StatusBadRequest, "Phone number must be in E.164 format (e.g. +14155552671).")
	}
	e.do("POST", "/phone/start", map[string]any{"phone_number": "+1", "current_password": testPassword}, tok).want(t, http.StatusUnprocessableEntity, "")
	e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": "nope"}, tok).
		want(t, http.StatusBadRequest, detailWrongPassword)
	e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": testPassword}, "").want(t, http.StatusUnauthorized, "")
	if n := len(box.sent()); n != 0 {
		t.Fatalf("%d texts after refusals", n)
	}
}

// An account without a password (OAuth-only) gets a 400, where upstream
// crashes with a 500.
func TestPhonePasswordlessAccount(t *testing.T) {
	e, _ := newMFAEnv(t)
	ctx := context.Background()
	u, err := e.rs.newUser("oauth@example.com", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.rs.store.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	tok, _, err := e.rs.tokens.Issue(PurposeSession, u.ID, time.Hour, TokenClaims{})
	if err != nil {
		t.Fatal(err)
	}
	e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": ""}, tok).want(t, http.StatusBadRequest, detailNoPassword)
	e.do("DELETE", "/phone", map[string]any{"current_password": "x"}, tok).want(t, http.StatusBadRequest, detailNoPassword)
}

// §4.15: every refusal of /phone/confirm.
func TestPhoneConfirmRefusals(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.SMSCodeMaxAttempts = 3 })
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	confirm := func(pending, code string) response {
		return e.do("POST", "/phone/confirm", map[string]any{"pending_token": pending, "code": code}, "")
	}
	confirm("not-a-token", "123456").want(t, http.StatusBadRequest, "Pending token is invalid or has expired.")
	confirm(tok, "123456").want(t, http.StatusBadRequest, "Pending token is invalid or has expired.")
	pending := e.startPhone(tok)
	code := box.lastCode(t, testPhone)
	confirm(pending, "123").want(t, http.StatusUnprocessableEntity, "")
	wrong := otherCode(code)
	confirm(pending, wrong).want(t, http.StatusBadRequest, "Wrong code; 2 attempts remaining.")
	confirm(pending, wrong).want(t, http.StatusBadRequest, "Wrong code; 1 attempts remaining.")
	confirm(pending, wrong).want(t, http.StatusBadRequest, "Too many wrong attempts — request a new code.")
	confirm(pending, code).want(t, http.StatusBadRequest, "No pending verification code — request a new one.")

	pending = e.startPhone(tok)
	code = box.lastCode(t, testPhone)
	e.clock.Advance(time.Duration(e.cfg.SMSCodeTTLSeconds) * time.Second)
	confirm(pending, code).want(t, http.StatusBadRequest, "Verification code has expired. Request a new one.")

	pending = e.startPhone(tok)
	code = box.lastCode(t, testPhone)
	e.disable("a@example.com")
	confirm(pending, code).want(t, http.StatusBadRequest, "Token does not match an active account.")
	if e.user("a@example.com").IsMFAEnabled {
		t.Fatal("a disabled account's 2FA was turned on")
	}
}

// otherCode returns a six-digit code that differs from code.
func otherCode(code string) string {
	if code == "000000" {
		return "111111"
	}
	return "000000"
}

// Checklist 59 and §4.4 row 6: a sign-in with 2FA on takes the code.
func TestLoginMFA(t *testing.T) {
	e, box := newMFAEnv(t)
	e.enableMFA(box, "a@example.com")
	var started []string
	var loggedIn int
	e.rs.OnMFALoginStarted(func(_ context.Context, ev MFALoginStarted) error {
		started = append(started, ev.Code)
		return nil
	})
	e.rs.OnUserLoggedIn(func(context.Context, UserLoggedIn) error { loggedIn++; return nil })
	before := len(box.sent())
	lastLogin := e.user("a@example.com").LastLogin
	e.clock.Advance(time.Second)
	pending := e.loginMFA("a@example.com")
	if n := len(box.sent()) - before; n != 1 {
		t.Fatalf("%d texts for one sign-in", n)
	}
	code := box.lastCode(t, testPhone)
	if len(started) != 1 || started[0] != code || loggedIn != 0 {
		t.Fatalf("events: started %v, logged in %d", started, loggedIn)
	}
	if got := e.user("a@example.com").LastLogin; got == nil || !got.Equal(*lastLogin) {
		t.Fatalf("last_login %v changed before the second factor (was %v)", got, lastLogin)
	}
	r := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").want(t, http.StatusOK, "")
	tok := r.str("access_token")
	if tok == "" || r.str("token_type") != "bearer" {
		t.Fatalf("mfa-confirm body %s", r.body)
	}
	if me := e.do("GET", "/me", nil, tok).want(t, http.StatusOK, ""); me.json["is_mfa_enabled"] != true {
		t.Fatalf("/me %s", me.body)
	}
	if got := e.user("a@example.com").LastLogin; loggedIn != 1 || got == nil || !got.After(*lastLogin) {
		t.Fatalf("after confirm: logged in %d, last_login %v", loggedIn, e.user("a@example.com").LastLogin)
	}
	// The code is spent.
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").
		want(t, http.StatusBadRequest, "No pending sign-in code — start the login flow again.")
}

// Checklist 60, 61 and §4.5: every refusal of /login/mfa-confirm.
func TestLoginMFARefusals(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.SMSCodeMaxAttempts = 2; c.MFAPendingTokenTTLSeconds = 120 })
	e.enableMFA(box, "a@example.com")
	confirm := func(pending, code string) response {
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "")
	}
	confirm("garbage", "123456").want(t, http.StatusBadRequest, "MFA token is invalid or has expired.")
	pending := e.loginMFA("a@example.com")
	code := box.lastCode(t, testPhone)
	confirm(pending, otherCode(code)).want(t, http.StatusBadRequest, "Wrong code; 1 attempts remaining.")
	confirm(pending, otherCode(code)).want(t, http.StatusBadRequest, "Too many wrong attempts — start the login flow again.")
	confirm(pending, code).want(t, http.StatusBadRequest, "No pending sign-in code — start the login flow again.")

	pending = e.loginMFA("a@example.com")
	code = box.lastCode(t, testPhone)
	e.clock.Advance(time.Duration(e.cfg.SMSCodeTTLSeconds) * time.Second)
	confirm(pending, code).want(t, http.StatusBadRequest, "MFA token is invalid or has expired.") // 300 s > the 120 s token

	e.cfg.MFAPendingTokenTTLSeconds = 600
	pending = e.loginMFA("a@example.com")
	code = box.lastCode(t, testPhone)
	e.clock.Advance(time.Duration(e.cfg.SMSCodeTTLSeconds) * time.Second)
	confirm(pending, code).want(t, http.StatusBadRequest, "Sign-in code has expired. Try logging in again.")

	pending = e.loginMFA("a@example.com")
	code = box.lastCode(t, testPhone)
	e.disable("a@example.com")
	confirm(pending, code).want(t, http.StatusBadRequest, "Token does not match an active account.")
}

// Checklist 61: the pending token's own lifetime.
func TestLoginMFATokenExpires(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.MFAPendingTokenTTLSeconds = 120 })
	e.enableMFA(box, "a@example.com")
	pending := e.loginMFA("a@example.com")
	code := box.lastCode(t, testPhone)
	e.clock.Advance(180 * time.Second)
	r := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").want(t, http.StatusBadRequest, "")
	if !strings.Contains(r.str("detail"), "invalid or has expired") {
		t.Fatalf("detail %q", r.str("detail"))
	}
}

// Wrong login codes do not feed the login lockout (§4.5), and a right
// password before the code leaves no failure behind.
func TestLoginMFAWrongCodesNotLockout(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.RateLimitDisabled = false; c.LoginLockoutThreshold = 2; c.SMSCodesPerWindow = 20 })
	e.enableMFA(box, "a@example.com")
	for range 3 {
		pending := e.loginMFA("a@example.com")
		code := box.lastCode(t, testPhone)
		e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": otherCode(code)}, "").want(t, http.StatusBadRequest, "")
	}
	e.loginMFA("a@example.com")
}

// Fifty guesses in parallel on one code compare at most
// sms_code_max_attempts of them: upstream reads, compares and writes the
// count back, so every parallel guess is compared.
func TestMFACodeParallelGuesses(t *testing.T) {
	e, box := newMFAEnv(t)
	e.enableMFA(box, "a@example.com")
	pending := e.loginMFA("a@example.com")
	code := box.lastCode(t, testPhone)
	var mu sync.Mutex
	details := map[string]int{}
	tally := concurrently(50, func(int) response {
		r := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": otherCode(code)}, "")
		mu.Lock()
		details[r.str("detail")]++
		mu.Unlock()
		return r
	})
	if tally[http.StatusBadRequest] != 50 {
		t.Fatalf("statuses %v", tally)
	}
	compared := 0
	for d, n := range details {
		if strings.HasPrefix(d, "Wrong code;") {
			if n != 1 {
				t.Errorf("%q answered %d times", d, n)
			}
			compared += n
		}
	}
	// One more guess was compared and spent the code: the one that got the
	// first "Too many wrong attempts".
	compared++
	t.Logf("50 parallel wrong guesses, max %d: %d compared; answers %v", e.cfg.SMSCodeMaxAttempts, compared, details)
	if compared != e.cfg.SMSCodeMaxAttempts {
		t.Errorf("%d guesses compared, want %d", compared, e.cfg.SMSCodeMaxAttempts)
	}
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").
		want(t, http.StatusBadRequest, "No pending sign-in code — start the login flow again.")
}

// A new code replaces the old one: the old one is then wrong.
func TestMFACodeReplaced(t *testing.T) {
	e, box := newMFAEnv(t)
	e.enableMFA(box, "a@example.com")
	e.loginMFA("a@example.com")
	old := box.lastCode(t, testPhone)
	pending := e.loginMFA("a@example.com")
	code := box.lastCode(t, testPhone)
	if old != code {
		e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": old}, "").
			want(t, http.StatusBadRequest, fmt.Sprintf("Wrong code; %d attempts remaining.", e.cfg.SMSCodeMaxAttempts-1))
	}
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").want(t, http.StatusOK, "")
}

// One account cannot make the server text a phone more than
// sms_codes_per_window times per window, even in parallel; other accounts
// (upstream's tests share one number) are not affected.
func TestSMSCodeRateLimit(t *testing.T) {
	e, box := newMFAEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	tally := concurrently(20, func(int) response {
		return e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": testPassword}, tok)
	})
	t.Logf("20 parallel /phone/start, limit %d per %d s: %v, %d texts", e.cfg.SMSCodesPerWindow, e.cfg.SMSCodeWindowSeconds, tally, len(box.sent()))
	if tally[http.StatusAccepted] != e.cfg.SMSCodesPerWindow || tally[http.StatusTooManyRequests] != 20-e.cfg.SMSCodesPerWindow {
		t.Fatalf("statuses %v", tally)
	}
	if n := len(box.sent()); n != e.cfg.SMSCodesPerWindow {
		t.Fatalf("%d texts sent, want %d", n, e.cfg.SMSCodesPerWindow)
	}
	r := e.do("POST", "/phone/start", map[string]any{"phone_number": testPhone, "current_password": testPassword}, tok).
		want(t, http.StatusTooManyRequests, "Too many codes requested. Try again in 900 seconds.")
	if r.header.Get("Retry-After") != "900" {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Another account, same number.
	e.register("b@example.com")
	e.startPhone(e.login("b@example.com", testPassword))
	// The window passes.
	e.clock.Advance(time.Duration(e.cfg.SMSCodeWindowSeconds) * time.Second)
	e.startPhone(tok)
}

// Sign-in codes count against the same budget.
func TestSMSCodeRateLimitLogin(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.SMSCodesPerWindow = 2 })
	e.enableMFA(box, "a@example.com") // one code
	e.loginMFA("a@example.com")       // two
	e.do("POST", "/login", map[string]any{"email": "a@example.com", "password": testPassword}, "").
		want(t, http.StatusTooManyRequests, "")
}

// §15.3: the SenderID rule of the SNS backend lives here so that every
// build tests E.164 parsing too.
func TestIsE164(t *testing.T) {
	for s, want := range map[string]bool{
		"+14155552671": true, "+447911123456": true, "14155552671": false, "+0123456789": false,
		"+": false, "": false, "+abc": false, "+1234567890123456": false, "+١٢٣٤٥": false,
	} {
		if got := isE164(s); got != want {
			t.Errorf("isE164(%q) = %v", s, got)
		}
	}
}

// TestLoginMFACookieTransport: with transport = "cookie", the password
// step of an MFA sign-in sets no session cookie (it is not a session yet);
// mfa-confirm sets it, and the cookie alone then reads /me.
func TestLoginMFACookieTransport(t *testing.T) {
	e, box := newMFAEnv(t, func(c *Config) { c.Transport = TransportCookie })
	e.enableMFA(box, "a@example.com")
	r := e.do("POST", "/login", map[string]any{"email": "a@example.com", "password": testPassword}, "").want(t, http.StatusOK, "")
	if sc := r.header.Values("Set-Cookie"); len(sc) != 0 {
		t.Fatalf("the password step set %q", sc)
	}
	pending := r.str("mfa_pending_token")
	r = e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": box.lastCode(t, testPhone)}, "").
		want(t, http.StatusOK, "")
	var session *http.Cookie
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == SessionCookieName {
			session = c
		}
	}
	if session == nil || session.Value != r.str("access_token") || !session.HttpOnly {
		t.Fatalf("mfa-confirm Set-Cookie %q, body %s", r.header.Values("Set-Cookie"), r.body)
	}
	req := httptest.NewRequest("GET", e.cfg.APIPrefix+"/me", nil)
	req.AddCookie(session)
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("/me with the cookie: %d %s", rec.Code, rec.Body)
	}
}

// TestMFAConfirmConcurrentRightCode: 20 parallel mfa-confirm requests with
// the right code give exactly one session; the code is consumed (deleted)
// before the session is issued, so every other request is refused.
func TestMFAConfirmConcurrentRightCode(t *testing.T) {
	e, box := newMFAEnv(t)
	e.enableMFA(box, "a@example.com")
	pending := e.loginMFA("a@example.com")
	code := box.lastCode(t, testPhone)
	tally := concurrently(20, func(int) response {
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "")
	})
	t.Logf("20 parallel mfa-confirm with the right code: %v", tally)
	if tally[http.StatusOK] != 1 || tally[http.StatusBadRequest] != 19 {
		t.Fatalf("statuses %v, want one 200 and 19 × 400", tally)
	}
}

// TestPhoneConfirmConcurrentRightCode: 20 parallel /phone/confirm with the
// right code turn the second factor on once: one 200, 19 refusals.
func TestPhoneConfirmConcurrentRightCode(t *testing.T) {
	e, box := newMFAEnv(t)
	e.register("a@example.com")
	pending := e.startPhone(e.login("a@example.com", testPassword))
	code := box.lastCode(t, testPhone)
	tally := concurrently(20, func(int) response {
		return e.do("POST", "/phone/confirm", map[string]any{"pending_token": pending, "code": code}, "")
	})
	t.Logf("20 parallel /phone/confirm with the right code: %v", tally)
	if tally[http.StatusOK] != 1 || tally[http.StatusBadRequest] != 19 {
		t.Fatalf("statuses %v, want one 200 and 19 × 400", tally)
	}
}
