package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func runTheme(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"theme"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestThemePrintOnly(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runTheme(t, "--print-only", "--target", dir,
		"--var", "--rs-accent=#0d9488", "--var", "--rs-radius=10", "--var", "dark:--rs-accent=#2dd4bf")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		TargetPath   string `json:"target_path"`
		LightCount   int    `json:"light_count"`
		DarkCount    int    `json:"dark_count"`
		BytesWritten int    `json:"bytes_written"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "regstack-theme.css"))
	if res.LightCount != 2 || res.DarkCount != 1 || res.BytesWritten != len(data) || res.TargetPath != filepath.Join(dir, "regstack-theme.css") {
		t.Fatalf("summary %+v", res)
	}
	for _, want := range []string{"--rs-accent: #0d9488;", "--rs-radius: 10px;", "@media (prefers-color-scheme: dark) {\n  :root {\n    --rs-accent: #2dd4bf;"} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("file lacks %q:\n%s", want, data)
		}
	}
	// Same input, same bytes; light: is accepted as an explicit scope.
	again := t.TempDir()
	runTheme(t, "--print-only", "--target", again, "--var", "light:--rs-radius=10", "--var", "dark:--rs-accent=#2dd4bf", "--var", "--rs-accent=#0d9488")
	if data2, _ := os.ReadFile(filepath.Join(again, "regstack-theme.css")); !bytes.Equal(data, data2) {
		t.Fatalf("not byte-stable:\n%s\n---\n%s", data, data2)
	}
}

func TestThemePrintOnlyDefaults(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runTheme(t, "--print-only", "--target", dir, "--filename", "brand.css")
	if code != 0 || !strings.Contains(errs, "No --var given") || !strings.Contains(out, `"light_count": 15`) {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "brand.css"))
	if !strings.Contains(string(data), "--rs-accent: #2563eb;") || strings.Contains(string(data), "@media") {
		t.Fatalf("defaults:\n%s", data)
	}
}

func TestThemePrintOnlyRefusals(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runTheme(t, "--print-only", "--target", dir, "--var", "--rs-accent=not-a-colour", "--var", "dark:--rs-radius=auto")
	want := "Validation failed:\n" +
		"  - --rs-accent: --rs-accent must be a colour: #rgb, #rrggbb, #rrggbbaa, rgb(r, g, b) or rgba(r, g, b, a).\n" +
		"  - dark:--rs-radius: --rs-radius must be a length such as 6, 6px, 0.5rem or 1em.\n"
	if code != 2 || errs != want || out != "" {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, _, errs = runTheme(t, "--print-only", "--target", dir, "--var", "no-equals-sign")
	if code != 2 || !strings.Contains(errs, `invalid --var "no-equals-sign": expected NAME=VALUE`) {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, _, errs = runTheme(t, "--var", "--rs-accent=#fff")
	if code != 2 || !strings.Contains(errs, "--var needs --print-only") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a refused run wrote %v", entries)
	}
}

// TestThemeDesignServesUntilDone runs the designer as the command does,
// with an opener standing in for the browser: it loads the page with the
// printed URL, saves through the API, and presses Done.
func TestThemeDesignServesUntilDone(t *testing.T) {
	dir := t.TempDir()
	var out bytes.Buffer
	opened := ""
	open := func(url string) error {
		opened = url
		tok := url[strings.Index(url, "token=")+6:]
		resp, err := http.Get(url)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("page: %d", resp.StatusCode)
		}
		req, _ := http.NewRequest("POST", strings.Replace(url, "/?token="+tok, "/api/save", 1), strings.NewReader(`{"light":{"--rs-accent":"#0d9488"}}`))
		req.Header.Set("X-Wizard-Token", tok)
		if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != 200 {
			t.Errorf("save: %v %v", err, resp)
		}
		req, _ = http.NewRequest("POST", strings.Replace(url, "/?token="+tok, "/api/done", 1), nil)
		req.Header.Set("X-Wizard-Token", tok)
		_, err = http.DefaultClient.Do(req)
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := themeDesign(ctx, &out, themeFlags{target: dir, filename: "regstack-theme.css"}, open); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() != nil {
		t.Fatal("the designer stopped on the timeout, not on Done")
	}
	m := regexp.MustCompile(`Designer URL: (http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out.String())
	if m == nil || m[1] != opened || !strings.Contains(out.String(), "Designer stopped.") {
		t.Fatalf("output:\n%s", out.String())
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "regstack-theme.css")); !strings.Contains(string(data), "--rs-accent: #0d9488;") {
		t.Fatalf("file:\n%s", data)
	}
}

func TestThemeDesignWithoutBrowserPrintsTheURL(t *testing.T) {
	var out bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	open := func(string) error {
		cancel() // Ctrl-C right after the launch
		return errors.New("no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)")
	}
	if err := themeDesign(ctx, &out, themeFlags{target: t.TempDir(), filename: "regstack-theme.css"}, open); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Designer URL: http://127.0.0.1:") || !strings.Contains(out.String(), "Could not open a browser (no graphical session") {
		t.Fatalf("output:\n%s", out.String())
	}
}
