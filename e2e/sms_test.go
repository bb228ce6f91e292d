package e2e

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestSMS2FAEndToEnd drives the SMS second factor over real HTTP against a
// host generated with `init --sms-2fa` (the null SMS backend, which logs
// each text: the test reads the codes from the host's log) and mail sent
// over SMTP to mailpit: register → verify (the link read from mailpit) →
// log in → phone/start → phone/confirm → log out → log in (mfa_required)
// → login/mfa-confirm → /me. Every exchange is validated against the
// host's openapi.json.
func TestSMS2FAEndToEnd(t *testing.T) {
	_, smtpHost, smtpPort, mailpit := mailpitEnv(t)
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			args := append(backendArgs(t, backend), "--sms-2fa", "--email-backend", "smtp",
				"--smtp-host", smtpHost, "--smtp-port", smtpPort, "--smtp-starttls=false")
			testSMS2FA(t, backend, mailpit, startHost(t, args...))
		})
	}
}

func testSMS2FA(t *testing.T, backend, mailpit string, h *host) {
	const api, phone = "/api/auth", "+14155552671"
	email, password := "sms-"+backend+"@example.com", "correct horse battery"

	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": email, "password": password}), 201)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": mailpitToken(t, mailpit, email)}), 200)
	tok := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)

	r := h.expect(h.call("POST", api+"/phone/start", tok, map[string]any{"phone_number": phone, "current_password": password}), 202)
	if r.json["status"] != "code_sent" {
		t.Fatalf("phone/start: %s", r.raw)
	}
	r = h.expect(h.call("POST", api+"/phone/confirm", "", map[string]any{"pending_token": r.json["pending_token"], "code": h.smsCode(phone, "verification code", 1)}), 200)
	if r.json["phone_number"] != phone || r.json["is_mfa_enabled"] != true {
		t.Fatalf("phone/confirm: %s", r.raw)
	}
	h.expect(h.call("POST", api+"/logout", tok, nil), 200)

	r = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200)
	if r.json["status"] != "mfa_required" || r.json["delivery"] != "sms" || r.json["access_token"] != nil {
		t.Fatalf("login with 2FA: %s", r.raw)
	}
	pending := r.json["mfa_pending_token"]
	h.expect(h.call("POST", api+"/login/mfa-confirm", "", map[string]any{"mfa_pending_token": pending, "code": "00000a"}), 400)
	r = h.expect(h.call("POST", api+"/login/mfa-confirm", "", map[string]any{"mfa_pending_token": pending, "code": h.smsCode(phone, "sign-in code", 1)}), 200)
	tok = r.json["access_token"].(string)
	if me := h.expect(h.call("GET", api+"/me", tok, nil), 200); me.json["is_mfa_enabled"] != true {
		t.Fatalf("/me: %s", me.raw)
	}
	h.expect(h.call("DELETE", api+"/phone", tok, map[string]any{"current_password": password}), 200)
	h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200)
}

// smsCode waits for the n-th text of kind ("verification code", "sign-in
// code") to number in the host's log, where the null SMS backend writes
// every text, and returns its code.
func (h *host) smsCode(number, kind string, n int) string {
	h.t.Helper()
	re := regexp.MustCompile(`to=` + regexp.QuoteMeta(number) + `\b.*` + kind + `: (\d{6})\.`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := re.FindAllStringSubmatch(h.log.String(), -1); len(m) >= n {
			return m[n-1][1]
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("no %d. %s text to %s in the host log:\n%s", n, kind, number, h.log)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// mailpitToken waits for the verification email to to reach mailpit and
// returns the token of its link.
func mailpitToken(t *testing.T, mailpit, to string) string {
	t.Helper()
	re := regexp.MustCompile(`token=([A-Za-z0-9_.%-]+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var list struct{ Messages []struct{ ID string } }
		getJSON(t, mailpit+"/api/v1/search?query="+strings.ReplaceAll("to:"+to, "@", "%40"), &list)
		for _, m := range list.Messages {
			var msg struct{ Text string }
			getJSON(t, mailpit+"/api/v1/message/"+m.ID, &msg)
			if tok := re.FindStringSubmatch(msg.Text); tok != nil {
				return tok[1]
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no verification email to %s in mailpit", to)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("mailpit %s: %v", url, err)
	}
}
