package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser tests drive the account pages of a generated host (built
// with enable_ui_router, email over SMTP to mailpit) in headless Chromium:
// every flow a visitor has, the error texts, accessibility (axe-core), the
// keyboard, and a screenshot of each page in light and dark.

// browserHost starts a host with the pages on and its mail going to the
// mailpit of scripts/with-services.sh, and returns it with mailpit's URL.
func browserHost(t *testing.T) (*host, string) {
	t.Helper()
	_, smtpHost, smtpPort, mailpit := mailpitEnv(t)
	h := startCustomHost(t, nil, []string{"REGSTACK_LOGIN_LOCKOUT_THRESHOLD=3"},
		"--ui", "--sms-2fa", "--email-backend", "smtp", "--smtp-host", smtpHost, "--smtp-port", smtpPort, "--smtp-starttls=false")
	return h, mailpit
}

// chromiumPath finds Debian's chromium. Without it the browser tests skip,
// except under CI=true, where a missing browser is a failure.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed; .ci/run installs it (scripts/needs-chromium)")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// browser is one headless Chromium tab on a host.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newBrowser starts Chromium with a fresh profile; it ends with the test.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := chromiumPath(t)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 900),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first action starts the browser, which lives as long as the
	// context of that action: run it on ctx itself, not a timeout child.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return &browser{t: t, ctx: ctx, base: base}
}

func (b *browser) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v (at %s, message %q)", err, b.location(), b.message())
	}
}

// eval evaluates a JavaScript expression in the page into T.
func eval[T any](b *browser, expr string, opts ...chromedp.EvaluateOption) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("location.pathname + location.search"))
	return s
}

// message is the text of the page's [data-rs-message] when it is shown.
func (b *browser) message() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(function(){var m=document.querySelector("[data-rs-message]");return m&&!m.hidden?m.textContent:""})()`))
	return s
}

// open navigates to a path of the host.
func (b *browser) open(path string) {
	b.t.Helper()
	b.do(chromedp.Navigate(b.base + path))
}

// waitFor polls a JavaScript condition until it holds.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("waiting for %s: not reached (at %s, message %q, err %v)", what, b.location(), b.message(), err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (b *browser) waitPath(p string) {
	b.t.Helper()
	b.waitFor("page "+p, "location.pathname === "+jsString(p))
}

// waitMessage waits until the message box shows text containing want in
// tone.
func (b *browser) waitMessage(tone, want string) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf("%s message %q", tone, want), `(function(){var m=document.querySelector("[data-rs-message]");`+
		`return m&&!m.hidden&&m.getAttribute("data-rs-tone")===`+jsString(tone)+`&&m.textContent.indexOf(`+jsString(want)+`)>=0})()`)
}

// fill empties the named field of form and types value into it.
func (b *browser) fill(form, name, value string) {
	b.t.Helper()
	css := `form[data-rs-form="` + form + `"] [name="` + name + `"]`
	b.do(chromedp.WaitVisible(chromedp.CSS(css)))
	// chromedp.Clear empties the value attribute, not what a script or a
	// visitor put in the field; empty the live value instead.
	eval[bool](b, `(document.querySelector(`+jsString(css)+`).value = "", true)`)
	b.do(chromedp.SendKeys(chromedp.CSS(css), value))
}

// submit clicks the form's submit button.
func (b *browser) submit(form string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(`form[data-rs-form="` + form + `"] button[type="submit"]`)))
}

func (b *browser) field(name string) string {
	b.t.Helper()
	return eval[string](b, `document.querySelector('[data-rs-field="`+name+`"]').textContent`)
}

func (b *browser) token() string {
	b.t.Helper()
	return eval[string](b, `localStorage.getItem("regstack.access_token") || ""`)
}

// signIn signs in through the login page and waits for the account page.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	b.open("/account/login")
	b.fill("login", "email", email)
	b.fill("login", "password", password)
	b.submit("login")
	b.waitPath("/account/me")
	b.waitFor("account filled", `document.querySelector('[data-rs-field="email"]').textContent === `+jsString(email))
}

func jsString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

// mailLink waits for the n-th email to addr in mailpit holding a link to
// page and returns the link's path and query.
func mailLink(t *testing.T, mailpit, addr, page string, n int) string {
	t.Helper()
	re := regexp.MustCompile(`http://[^\s"<>]+(/account/` + regexp.QuoteMeta(page) + `\?token=[A-Za-z0-9_.%-]+)`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		var links []string
		for _, id := range mailpitMessages(t, mailpit, addr) {
			if m := re.FindStringSubmatch(mailpitText(t, mailpit, id)); m != nil {
				links = append(links, m[1])
			}
		}
		if len(links) >= n {
			return links[len(links)-n] // mailpit lists the newest first
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %d. %s link to %s in mailpit", n, page, addr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// mailpitMessages lists the IDs of the messages to addr, newest first.
func mailpitMessages(t *testing.T, base, addr string) []string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/search?limit=50&query=" + url.QueryEscape("to:"+addr))
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	var body struct{ Messages []struct{ ID string } }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	ids := make([]string, len(body.Messages))
	for i, m := range body.Messages {
		ids[i] = m.ID
	}
	return ids
}

