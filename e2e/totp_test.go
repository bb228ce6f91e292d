package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestTOTPEndToEnd drives authenticator apps over real HTTP against a host
// generated with `init --sms-2fa --totp`, on every backend: register →
// verify (the link read from mailpit) → log in → totp/enroll →
// totp/confirm (the code computed from the returned secret, as an app
// would) → log out → log in (mfa_required, methods ["totp"]) →
// login/mfa-confirm with the app's code, then with a recovery code → /me
// → totp/disable. Every exchange is validated against the host's
// openapi.json.
func TestTOTPEndToEnd(t *testing.T) {
	_, smtpHost, smtpPort, mailpit := mailpitEnv(t)
	for _, backend := range []string{"sqlite", "postgres", "mongo"} {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			args := append(backendArgs(t, backend), "--sms-2fa", "--totp", "--email-backend", "smtp",
				"--smtp-host", smtpHost, "--smtp-port", smtpPort, "--smtp-starttls=false")
			testTOTP(t, backend, mailpit, startHost(t, args...))
		})
	}
}

func testTOTP(t *testing.T, backend, mailpit string, h *host) {
	const api = "/api/auth"
	email, password := "totp-"+backend+"@example.com", "correct horse battery"
	code := func(at time.Time, secret string) string {
		c, err := totp.GenerateCode(secret, at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	h.expect(h.call("POST", api+"/register", "", map[string]any{"email": email, "password": password}), 201)
	h.expect(h.call("POST", api+"/verify", "", map[string]any{"token": mailpitToken(t, mailpit, email)}), 200)
	tok := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["access_token"].(string)

	r := h.expect(h.call("POST", api+"/totp/enroll", tok, nil), 200)
	secret, _ := r.json["secret"].(string)
	if secret == "" || !strings.HasPrefix(r.json["otpauth_uri"].(string), "otpauth://totp/E2E:") ||
		!strings.HasPrefix(r.json["qr_png"].(string), "data:image/png;base64,") {
		t.Fatalf("totp/enroll: %.300s", r.raw)
	}
	now := time.Now()
	r = h.expect(h.call("POST", api+"/totp/confirm", tok, map[string]any{"code": code(now, secret)}), 200)
	recovery, _ := r.json["recovery_codes"].([]any)
	if len(recovery) != 10 {
		t.Fatalf("totp/confirm: %s", r.raw)
	}
	h.expect(h.call("POST", api+"/logout", tok, nil), 200)

	r = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200)
	if r.json["status"] != "mfa_required" || r.json["delivery"] != "totp" || r.json["access_token"] != nil {
		t.Fatalf("login with TOTP: %s", r.raw)
	}
	if m, _ := r.json["methods"].([]any); len(m) != 1 || m[0] != "totp" {
		t.Fatalf("login methods: %s", r.raw)
	}
	pending := r.json["mfa_pending_token"]
	// The confirming code's time step is used; the next step's code is
	// within the accepted window and has not been.
	h.expect(h.call("POST", api+"/login/mfa-confirm", "", map[string]any{"mfa_pending_token": pending, "code": code(now, secret), "method": "totp"}), 400)
	r = h.expect(h.call("POST", api+"/login/mfa-confirm", "", map[string]any{"mfa_pending_token": pending, "code": code(now.Add(30*time.Second), secret), "method": "totp"}), 200)
	tok = r.json["access_token"].(string)
	h.expect(h.call("GET", api+"/me", tok, nil), 200)

	pending = h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200).json["mfa_pending_token"]
	h.expect(h.call("POST", api+"/login/mfa-confirm", "", map[string]any{"mfa_pending_token": pending, "code": recovery[0], "method": "recovery"}), 200)

	h.expect(h.call("POST", api+"/totp/disable", tok, map[string]any{"current_password": password}), 200)
	if r := h.expect(h.call("POST", api+"/login", "", map[string]any{"email": email, "password": password}), 200); r.json["access_token"] == nil {
		t.Fatalf("login after disable: %s", r.raw)
	}
}
