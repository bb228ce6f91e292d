package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator/oauthwizard"
)

type oauthFlags struct {
	target, apiPrefix                string
	port                             int
	printOnly, noBrowser, noGenerate bool
	tidy                             bool
	clientID, clientSecret           string
	baseURL, redirectURI             string
	autoLink, noAutoLink, mfa, noMFA bool
	// Another provider (beyond the reference), with --print-only.
	provider, kind, issuer, displayName string
	scopes                              []string
}

func newOAuthCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "oauth",
		Short: "Set up OAuth sign-in (Sign in with Google)",
		Args:  cobra.NoArgs,
	}
	cmd.AddCommand(newOAuthSetupCommand())
	return cmd
}

func newOAuthSetupCommand() *cobra.Command {
	var f oauthFlags
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Configure Sign in with Google in regstack.toml and the secrets file, then regenerate",
		Long: `setup starts the OAuth setup wizard (the reference's "regstack oauth setup"):
a local web page on 127.0.0.1, reachable only with the token in the printed
URL, that walks the twelve steps of creating a Google OAuth client and
writes the result. It opens the system browser when one is available and
prints the URL either way; press Done on the page, or Ctrl-C, to stop it.

It sets enable_oauth = true and replaces the [oauth] table of regstack.toml
(every other line, comments included, stays as it is; [oauth.providers.*]
tables are kept), and writes REGSTACK_OAUTH__GOOGLE_CLIENT_SECRET into
regstack.secrets.env (mode 0600). Then it regenerates the package, as
regstack-gen generate does (--no-generate skips that).

--print-only skips the page: --client-id, --client-secret, --base-url and
the switches are validated and written at once, and a JSON summary is
printed. Invalid values print "Validation failed:" and exit 2; nothing is
written.`,
		Example: `  regstack-gen oauth setup
  regstack-gen oauth setup --print-only --client-id 1234-abc.apps.googleusercontent.com \
      --client-secret "$SECRET" --base-url https://app.example.com --auto-link`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.autoLink && f.noAutoLink {
				return exit(exitUsage, errors.New("--auto-link and --no-auto-link contradict each other; pass one"))
			}
			if f.mfa && f.noMFA {
				return exit(exitUsage, errors.New("--mfa and --no-mfa contradict each other; pass one"))
			}
			if f.apiPrefix == "" {
				f.apiPrefix = oauthwizard.ReadTopString(f.target, "api_prefix")
			}
			if f.apiPrefix == "" {
				f.apiPrefix = oauthwizard.DefaultAPIPrefix
			}
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			if f.provider != "" {
				if err := providerFlagsOK(cmd, f); err != nil {
					return exit(exitUsage, err)
				}
				res, err := oauthProviderPrintOnly(out, errOut, f)
				if err != nil || res == nil {
					return err
				}
				return regenerateAfterOAuth(errOut, errOut, f)
			}
			if f.printOnly {
				res, err := oauthPrintOnly(out, errOut, f)
				if err != nil || res == nil {
					return err
				}
				// stdout holds the JSON alone; generation reports on stderr.
				return regenerateAfterOAuth(errOut, errOut, f)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			written, err := oauthWizard(ctx, out, f, openBrowser)
			if err != nil || written == nil {
				return err
			}
			return regenerateAfterOAuth(out, errOut, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.target, "target", ".", "directory holding regstack.toml and regstack.secrets.env")
	fl.StringVar(&f.apiPrefix, "api-prefix", "", "API prefix the redirect URI is built with (default: regstack.toml's api_prefix, else /api/auth)")
	fl.IntVar(&f.port, "port", 0, "port on 127.0.0.1 for the wizard (0: a free one)")
	fl.BoolVar(&f.printOnly, "print-only", false, "write the flags' values without the wizard page and print a JSON summary")
	fl.BoolVar(&f.noBrowser, "no-browser", false, "print the wizard URL without opening a browser")
	fl.BoolVar(&f.noGenerate, "no-generate", false, "write the files but do not regenerate the package (run regstack-gen generate later)")
	fl.BoolVar(&f.tidy, "tidy", true, tidyUsage)
	fl.StringVar(&f.clientID, "client-id", "", "with --print-only: the Google client ID (…apps.googleusercontent.com)")
	fl.StringVar(&f.clientSecret, "client-secret", "", "with --print-only: the Google client secret")
	fl.StringVar(&f.baseURL, "base-url", oauthwizard.DefaultBaseURL, "with --print-only: the application's public base URL")
	fl.StringVar(&f.redirectURI, "redirect-uri", "", "with --print-only: a custom redirect URI (default: <base-url><api-prefix>/oauth/google/callback)")
	fl.BoolVar(&f.autoLink, "auto-link", false, "with --print-only: sign a Google user into the account with the same verified email")
	fl.BoolVar(&f.noAutoLink, "no-auto-link", false, "with --print-only: do not auto-link (the default)")
	fl.BoolVar(&f.mfa, "mfa", false, "with --print-only: ask for the second factor after a Google sign-in")
	fl.BoolVar(&f.noMFA, "no-mfa", false, "with --print-only: do not ask for it (the default)")
	fl.StringVar(&f.provider, "provider", "", "with --print-only: configure [oauth.providers.`NAME`] (another OpenID Connect provider, or GitHub) instead of Google, with --client-id and --client-secret")
	fl.StringVar(&f.kind, "kind", oauthwizard.KindOIDC, "with --provider: oidc (discovery from --issuer) or github")
	fl.StringVar(&f.issuer, "issuer", "", "with --provider and --kind oidc: the issuer URL (https://, or http:// on loopback)")
	fl.StringSliceVar(&f.scopes, "scopes", nil, "with --provider: scopes to request, comma-separated (default: the provider kind's)")
	fl.StringVar(&f.displayName, "display-name", "", "with --provider: the name on the sign-in button")
	return cmd
}

// providerFlagsOK refuses what --provider cannot do: the page (it
// configures Google only) and Google's own flags.
func providerFlagsOK(cmd *cobra.Command, f oauthFlags) error {
	if !f.printOnly {
		return errors.New("--provider needs --print-only (the wizard page configures Google)")
	}
	for _, name := range []string{"base-url", "redirect-uri", "auto-link", "no-auto-link", "mfa", "no-mfa"} {
		if cmd.Flags().Changed(name) {
			return fmt.Errorf("--%s is a Google setting of the [oauth] table; run it without --provider", name)
		}
	}
	return nil
}

// oauthProviderPrintOnly validates and writes one [oauth.providers.<name>]
// table. It returns nil and no error when validation failed (reported,
// exit 2).
func oauthProviderPrintOnly(stdout, stderr io.Writer, f oauthFlags) (*oauthwizard.Result, error) {
	p := oauthwizard.Provider{Name: f.provider, Kind: f.kind, Issuer: f.issuer, ClientID: f.clientID,
		ClientSecret: f.clientSecret, DisplayName: f.displayName, Scopes: f.scopes}
	if errs := oauthwizard.ValidateProvider(p); len(errs) > 0 {
		printValidation(stderr, errs)
		return nil, exit(exitUsage, nil)
	}
	res, err := oauthwizard.WriteProvider(f.target, p)
	if err != nil {
		return nil, exit(exitFailure, err)
	}
	return &res, printJSON(stdout, res)
}

func printValidation(stderr io.Writer, errs []oauthwizard.FieldError) {
	fmt.Fprintln(stderr, "Validation failed:")
	for _, e := range errs {
		fmt.Fprintf(stderr, "  - %s: %s\n", e.Field, e.Message)
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oauthPrintOnly validates and writes the flags' values. It returns nil
// and no error when validation failed (already reported, exit 2).
func oauthPrintOnly(stdout, stderr io.Writer, f oauthFlags) (*oauthwizard.Result, error) {
	p := map[string]any{
		oauthwizard.FieldReplaceExisting: true, // --print-only replaces, as the reference's does
		oauthwizard.FieldBaseURL:         f.baseURL,
		oauthwizard.FieldRedirectURI:     f.redirectURI,
		oauthwizard.FieldClientID:        f.clientID,
		oauthwizard.FieldClientSecret:    f.clientSecret,
		oauthwizard.FieldAutoLink:        f.autoLink,
		oauthwizard.FieldEnforceMFA:      f.mfa,
	}
	var errs []oauthwizard.FieldError
	for n := 0; n < oauthwizard.NumSteps-2; n++ {
		errs = append(errs, oauthwizard.ValidateStep(n, p, false).Errors...)
	}
	if len(errs) > 0 {
		printValidation(stderr, errs)
		return nil, exit(exitUsage, nil)
	}
	res, err := oauthwizard.Write(f.target, oauthwizard.SettingsFrom(p, f.apiPrefix))
	if err != nil {
		return nil, exit(exitFailure, err)
	}
	return &res, printJSON(stdout, res)
}

// oauthWizard serves the wizard page until it says Done or ctx ends, and
// returns what it wrote (nil when nothing).
func oauthWizard(ctx context.Context, stdout io.Writer, f oauthFlags, open browserOpener) (*oauthwizard.Result, error) {
	srv, err := oauthwizard.NewServer(f.target, f.apiPrefix)
	if err != nil {
		return nil, exit(exitFailure, err)
	}
	if err := serveLocal(ctx, stdout, localPage{name: "wizard", port: f.port, noBrowser: f.noBrowser,
		handler: srv, token: srv.Token(), done: srv.Done()}, open); err != nil {
		return nil, err
	}
	w := srv.Written()
	if w == nil {
		fmt.Fprintln(stdout, "Nothing was written.")
	}
	return w, nil
}

// regenerateAfterOAuth runs what regstack-gen generate runs, in the
// module holding the target directory, with its regstack.toml. The files
// are written whatever happens here.
func regenerateAfterOAuth(stdout, stderr io.Writer, f oauthFlags) error {
	config := filepath.Join(f.target, oauthwizard.ConfigFile)
	if f.noGenerate {
		fmt.Fprintln(stderr, "Skipped generation (--no-generate); run regstack-gen generate to build the OAuth code.")
		return nil
	}
	root, err := moduleRoot(f.target)
	if err != nil {
		return exit(exitFailure, fmt.Errorf("%s and %s are written, but %s is not inside a Go module, so nothing was generated: run regstack-gen generate in your module", oauthwizard.ConfigFile, oauthwizard.SecretsFile, f.target))
	}
	fmt.Fprintln(stderr, "Regenerating the package (regstack-gen generate)…")
	if err := runGenerate(stdout, stderr, root, generateFlags{config: config, tidy: f.tidy}); err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.err != nil && ee.err.Error() != "" {
			return exit(ee.code, fmt.Errorf("the OAuth settings are written (%s, %s), but generation failed: %w", oauthwizard.ConfigFile, oauthwizard.SecretsFile, ee.err))
		}
		return err
	}
	return nil
}