func mailpitText(t *testing.T, base, id string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/message/" + id)
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	defer resp.Body.Close()
	var body struct{ Text string }
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	return body.Text
}

// registerVerified signs a user up and confirms the address through the
// API, for the tests that start from an existing account.
func registerVerified(t *testing.T, h *host, mailpit, email, password string) {
	t.Helper()
	h.expect(h.call("POST", "/api/auth/register", "", map[string]any{"email": email, "password": password, "full_name": "Test User"}), 201)
	link := mailLink(t, mailpit, email, "verify", 1)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	h.expect(h.call("POST", "/api/auth/verify", "", map[string]any{"token": u.Query().Get("token")}), 200)
}

// TestBrowser runs every browser test against one host.
func TestBrowser(t *testing.T) {
	chromiumPath(t) // before building a host it could not test
	h, mailpit := browserHost(t)
	b := newBrowser(t, h.base)
	t.Run("AccountFlow", func(t *testing.T) { b.t = t; testBrowserAccountFlow(t, b, mailpit) })
	t.Run("ResetFlow", func(t *testing.T) { b.t = t; testBrowserResetFlow(t, b, h, mailpit) })
	t.Run("Errors", func(t *testing.T) { b.t = t; testBrowserErrors(t, b, h, mailpit) })
	t.Run("Accessibility", func(t *testing.T) { b.t = t; testBrowserAccessibility(t, b, h, mailpit) })
	t.Run("Screenshots", func(t *testing.T) { b.t = t; testBrowserScreenshots(t, b, h, mailpit) })
	t.Run("CookieTransport", func(t *testing.T) { testBrowserCookieTransport(t, b, h, mailpit) })
	t.Run("SecondFactor", func(t *testing.T) { b.t = t; testBrowserSecondFactor(t, b, h, mailpit) })
}

// testBrowserSecondFactor: SMS two-step sign-in through the pages (the
// host is generated with the null SMS backend, which logs each text):
// turn it on from the account page with the code texted to the phone,
// sign out, sign in → the mfa-confirm page → the texted code → the
// account page; a wrong code shows the API's detail text.
func testBrowserSecondFactor(t *testing.T, b *browser, h *host, mailpit string) {
	email, password, phone := "hopper@example.com", "cobol compiler", "+15005550123"
	registerVerified(t, h, mailpit, email, password)
	b.signIn(email, password)
	b.waitFor("mfa off", `document.querySelector("[data-rs-mfa-status]").textContent === "Two-step sign-in is off."`)
	b.fill("phone-setup-start", "phone_number", phone)
	b.fill("phone-setup-start", "current_password", password)
	b.submit("phone-setup-start")
	b.waitMessage("success", "We sent a code to your phone.")
	b.fill("phone-setup-confirm", "code", h.smsCode(phone, "verification code", 1))
	b.submit("phone-setup-confirm")
	b.waitMessage("success", "Two-step sign-in is on.")
	b.waitFor("mfa on after reload", `document.querySelector("[data-rs-mfa-status]").textContent === "Two-step sign-in is on."`)

	b.do(chromedp.Click(chromedp.CSS(`[data-rs-action="logout"]`)))
	b.waitPath("/account/login")
	b.fill("login", "email", email)
	b.fill("login", "password", password)
	b.submit("login")
	b.waitPath("/account/mfa-confirm")
	if b.token() != "" {
		t.Fatal("a session token was stored before the second factor")
	}
	code, wrong := h.smsCode(phone, "sign-in code", 1), "000000"
	if code == wrong {
		wrong = "111111"
	}
	b.fill("mfa-confirm", "code", wrong)
	b.submit("mfa-confirm")
	b.waitMessage("error", "Wrong code")
	b.fill("mfa-confirm", "code", code)
	b.submit("mfa-confirm")
	b.waitPath("/account/me")
	b.waitFor("account filled", `document.querySelector('[data-rs-field="email"]').textContent === `+jsString(email))
}

