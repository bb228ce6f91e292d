package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator/theme"
)

type themeFlags struct {
	target, filename string
	port             int
	printOnly        bool
	noBrowser        bool
	vars             []string
}

func newThemeCommand() *cobra.Command {
	var f themeFlags
	cmd := &cobra.Command{
		Use:   "theme",
		Short: "Design regstack-theme.css (the account pages' colours, fonts and radius)",
		Long: `theme starts the theme designer (the reference's "regstack theme design"): a
local web page on 127.0.0.1, reachable only with the token in the printed
URL, that edits the --rs-* variables of the account pages for the light and
the dark scheme with a live preview, and writes regstack-theme.css. Point
theme_css_url at that file to load it after the bundled theme.css.

It opens the system browser when one is available and prints the URL
either way. Press Done on the page, or Ctrl-C, to stop it.

--print-only skips the page: the repeatable --var NAME=VALUE (prefix dark:
for the dark scheme, light: optional) is validated and written at once,
and a JSON summary is printed. Without --var the light defaults are written.
Invalid values print "Validation failed:" and exit 2; nothing is written.`,
		Example: `  regstack-gen theme
  regstack-gen theme --target static --port 8765
  regstack-gen theme --print-only --var --rs-accent=#0d9488 --var --rs-radius=10 --var dark:--rs-accent=#2dd4bf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.printOnly {
				return themePrintOnly(cmd.OutOrStdout(), cmd.ErrOrStderr(), f)
			}
			if len(f.vars) > 0 {
				return exit(exitUsage, errors.New("--var needs --print-only (the designer page edits the values itself)"))
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return themeDesign(ctx, cmd.OutOrStdout(), f, openBrowser)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", ".", "directory to write the file in")
	fl.StringVar(&f.filename, "filename", theme.DefaultFilename, "name of the file to write")
	fl.IntVar(&f.port, "port", 0, "port on 127.0.0.1 for the designer (0: a free one)")
	fl.BoolVar(&f.printOnly, "print-only", false, "write the --var values without the designer page and print a JSON summary")
	fl.BoolVar(&f.noBrowser, "no-browser", false, "print the designer URL without opening a browser")
	fl.StringArrayVar(&f.vars, "var", nil, "`NAME=VALUE` to set with --print-only (repeatable; dark:NAME=VALUE for the dark scheme)")
	return cmd
}

// parseThemeVars splits the --var values into the two scopes.
func parseThemeVars(vars []string) (light, dark map[string]string, err error) {
	light, dark = map[string]string{}, map[string]string{}
	for _, v := range vars {
		target := light
		rest := v
		if r, ok := strings.CutPrefix(rest, "dark:"); ok {
			target, rest = dark, r
		} else if r, ok := strings.CutPrefix(rest, "light:"); ok {
			rest = r
		}
		name, val, ok := strings.Cut(rest, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, nil, fmt.Errorf("invalid --var %q: expected NAME=VALUE, e.g. --var --rs-accent=#0d9488 (prefix dark: for the dark scheme)", v)
		}
		target[strings.TrimSpace(name)] = val
	}
	return light, dark, nil
}

func themePrintOnly(stdout, stderr io.Writer, f themeFlags) error {
	light, dark, err := parseThemeVars(f.vars)
	if err != nil {
		return exit(exitUsage, err)
	}
	if len(f.vars) == 0 {
		fmt.Fprintln(stderr, "No --var given: writing the light defaults.")
		light = theme.Defaults().Light
	}
	lv, lerrs := theme.ValidateStrings(theme.ScopeLight, light)
	dv, derrs := theme.ValidateStrings(theme.ScopeDark, dark)
	if errs := append(lerrs, derrs...); len(errs) > 0 {
		fmt.Fprintln(stderr, "Validation failed:")
		for _, e := range errs {
			field := e.Field
			if e.Scope == theme.ScopeDark {
				field = "dark:" + field
			}
			fmt.Fprintf(stderr, "  - %s: %s\n", field, e.Message)
		}
		return exit(exitUsage, nil)
	}
	res, err := theme.Write(f.target, f.filename, theme.Values{Light: lv, Dark: dv})
	if err != nil {
		return exit(exitFailure, err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// browserOpener opens url in the system browser, or says why it cannot.
type browserOpener func(url string) error

// themeDesign serves the designer until the page says Done or ctx ends.
func themeDesign(ctx context.Context, stdout io.Writer, f themeFlags, open browserOpener) error {
	srv, err := theme.NewServer(f.target, f.filename)
	if err != nil {
		return exit(exitFailure, err)
	}
	return serveLocal(ctx, stdout, localPage{name: "designer", port: f.port, noBrowser: f.noBrowser,
		handler: srv, token: srv.Token(), done: srv.Done()}, open)
}

// localPage is a wizard page served on 127.0.0.1.
type localPage struct {
	name      string // "designer", "wizard"
	port      int
	noBrowser bool
	handler   http.Handler
	token     string
	done      <-chan struct{}
}

// serveLocal serves p on 127.0.0.1, prints its URL, opens the browser
// unless told not to, and returns once the page says Done or ctx ends.
func serveLocal(ctx context.Context, stdout io.Writer, p localPage, open browserOpener) error {
	// 127.0.0.1 only: the page writes files, so nothing off this
	// machine may reach it.
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port)))
	if err != nil {
		return exit(exitFailure, fmt.Errorf("listening on 127.0.0.1:%d: %w (choose another --port)", p.port, err))
	}
	hs := &http.Server{Handler: p.handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	title := strings.ToUpper(p.name[:1]) + p.name[1:]
	url := "http://" + ln.Addr().String() + "/?token=" + p.token
	fmt.Fprintf(stdout, "%s URL: %s\n", title, url)
	if p.noBrowser {
		fmt.Fprintln(stdout, "Open the URL in a browser; press Done on the page or Ctrl-C to stop.")
	} else if err := open(url); err != nil {
		fmt.Fprintf(stdout, "Could not open a browser (%v); open the URL yourself. Press Done on the page or Ctrl-C to stop.\n", err)
	} else {
		fmt.Fprintf(stdout, "Opened the %s in your browser; press Done on the page or Ctrl-C to stop.\n", p.name)
	}

	select {
	case <-p.done:
	case <-ctx.Done():
	case err := <-served:
		return exit(exitFailure, fmt.Errorf("%s server: %w", p.name, err))
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = hs.Shutdown(shutdownCtx)
	fmt.Fprintf(stdout, "%s stopped.\n", title)
	return nil
}

// openBrowser starts the platform's URL opener. On Linux and the BSDs a
// graphical session is required: xdg-open on a bare server would fall
// back to a text browser inside this terminal.
func openBrowser(url string) error {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name, args = "open", []string{url}
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler", url}
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no graphical session (DISPLAY and WAYLAND_DISPLAY are unset)")
		}
		name, args = "xdg-open", []string{url}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%s not found", name)
	}
	c := exec.Command(path, args...)
	if err := c.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", name, err)
	}
	// The opener exits once it handed the URL over; reap it in the
	// background so it does not linger as a zombie.
	go func() { _ = c.Wait() }()
	return nil
}
