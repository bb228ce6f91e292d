package theme

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium returns the path of a Chromium binary. Without one the test
// fails in CI (.ci/run installs it, see scripts/needs-chromium) and is
// skipped on a developer machine.
func chromium(t *testing.T) string {
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

// dumpDOM loads url in headless Chromium, lets its scripts run, and
// returns the resulting document.
func dumpDOM(t *testing.T, bin, url string) string {
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

// TestDesignerPageInChromium loads the designer in a real browser, under
// its Content-Security-Policy: the script must fetch the state with the
// token, build one field per managed variable, and apply the saved values
// (here an existing file's accent) to the preview.
func TestDesignerPageInChromium(t *testing.T) {
	bin := chromium(t)
	dir := t.TempDir()
	if _, err := Write(dir, DefaultFilename, Values{Light: map[string]string{"--rs-accent": "#0d9488"}}); err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(dir, DefaultFilename)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)

	dom := dumpDOM(t, bin, hs.URL+"/?token="+s.Token())
	if n := strings.Count(dom, `data-d-var=`); n != 15 {
		t.Fatalf("%d fields, want 15:\n%s", n, dom)
	}
	preview := regexp.MustCompile(`data-d-preview="" style="([^"]*)"`).FindStringSubmatch(dom)
	if preview == nil {
		t.Fatalf("the preview has no variables applied:\n%s", dom)
	}
	for _, want := range []string{"--rs-accent: #0d9488", "--rs-bg: #ffffff", "--rs-shadow: 0 1px 2px"} {
		if !strings.Contains(preview[1], want) {
			t.Errorf("preview style lacks %q: %s", want, preview[1])
		}
	}
	if !strings.Contains(dom, DefaultFilename+"</code>") {
		t.Errorf("target not shown")
	}

	// Without the token the browser gets the 401, not the page.
	if dom := dumpDOM(t, bin, hs.URL+"/"); strings.Contains(dom, "designer-root") || !strings.Contains(dom, "Missing or invalid wizard token.") {
		t.Fatalf("tokenless page:\n%s", dom)
	}
}