// testBrowserCookieTransport: the same pages with transport = "cookie"
// (a second process of the host, on its own origin): the session lives in
// the HttpOnly cookie, so neither the token nor the cookie is readable by
// the page's script; the account page works through it, a profile update
// passes the cross-origin protection, and sign-out ends the session.
func testBrowserCookieTransport(t *testing.T, b *browser, h *host, mailpit string) {
	hc := h.another("REGSTACK_TRANSPORT=cookie")
	bc := &browser{t: t, ctx: b.ctx, base: hc.base}
	email, password := "cookie@example.com", "baked at 180 degrees"
	registerVerified(t, hc, mailpit, email, password)

	bc.signIn(email, password)
	if tok := bc.token(); tok != "" {
		t.Fatalf("cookie mode stored the token in localStorage: %q", tok)
	}
	if eval[bool](bc, `document.cookie.indexOf("regstack_session") >= 0`) {
		t.Fatal("the session cookie is readable by script (not HttpOnly)")
	}
	bc.fill("update-profile", "full_name", "Cookie Monster")
	bc.submit("update-profile")
	bc.waitMessage("success", "Profile saved.")
	if got := bc.field("full_name"); got != "Cookie Monster" {
		t.Fatalf("full_name after update: %q", got)
	}

	bc.do(chromedp.Click(chromedp.CSS(`[data-rs-action="logout"]`)))
	bc.waitPath("/account/login")
	// The marker is gone and so is the session: the account page sends
	// the visitor back to sign in.
	bc.open("/account/me")
	bc.waitPath("/account/login")
}

// testBrowserAccountFlow: register → verification link from the email →
// sign in → account page filled → update profile → change password → sign
// out → sign in → change email → confirm page → sign in with the new
// address → delete the account.
func testBrowserAccountFlow(t *testing.T, b *browser, mailpit string) {
	email, password := "ada@example.com", "analytical engine"
	b.open("/account/register")
	b.fill("register", "email", email)
	b.fill("register", "full_name", "Ada Lovelace")
	b.fill("register", "password", password)
	b.submit("register")
	b.waitMessage("success", "Check your inbox")

	b.open(mailLink(t, mailpit, email, "verify", 1))
	b.waitFor("verified", `document.querySelector("[data-rs-status]").textContent.indexOf("Your email is confirmed") === 0`)

	b.signIn(email, password)
	if got := []string{b.field("full_name"), b.field("is_verified")}; got[0] != "Ada Lovelace" || got[1] != "yes" {
		t.Fatalf("account page: full_name %q, is_verified %q", got[0], got[1])
	}
	if b.field("created_at") == "—" {
		t.Error("created_at not filled")
	}

	b.fill("update-profile", "full_name", "Augusta Ada King")
	b.submit("update-profile")
	b.waitMessage("success", "Profile saved.")
	if got := b.field("full_name"); got != "Augusta Ada King" {
		t.Fatalf("full_name after update: %q", got)
	}

	newPassword := "difference engine"
	b.fill("change-password", "current_password", password)
	b.fill("change-password", "new_password", newPassword)
	b.submit("change-password")
	b.waitMessage("success", "Password changed")
	b.waitPath("/account/login")
	if b.token() != "" {
		t.Fatal("token kept after a password change")
	}

	b.signIn(email, newPassword)
	b.do(chromedp.Click(chromedp.CSS(`[data-rs-action="logout"]`)))
	b.waitPath("/account/login")
	if b.token() != "" {
		t.Fatal("token kept after sign-out")
	}

	b.signIn(email, newPassword)
	newEmail := "countess@example.com"
	b.fill("change-email", "new_email", newEmail)
	b.fill("change-email", "current_password", newPassword)
	b.submit("change-email")
	b.waitMessage("success", "We sent a confirmation link to "+newEmail)
	b.open(mailLink(t, mailpit, newEmail, "confirm-email-change", 1))
	b.waitFor("email change confirmed", `document.querySelector("[data-rs-status]").textContent.indexOf("Your new email is confirmed") === 0`)
	if b.token() != "" {
		t.Fatal("token kept after the email change")
	}

	b.signIn(newEmail, newPassword)
	// The page asks confirm() first; answer yes as a visitor would.
	eval[bool](b, `(window.confirm = function () { return true; }, true)`)
	b.fill("delete-account", "current_password", newPassword)
	b.submit("delete-account")
	b.waitPath("/account/login")
	b.fill("login", "email", newEmail)
	b.fill("login", "password", newPassword)
	b.submit("login")
	b.waitMessage("error", "")
}

