//regstack:feature totp

package auth

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/hotp"
)

// newTOTPEnv is a test environment with authenticator apps (and so SMS
// 2FA) on.
func newTOTPEnv(t *testing.T, mutate ...func(*Config)) (*testEnv, *phoneBox) {
	t.Helper()
	return newMFAEnv(t, append([]func(*Config){func(c *Config) { c.EnableTOTP = true }}, mutate...)...)
}

// totpCodeAt is the code an authenticator app shows for secret at t.
func totpCodeAt(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	code, err := hotp.GenerateCodeCustom(secret, uint64(totpStep(at)), hotp.ValidateOpts{Digits: totpDigits})
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enrolTOTP enrols and confirms an app for the account of token and
// returns its secret and recovery codes.
func (e *testEnv) enrolTOTP(token string) (string, []string) {
	e.t.Helper()
	r := e.do("POST", "/totp/enroll", nil, token).want(e.t, http.StatusOK, "")
	secret := r.str("secret")
	r = e.do("POST", "/totp/confirm", map[string]any{"code": totpCodeAt(e.t, secret, e.clock.Now())}, token).want(e.t, http.StatusOK, "")
	var codes []string
	for _, c := range r.json["recovery_codes"].([]any) {
		codes = append(codes, c.(string))
	}
	if len(codes) != recoveryCodeCount {
		e.t.Fatalf("confirm body %s", r.body)
	}
	// The confirming code's step is used; sign-ins start one step later.
	e.clock.Advance(totpPeriod * time.Second)
	return secret, codes
}

// loginTOTP signs in an account with an app and returns the login body.
func (e *testEnv) loginTOTP(email string) response {
	e.t.Helper()
	r := e.do("POST", "/login", map[string]any{"email": email, "password": testPassword}, "").want(e.t, http.StatusOK, "")
	if r.str("status") != "mfa_required" || r.str("mfa_pending_token") == "" {
		e.t.Fatalf("login body %s", r.body)
	}
	return r
}

func TestTOTPRoutesOffWithoutKey(t *testing.T) {
	e, _ := newMFAEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	for _, p := range []string{"/totp/enroll", "/totp/confirm", "/totp/disable", "/totp/recovery-codes"} {
		e.do("POST", p, map[string]any{}, tok).want(t, http.StatusNotFound, "")
	}
}

func TestTOTPNeedsSMS2FA(t *testing.T) {
	cfg := testConfig(t)
	cfg.EnableTOTP = true
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "enable_totp needs enable_sms_2fa = true") {
		t.Fatalf("Validate: %v", err)
	}
}

// Enrol, confirm, sign in with the app, disable; the events follow.
func TestTOTPEnrolLoginDisable(t *testing.T) {
	e, box := newTOTPEnv(t)
	var events []string
	e.rs.OnTOTPEnabled(func(_ context.Context, ev TOTPEnabled) error {
		events = append(events, "totp_enabled:"+ev.User.Email)
		return nil
	})
	e.rs.OnTOTPDisabled(func(_ context.Context, ev TOTPDisabled) error {
		events = append(events, "totp_disabled:"+ev.User.Email)
		return nil
	})
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)

	r := e.do("POST", "/totp/enroll", nil, tok).want(t, http.StatusOK, "")
	secret := r.str("secret")
	u, err := url.Parse(r.str("otpauth_uri"))
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != secret ||
		u.Query().Get("issuer") != e.cfg.AppName || !strings.Contains(u.Path, "a@example.com") {
		t.Fatalf("otpauth_uri %q (%v)", r.str("otpauth_uri"), err)
	}
	data, ok := strings.CutPrefix(r.str("qr_png"), "data:image/png;base64,")
	if !ok {
		t.Fatalf("qr_png %.40q", r.str("qr_png"))
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := png.Decode(bytes.NewReader(raw)); err != nil || img.Bounds().Dx() != totpQRSize {
		t.Fatalf("qr_png: %v", err)
	}
	// Pending: sign-in is still one step.
	e.login("a@example.com", testPassword)

	code := totpCodeAt(t, secret, e.clock.Now())
	e.do("POST", "/totp/confirm", map[string]any{"code": otherCode(code)}, tok).want(t, http.StatusBadRequest, "Wrong code; 4 attempts remaining.")
	r = e.do("POST", "/totp/confirm", map[string]any{"code": code}, tok).want(t, http.StatusOK, "")
	if n := len(r.json["recovery_codes"].([]any)); n != 10 {
		t.Fatalf("%d recovery codes", n)
	}
	e.do("POST", "/totp/confirm", map[string]any{"code": code}, tok).want(t, http.StatusBadRequest, detailTOTPAlreadyOn)
	e.do("POST", "/totp/enroll", nil, tok).want(t, http.StatusBadRequest, detailTOTPAlreadyOn)

	// The confirming code cannot sign in: its step is used.
	r = e.loginTOTP("a@example.com")
	if r.str("delivery") != "totp" || fmt.Sprint(r.json["methods"]) != "[totp]" {
		t.Fatalf("login body %s", r.body)
	}
	pending := r.str("mfa_pending_token")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code}, "").
		want(t, http.StatusBadRequest, "Wrong code; 4 attempts remaining.")
	e.clock.Advance(totpPeriod * time.Second)
	next := totpCodeAt(t, secret, e.clock.Now())
	r = e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": next}, "").want(t, http.StatusOK, "")
	if r.str("access_token") == "" {
		t.Fatalf("mfa-confirm body %s", r.body)
	}
	// The same code again, on a new sign-in: refused.
	pending = e.loginTOTP("a@example.com").str("mfa_pending_token")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": next, "method": "totp"}, "").
		want(t, http.StatusBadRequest, "Wrong code; 4 attempts remaining.")
	if n := len(box.sent()); n != 0 {
		t.Fatalf("%d texts sent to an app-only account", n)
	}

	e.do("POST", "/totp/disable", map[string]any{"current_password": "wrong password"}, tok).want(t, http.StatusBadRequest, detailWrongPassword)
	e.do("POST", "/totp/disable", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	e.do("POST", "/totp/disable", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusBadRequest, detailTOTPNotOn)
	e.login("a@example.com", testPassword)
	want := []string{"totp_enabled:a@example.com", "totp_disabled:a@example.com"}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Errorf("events %v, want %v", events, want)
	}
}

