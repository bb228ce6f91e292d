// Package browsertest runs the wizard pages' browser tests: it finds
// Chromium, starts it headless for one test, and polls the page.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium returns the path of a Chromium binary. Without one the test
// fails in CI (.ci/run installs it, see scripts/needs-chromium) and is
// skipped on a developer machine.
func Chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (CI=true): .ci/run installs it when scripts/needs-chromium exists")
	}
	t.Skip("chromium is not installed; CI runs this test")
	return ""
}

// DumpDOM loads url in headless Chromium, lets its scripts run, and
// returns the resulting document.
func DumpDOM(t *testing.T, bin, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000", "--dump-dom", url).Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return string(out)
}

// Browser starts headless Chromium for one test.
func Browser(t *testing.T, bin string) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(bin), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true))
	ctx, cancel := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// WaitEval polls expr until it returns want (or ten seconds pass).
func WaitEval(t *testing.T, ctx context.Context, expr, want string) {
	t.Helper()
	var got string
	for i := 0; i < 100; i++ {
		var err error
		if got, err = chromedp.Run(ctx, chromedp.Evaluate[string](expr)); err != nil {
			t.Fatal(err)
		}
		if got == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s = %q, want %q", expr, got, want)
}