// testBrowserResetFlow: forgot → reset link from the email → new password
// → sign in with it.
func testBrowserResetFlow(t *testing.T, b *browser, h *host, mailpit string) {
	email := "grace@example.com"
	registerVerified(t, h, mailpit, email, "compiler first")
	b.open("/account/forgot")
	b.fill("forgot", "email", email)
	b.submit("forgot")
	b.waitMessage("success", "reset link is on its way")
	b.open(mailLink(t, mailpit, email, "reset", 1))
	if got := eval[string](b, `document.querySelector("[data-rs-token]").value`); got == "" {
		t.Fatal("the reset page did not copy ?token= into its form")
	}
	b.fill("reset", "new_password", "nanoseconds wire")
	b.submit("reset")
	b.waitMessage("success", "Your password has been changed")
	b.waitPath("/account/login")
	b.signIn(email, "nanoseconds wire")
	b.do(chromedp.Click(chromedp.CSS(`[data-rs-action="logout"]`)))
	b.waitPath("/account/login")
}

// testBrowserErrors: a wrong password shows the API's detail, ?error=
// codes show their banner, and the lockout's 429 shows its text.
func testBrowserErrors(t *testing.T, b *browser, h *host, mailpit string) {
	email := "linus@example.com"
	registerVerified(t, h, mailpit, email, "right password")

	b.open("/account/login?error=bad_state")
	b.waitMessage("error", "The sign-in request could not be verified. Please start again.")
	b.open("/account/login?error=no_such_code")
	b.waitMessage("error", "Sign-in failed (no_such_code).")

	b.open("/account/login")
	wrong := ""
	for i := 0; i < 3; i++ {
		b.fill("login", "email", email)
		b.fill("login", "password", "wrong password")
		b.submit("login")
		b.waitMessage("error", "")
		if i == 0 {
			wrong = b.message()
			if wrong != "Invalid email or password." && !strings.Contains(strings.ToLower(wrong), "password") {
				t.Errorf("wrong password shows %q", wrong)
			}
		}
		eval[bool](b, `(document.querySelector("[data-rs-message]").hidden = true, true)`)
	}
	// The threshold (3) is reached: the next attempt is refused with 429,
	// and the page shows the API's text for it.
	r := h.call("POST", "/api/auth/login", "", map[string]any{"email": email, "password": "right password"})
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("API after 3 failures: %d %s", r.status, r.raw)
	}
	lockout, _ := r.json["detail"].(string)
	b.fill("login", "email", email)
	b.fill("login", "password", "right password")
	b.submit("login")
	// The text counts the seconds down; its first sentence is stable.
	first, _, _ := strings.Cut(lockout, ". ")
	b.waitMessage("error", first)
	if lockout == "" || lockout == wrong {
		t.Errorf("lockout text %q, wrong-password text %q", lockout, wrong)
	}
}

// pagePaths are every page of the UI.
var pagePaths = []string{"login", "register", "forgot", "reset", "verify", "confirm-email-change", "me", "mfa-confirm", "oauth-complete"}

// openAs opens a page in the state a visitor sees it in: the account page
// signed in, mfa-confirm with a pending sign-in (without one it sends the
// visitor back to the login page), oauth-complete with an ?id, every other
// page signed out (they send
// a signed-in visitor on to the account page).
func (b *browser) openAs(page, email, password string) {
	b.t.Helper()
	if page == "me" {
		b.signIn(email, password)
		return
	}
	eval[bool](b, `(localStorage.removeItem("regstack.access_token"), true)`)
	if page == "mfa-confirm" {
		eval[bool](b, `(sessionStorage.setItem("regstack.mfa_pending", "pending-sign-in"), true)`)
	}
	query := ""
	if page == "oauth-complete" {
		// Without ?id it sends the visitor to the login page; with one it
		// stays and shows what the exchange answered.
		query = "?id=screenshot"
	}
	b.open("/account/" + page + query)
	b.waitPath("/account/" + page)
}

