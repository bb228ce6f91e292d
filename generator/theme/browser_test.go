package theme

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/regstack/regstack-gen/generator/localweb/browsertest"
)

// The helpers are shared with the OAuth wizard's browser test.
var (
	chromium = browsertest.Chromium
	dumpDOM  = browsertest.DumpDOM
	browser  = browsertest.Browser
	waitEval = browsertest.WaitEval
)

// frameStyle is a script reading a computed style inside the preview
// iframe: the real page's element sel, property prop.
func frameStyle(sel, prop string) string {
	return fmt.Sprintf(`(function () {
  var d = document.querySelector("[data-d-frame]").contentDocument;
  var el = d && d.querySelector(%q);
  return el ? getComputedStyle(el).getPropertyValue(%q) : "";
}())`, sel, prop)
}

// TestDesignerPageInChromium loads the designer in a real browser, under
// its Content-Security-Policy: the script fetches the state with the
// token and builds one field per managed variable; the preview is the
// real login page in an iframe (its H1, its core.css) showing the saved
// accent; typing a new accent changes the computed colour of the page's
// primary button; the dark toggle shows the dark values; Save, clicked,
// writes the file.
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
	ctx := browser(t, bin)

	if err := chromedp.Do(ctx, chromedp.Navigate(hs.URL+"/?token="+s.Token()),
		chromedp.WaitVisible(`[data-d-var="--rs-accent"] input`)); err != nil {
		t.Fatal(err)
	}
	fields, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-d-var]").length`))
	if err != nil {
		t.Fatal(err)
	}
	if fields != 15 {
		t.Fatalf("%d fields, want 15", fields)
	}
	// The real login page: its heading and its form marker.
	waitEval(t, ctx, `(function () { var d = document.querySelector("[data-d-frame]").contentDocument;
  var h = d && d.querySelector("h1"); return h && d.querySelector("[data-rs-form=login]") ? h.textContent.trim() : ""; }())`, "Sign in")
	button := `.rs-btn-primary`
	waitEval(t, ctx, frameStyle(button, "background-color"), "rgb(13, 148, 136)") // #0d9488, the saved file

	// Typing a new accent restyles the real page.
	accent := `[data-d-var="--rs-accent"] input`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(document.querySelector('[data-d-var="--rs-accent"] input').value = "") === ""`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SendKeys(accent, "#ff0000")); err != nil {
		t.Fatal(err)
	}
	waitEval(t, ctx, frameStyle(button, "background-color"), "rgb(255, 0, 0)")

	// Dark: the page shows the bundled dark background, whatever the
	// browser prefers (headless prefers light).
	light := Defaults().Light["--rs-bg"]
	if err := chromedp.Do(ctx, chromedp.Click(`[data-d-preview-scheme="dark"]`)); err != nil {
		t.Fatal(err)
	}
	waitEval(t, ctx, frameStyle(":root", "--rs-bg"), PreviewDefaults().Dark["--rs-bg"])
	if light == PreviewDefaults().Dark["--rs-bg"] {
		t.Fatal("light and dark backgrounds are the same; the toggle proves nothing")
	}
	if scheme, err := chromedp.Run(ctx, chromedp.Evaluate[string](frameStyle(":root", "color-scheme"))); err != nil || scheme != "dark" {
		t.Fatalf("color-scheme in the frame = %q (%v)", scheme, err)
	}

	// Save is a click; the file gets the typed accent.
	if err := chromedp.Do(ctx, chromedp.Click(`[data-d-save]`)); err != nil {
		t.Fatal(err)
	}
	waitEval(t, ctx, `document.querySelector("[data-d-status]").dataset.tone || ""`, "ok")
	data, err := os.ReadFile(filepath.Join(dir, DefaultFilename))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "--rs-accent: #ff0000;") {
		t.Fatalf("saved file lacks the typed accent:\n%s", data)
	}

	// Without the token the browser gets the 401, not the page.
	if dom := dumpDOM(t, bin, hs.URL+"/"); strings.Contains(dom, "designer-root") || !strings.Contains(dom, "Missing or invalid wizard token.") {
		t.Fatalf("tokenless page:\n%s", dom)
	}
}