// A code is accepted one step either side of the server's clock, no
// further.
func TestTOTPWindow(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	secret, _ := e.enrolTOTP(e.login("a@example.com", testPassword))
	e.clock.Advance(10 * totpPeriod * time.Second)
	for _, c := range []struct {
		offset time.Duration
		ok     bool
	}{
		{-2 * totpPeriod * time.Second, false},
		{+2 * totpPeriod * time.Second, false},
		{-totpPeriod * time.Second, true},
		{0, true},
		{+totpPeriod * time.Second, true},
	} {
		pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
		r := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": totpCodeAt(t, secret, e.clock.Now().Add(c.offset))}, "")
		if (r.status == http.StatusOK) != c.ok {
			t.Errorf("offset %v: %d %s", c.offset, r.status, r.body)
		}
	}
}

// Recovery codes sign in once each; regenerating them ends the old set.
func TestTOTPRecoveryCodes(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	_, codes := e.enrolTOTP(tok)
	recover := func(code string) response {
		pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code, "method": "recovery"}, "")
	}
	recover(codes[0]).want(t, http.StatusOK, "")
	recover(codes[0]).want(t, http.StatusBadRequest, "Wrong code; 4 attempts remaining.")
	// Case and dashes do not matter.
	recover(strings.ToUpper(strings.ReplaceAll(codes[1], "-", ""))).want(t, http.StatusOK, "")
	n, err := e.rs.totpStore.CountRecoveryCodes(context.Background(), e.user("a@example.com").ID)
	if err != nil || n != 8 {
		t.Fatalf("%d codes left (%v), want 8", n, err)
	}

	e.do("POST", "/totp/recovery-codes", map[string]any{"current_password": "nope"}, tok).want(t, http.StatusBadRequest, detailWrongPassword)
	r := e.do("POST", "/totp/recovery-codes", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	fresh := r.json["recovery_codes"].([]any)
	if len(fresh) != 10 || slices.Contains(fresh, any(codes[2])) {
		t.Fatalf("new codes %v", fresh)
	}
	recover(codes[2]).want(t, http.StatusBadRequest, "Wrong code; 4 attempts remaining.")
	recover(fresh[0].(string)).want(t, http.StatusOK, "")
	pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": "123456", "method": "email"}, "").
		want(t, http.StatusBadRequest, `method must be "sms", "totp" or "recovery".`)
}