// testBrowserAccessibility runs axe-core in every page (no serious or
// critical violation), checks that every visible input has a label, and
// signs in with the keyboard alone.
func testBrowserAccessibility(t *testing.T, b *browser, h *host, mailpit string) {
	axe, err := os.ReadFile(filepath.Join("..", "tools", "axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is not installed (cd tools/axe && npm ci): %v", err)
		}
		t.Skipf("axe-core is not installed (cd tools/axe && npm ci): %v", err)
	}
	email, password := "barbara@example.com", "liskov substitution"
	registerVerified(t, h, mailpit, email, password)

	// Keyboard only: Tab to the email field, type, Tab, type, Enter.
	b.open("/account/login")
	for i := 0; eval[string](b, `document.activeElement && document.activeElement.name || ""`) != "email"; i++ {
		if i == 10 {
			t.Fatal("Tab never reaches the email field")
		}
		b.do(chromedp.KeyEvent(kb.Tab))
	}
	b.do(chromedp.KeyEvent(email), chromedp.KeyEvent(kb.Tab))
	if got := eval[string](b, `document.activeElement.name`); got != "password" {
		t.Fatalf("Tab from email focuses %q", got)
	}
	b.do(chromedp.KeyEvent(password), chromedp.KeyEvent(kb.Enter))
	b.waitPath("/account/me")
	b.waitFor("account filled", `document.querySelector('[data-rs-field="email"]').textContent === `+jsString(email))

	for _, p := range pagePaths {
		b.openAs(p, email, password)
		time.Sleep(300 * time.Millisecond) // the page's script has run
		// The stylesheets loaded under the page's Content-Security-Policy:
		// the card has core.css's rule with theme.css's radius. (The flows
		// above show that the script runs under it.)
		if got := eval[string](b, `getComputedStyle(document.querySelector(".rs-card")).borderTopLeftRadius`); got != "6px" {
			t.Errorf("/account/%s: the card's radius is %q: core.css or theme.css did not load", p, got)
		}
		eval[bool](b, string(axe)+";true")
		violations := eval[[]string](b, `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
			return r.violations.filter(function (v) { return v.impact === "serious" || v.impact === "critical"; })
				.map(function (v) { return v.impact + " " + v.id + ": " + v.nodes.map(function (n) { return n.target.join(" "); }).join(", "); });
		})`, chromedp.EvalAwaitPromise)
		for _, v := range violations {
			t.Errorf("/account/%s: %s", p, v)
		}
		unlabelled := eval[[]string](b, `Array.prototype.slice.call(document.querySelectorAll("input:not([type=hidden])"))
			.filter(function (i) { return !i.labels || i.labels.length === 0; }).map(function (i) { return i.name; })`)
		if len(unlabelled) > 0 {
			t.Errorf("/account/%s: inputs without a label: %v", p, unlabelled)
		}
	}
}

// testBrowserScreenshots writes a PNG of every page in light and dark to
// the artifacts directory ($REGSTACK_ARTIFACTS_DIR, default
// e2e/artifacts/screenshots).
func testBrowserScreenshots(t *testing.T, b *browser, h *host, mailpit string) {
	dir := os.Getenv("REGSTACK_ARTIFACTS_DIR")
	if dir == "" {
		dir = filepath.Join("artifacts", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	email, password := "margaret@example.com", "apollo guidance"
	registerVerified(t, h, mailpit, email, password)
	for _, scheme := range []string{"light", "dark"} {
		b.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
				Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
			})
			return err
		}))
		for _, p := range pagePaths {
			b.openAs(p, email, password)
			time.Sleep(300 * time.Millisecond)
			if got := eval[bool](b, `matchMedia("(prefers-color-scheme: dark)").matches`); got != (scheme == "dark") {
				t.Fatalf("prefers-color-scheme emulation: dark=%v in %s", got, scheme)
			}
			ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join(dir, p+"-"+scheme+".png")
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	abs, _ := filepath.Abs(dir)
	t.Logf("screenshots in %s", abs)
}
