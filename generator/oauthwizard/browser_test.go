package oauthwizard

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/regstack/regstack-gen/generator/localweb/browsertest"
)

// visibleStep is the number of the step the page shows.
const visibleStep = `document.querySelector("[data-w-step]:not([hidden])").dataset.wStep`

// TestWizardPageInChromium walks the wizard in a real browser, under its
// Content-Security-Policy: Back from step 1 returns to step 0; a bad
// client ID on step 7 shows the server's message under the field and
// stays on step 7; the review's Edit link jumps back to step 7 with the
// values kept; Write shows the success panel and both files are on disk.
func TestWizardPageInChromium(t *testing.T) {
	bin := browsertest.Chromium(t)
	dir := t.TempDir()
	writeTOML(t, dir, "# mine\nbase_url = \"https://shop.example.com\"\n")
	s, err := NewServer(dir, DefaultAPIPrefix)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	ctx := browsertest.Browser(t, bin)
	do := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatal(err)
		}
	}
	next := func(want string) {
		t.Helper()
		do(chromedp.Click(`[data-w-next]`))
		browsertest.WaitEval(t, ctx, visibleStep, want)
	}

	do(chromedp.Navigate(hs.URL + "/?token=" + s.Token()))
	browsertest.WaitEval(t, ctx, `document.getElementById("wizard-root").dataset.ready || ""`, "true")
	browsertest.WaitEval(t, ctx, visibleStep, "0")
	next("1")
	do(chromedp.Click(`[data-w-back]`))
	browsertest.WaitEval(t, ctx, visibleStep, "0")
	next("1")
	next("2")
	// The base URL comes from regstack.toml; the redirect URI follows it.
	browsertest.WaitEval(t, ctx, `document.querySelector("[name=base_url]").value`, "https://shop.example.com")
	browsertest.WaitEval(t, ctx, `document.querySelector("[data-w-step='2'] [data-w-redirect]").textContent`,
		"https://shop.example.com/api/auth/oauth/google/callback")
	for _, n := range []string{"3", "4", "5", "6", "7"} {
		next(n)
	}
	do(chromedp.SendKeys(`[name=client_id]`, "not-a-google-id"), chromedp.SendKeys(`[name=client_secret]`, goodSecret),
		chromedp.Click(`[data-w-next]`))
	browsertest.WaitEval(t, ctx, `document.querySelector('[data-w-error="client_id"]').textContent`,
		"Client ID must end in .apps.googleusercontent.com (copy it from the Google Cloud console's Credentials page).")
	browsertest.WaitEval(t, ctx, visibleStep, "7")
	browsertest.WaitEval(t, ctx, `String(document.querySelector("[name=client_id]").classList.contains("has-error"))`, "true")
	do(chromedp.SetValue(`[name=client_id]`, goodID))
	next("8")
	do(chromedp.Click(`[name=auto_link_verified_emails]`))
	next("9")
	next("10")
	browsertest.WaitEval(t, ctx, `document.querySelector('[data-w-show="client_id"]').textContent`, goodID)
	browsertest.WaitEval(t, ctx, `document.querySelector('[data-w-show="auto_link_verified_emails"]').textContent`, "on")
	do(chromedp.Click(`[data-w-step="10"] [data-w-edit-credentials]`))
	browsertest.WaitEval(t, ctx, visibleStep, "7")
	browsertest.WaitEval(t, ctx, `document.querySelector("[name=client_id]").value`, goodID)
	next("8")
	next("9")
	next("10")
	next("11")
	do(chromedp.Click(`[data-w-write]`))
	browsertest.WaitEval(t, ctx, `String(document.querySelector("[data-w-success]").hidden)`, "false")
	browsertest.WaitEval(t, ctx, `document.querySelector('[data-w-result="config_diff"]').textContent`, "added [oauth] table")

	conf, err := os.ReadFile(filepath.Join(dir, ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	want := "# mine\nbase_url = \"https://shop.example.com\"\nenable_oauth = true\n\n[oauth]\ngoogle_client_id = \"" + goodID +
		"\"\nauto_link_verified_emails = true\nenforce_mfa_on_oauth_signin = false\n"
	if string(conf) != want {
		t.Fatalf("regstack.toml:\n%s", conf)
	}
	if sec := readSecrets(t, dir); !strings.Contains(sec, SecretVar+"="+goodSecret+"\n") {
		t.Fatalf("secrets:\n%s", sec)
	}
	do(chromedp.Click(`[data-w-done]`))
	select {
	case <-s.Done():
	case <-ctx.Done():
		t.Fatal("Done not signalled")
	}

	// Without the token the browser gets the 401, not the page.
	if dom := browsertest.DumpDOM(t, bin, hs.URL+"/"); strings.Contains(dom, "wizard-root") || !strings.Contains(dom, "Missing or invalid wizard token.") {
		t.Fatalf("tokenless page:\n%s", dom)
	}
}