// An account with both factors: the text goes out as upstream, and either
// factor completes the sign-in.
func TestTOTPWithSMS(t *testing.T) {
	e, box := newTOTPEnv(t)
	e.enableMFA(box, "a@example.com")
	tok := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": e.loginMFA("a@example.com"), "code": box.lastCode(t, testPhone)}, "").
		want(t, http.StatusOK, "").str("access_token")
	secret, _ := e.enrolTOTP(tok)
	sent := len(box.sent())
	r := e.loginTOTP("a@example.com")
	if r.str("delivery") != "sms" || fmt.Sprint(r.json["methods"]) != "[totp sms]" || len(box.sent()) != sent+1 {
		t.Fatalf("login body %s, %d texts", r.body, len(box.sent())-sent)
	}
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": r.str("mfa_pending_token"), "code": box.lastCode(t, testPhone)}, "").
		want(t, http.StatusOK, "")
	pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": totpCodeAt(t, secret, e.clock.Now()), "method": "totp"}, "").
		want(t, http.StatusOK, "")
}

// An account without a password gets 400s, never a 500.
func TestTOTPPasswordlessAccount(t *testing.T) {
	e, _ := newTOTPEnv(t)
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
	e.enrolTOTP(tok)
	e.do("POST", "/totp/disable", map[string]any{"current_password": ""}, tok).want(t, http.StatusBadRequest, detailNoPassword)
	e.do("POST", "/totp/recovery-codes", map[string]any{"current_password": "x"}, tok).want(t, http.StatusBadRequest, detailNoPassword)
}

// The stored secret is sealed: not in clear, and bound to its user.
func TestTOTPSecretSealed(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	secret, _ := e.enrolTOTP(e.login("a@example.com", testPassword))
	id := e.user("a@example.com").ID
	c, err := e.rs.totpStore.TOTPCredential(context.Background(), id)
	if err != nil || !c.Confirmed {
		t.Fatalf("credential %+v, %v", c, err)
	}
	if bytes.Contains(c.Sealed, []byte(secret)) {
		t.Fatal("secret stored in clear")
	}
	if got, err := e.rs.totpSealer.open(id, c.Sealed); err != nil || got != secret {
		t.Fatalf("open: %q, %v", got, err)
	}
	if _, err := e.rs.totpSealer.open("another-user", c.Sealed); err == nil {
		t.Fatal("sealed secret opened for another user")
	}
}

// Confirming an enrolment also counts attempts: the enrolment ends after
// sms_code_max_attempts wrong codes.
func TestTOTPConfirmAttempts(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	secret := e.do("POST", "/totp/enroll", nil, tok).want(t, http.StatusOK, "").str("secret")
	code := totpCodeAt(t, secret, e.clock.Now())
	for range e.cfg.SMSCodeMaxAttempts - 1 {
		e.do("POST", "/totp/confirm", map[string]any{"code": otherCode(code)}, tok).want(t, http.StatusBadRequest, "")
	}
	e.do("POST", "/totp/confirm", map[string]any{"code": otherCode(code)}, tok).
		want(t, http.StatusBadRequest, "Too many wrong attempts — start again with /totp/enroll.")
	e.do("POST", "/totp/confirm", map[string]any{"code": code}, tok).want(t, http.StatusBadRequest, detailTOTPNoEnrol)
	e.clock.Advance(totpEnrolTTL + time.Second)
	e.do("POST", "/totp/enroll", nil, tok).want(t, http.StatusOK, "")
	e.clock.Advance(totpEnrolTTL + time.Second)
	e.do("POST", "/totp/confirm", map[string]any{"code": code}, tok).
		want(t, http.StatusBadRequest, "Enrolment has expired. Start again with /totp/enroll.")
}

// Deleting the account deletes its app.
func TestTOTPAccountDeletion(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	e.enrolTOTP(tok)
	id := e.user("a@example.com").ID
	e.do("DELETE", "/account", map[string]any{"current_password": testPassword}, tok).want(t, http.StatusOK, "")
	if _, err := e.rs.totpStore.TOTPCredential(context.Background(), id); err != ErrNotFound {
		t.Fatalf("credential after account deletion: %v", err)
	}
	if n, err := e.rs.totpStore.CountRecoveryCodes(context.Background(), id); err != nil || n != 0 {
		t.Fatalf("%d recovery codes after account deletion (%v)", n, err)
	}
}

// TestTOTPConcurrentRightCode: 20 parallel mfa-confirm with the right app
// code give exactly one session: the time step is recorded atomically
// before the session exists.
func TestTOTPConcurrentRightCode(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	secret, _ := e.enrolTOTP(e.login("a@example.com", testPassword))
	pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
	code := totpCodeAt(t, secret, e.clock.Now())
	tally := concurrently(20, func(int) response {
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code, "method": "totp"}, "")
	})
	t.Logf("20 parallel mfa-confirm with the right TOTP code: %v", tally)
	if tally[http.StatusOK] != 1 || tally[http.StatusBadRequest] != 19 {
		t.Fatalf("statuses %v, want one 200 and 19 × 400", tally)
	}
}

// TestTOTPConcurrentReplay: the same code on 20 separate sign-ins (each
// with its own attempts) still signs in once.
func TestTOTPConcurrentReplay(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	secret, _ := e.enrolTOTP(e.login("a@example.com", testPassword))
	code := totpCodeAt(t, secret, e.clock.Now())
	var pendings []string
	for range 20 {
		// Each login replaces the login_mfa row, so the pending tokens
		// share one; the time step still decides.
		pendings = append(pendings, e.loginTOTP("a@example.com").str("mfa_pending_token"))
	}
	tally := concurrently(20, func(i int) response {
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pendings[i], "code": code, "method": "totp"}, "")
	})
	if tally[http.StatusOK] != 1 {
		t.Fatalf("statuses %v, want one 200", tally)
	}
}

// TestTOTPParallelGuesses: 50 parallel wrong app codes compare at most
// sms_code_max_attempts of them.
func TestTOTPParallelGuesses(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	secret, _ := e.enrolTOTP(e.login("a@example.com", testPassword))
	pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
	code := totpCodeAt(t, secret, e.clock.Now())
	var mu sync.Mutex
	details := map[string]int{}
	tally := concurrently(50, func(int) response {
		r := e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": otherCode(code), "method": "totp"}, "")
		mu.Lock()
		details[r.str("detail")]++
		mu.Unlock()
		return r
	})
	if tally[http.StatusBadRequest] != 50 {
		t.Fatalf("statuses %v", tally)
	}
	compared := 1 // the guess that spent the code answered "Too many wrong attempts"
	for d, n := range details {
		if strings.HasPrefix(d, "Wrong code;") {
			compared += n
		}
	}
	t.Logf("50 parallel wrong TOTP guesses, max %d: %d compared; answers %v", e.cfg.SMSCodeMaxAttempts, compared, details)
	if compared != e.cfg.SMSCodeMaxAttempts {
		t.Errorf("%d guesses compared, want %d", compared, e.cfg.SMSCodeMaxAttempts)
	}
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": code, "method": "totp"}, "").
		want(t, http.StatusBadRequest, "No pending sign-in code — start the login flow again.")
}

// TestRecoveryCodeConcurrent: one recovery code sent 20 times in parallel
// signs in once; the code is deleted before the session exists.
func TestRecoveryCodeConcurrent(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	_, codes := e.enrolTOTP(e.login("a@example.com", testPassword))
	var pendings []string
	for range 20 {
		pendings = append(pendings, e.loginTOTP("a@example.com").str("mfa_pending_token"))
	}
	tally := concurrently(20, func(i int) response {
		return e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pendings[i], "code": codes[0], "method": "recovery"}, "")
	})
	t.Logf("20 parallel mfa-confirm with one recovery code: %v", tally)
	if tally[http.StatusOK] != 1 || tally[http.StatusBadRequest] != 19 {
		t.Fatalf("statuses %v, want one 200 and 19 × 400", tally)
	}
}

// TestTOTPConfirmConcurrent: 20 parallel /totp/confirm with the right code
// enable the app once and hand out one set of recovery codes.
func TestTOTPConfirmConcurrent(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	tok := e.login("a@example.com", testPassword)
	secret := e.do("POST", "/totp/enroll", nil, tok).want(t, http.StatusOK, "").str("secret")
	code := totpCodeAt(t, secret, e.clock.Now())
	tally := concurrently(20, func(int) response {
		return e.do("POST", "/totp/confirm", map[string]any{"code": code}, tok)
	})
	t.Logf("20 parallel /totp/confirm with the right code: %v", tally)
	if tally[http.StatusOK] != 1 || tally[http.StatusBadRequest] != 19 {
		t.Fatalf("statuses %v, want one 200 and 19 × 400", tally)
	}
}

// A secret sealed under another jwt_secret answers 400, not 500; recovery
// codes still sign in.
func TestTOTPSecretUnreadable(t *testing.T) {
	e, _ := newTOTPEnv(t)
	e.register("a@example.com")
	_, codes := e.enrolTOTP(e.login("a@example.com", testPassword))
	other, err := newTOTPSealer("another-secret-0123456789abcdef0123456789")
	if err != nil {
		t.Fatal(err)
	}
	e.rs.totpSealer = other
	pending := e.loginTOTP("a@example.com").str("mfa_pending_token")
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": "123456", "method": "totp"}, "").
		want(t, http.StatusBadRequest, detailTOTPUnreadable)
	e.do("POST", "/login/mfa-confirm", map[string]any{"mfa_pending_token": pending, "code": codes[0], "method": "recovery"}, "").
		want(t, http.StatusOK, "")
}
