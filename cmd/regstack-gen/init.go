package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/scaffold"
	"github.com/regstack/regstack-gen/generator/write"
)

type initFlags struct {
	yes, force, interactive bool
	secretsOnly, rotateJWT  bool
	answers                 scaffold.Answers
	gen                     generateFlags
}

func newInitCommand() *cobra.Command {
	f := initFlags{answers: scaffold.DefaultAnswers()}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write regstack.toml and a secrets file, then generate the package",
		Long: `init sets regstack-gen up in the current Go module. It asks a few questions
(--yes takes the defaults: SQLite, console email, no SMS, no OAuth), checks
each answer as it is given, writes a commented regstack.toml (with the backend
key, which selects the generated store), writes regstack.secrets.env with a
fresh JWT secret (mode 0600; for postgres and mongo also the database URL),
adds it and the SQLite database files to .gitignore, then runs generate and
go mod tidy. Nothing is written until every answer is valid.

Answers: in a terminal (or with --interactive) init asks; when stdin is not a
terminal it reads the answers from it, one a line, an empty line or the end
of the input taking the default (and says so when there were none); --yes
asks nothing and reads nothing. Every question has a flag; only features this
version can generate are offered.

Existing files: regstack.toml is not overwritten unless --force is given. An
existing regstack.secrets.env is merged, never replaced: its keys are kept
(the JWT secret too, unless --rotate-jwt-secret), missing ones added.
--secrets-only writes just the secrets file (for a fresh clone). Generation
reads only regstack.toml, so a clone without the secrets file generates the
same code.`,
		Example: `  regstack-gen init --yes
  regstack-gen init --yes --app-name Shop --base-url https://shop.example.com
  regstack-gen init --yes --output internal/accounts --package accounts
  printf 'Shop\nhttps://shop.example.com\npostgres\n' | regstack-gen init
  regstack-gen init --secrets-only                       # in a fresh clone
  regstack-gen init --secrets-only --rotate-jwt-secret   # signs everyone out`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := moduleRoot(".")
			if err != nil {
				return err
			}
			if f.secretsOnly {
				return runSecretsOnly(cmd, root, &f)
			}
			return runInit(cmd, root, &f)
		},
	}
	fl := cmd.Flags()
	a := &f.answers
	fl.BoolVarP(&f.yes, "yes", "y", false, "take the defaults (and any flags given) without asking or reading stdin")
	fl.BoolVar(&f.force, "force", false, "overwrite an existing regstack.toml (the secrets file is merged either way)")
	fl.BoolVar(&f.interactive, "interactive", false, "ask the questions even when stdin is not a terminal")
	fl.BoolVar(&f.secretsOnly, "secrets-only", false, "write only regstack.secrets.env (merged with an existing one), e.g. in a fresh clone")
	fl.BoolVar(&f.rotateJWT, "rotate-jwt-secret", false, "replace an existing JWT secret with a fresh one (signs every user out)")
	fl.StringVar(&a.AppName, "app-name", a.AppName, "application name used in emails")
	fl.StringVar(&a.BaseURL, "base-url", a.BaseURL, "public origin of the application (email links)")
	fl.StringVar(&a.Backend, "backend", a.Backend, "database backend: sqlite, postgres or mongo")
	fl.StringVar(&a.DatabaseURL, "database-url", "", "database URL; sets the backend when --backend is not given; written to regstack.secrets.env for postgres and mongo (default: a local database of the backend)")
	fl.StringVar(&a.Transport, "transport", a.Transport, "how the session travels: bearer (Authorization header) or cookie (HttpOnly cookie; needs an https base URL or localhost) (run-time key)")
	fl.StringVar(&a.EmailBackend, "email-backend", a.EmailBackend, "email backend: console, smtp or ses")
	fl.StringVar(&a.SMTPHost, "smtp-host", a.SMTPHost, "SMTP server (required with --email-backend smtp)")
	fl.IntVar(&a.SMTPPort, "smtp-port", a.SMTPPort, "SMTP port")
	fl.BoolVar(&a.SMTPStartTLS, "smtp-starttls", a.SMTPStartTLS, "upgrade the SMTP connection with STARTTLS")
	fl.StringVar(&a.SMTPUsername, "smtp-username", a.SMTPUsername, "SMTP username (empty: no AUTH); the password is asked for, or set REGSTACK_EMAIL__SMTP_PASSWORD")
	fl.StringVar(&a.SESRegion, "ses-region", a.SESRegion, "AWS region of SES")
	fl.StringVar(&a.SMSBackend, "sms-backend", a.SMSBackend, "SMS backend for 2FA: null (logs each text), sns or twilio")
	fl.BoolVar(&a.SMS2FA, "sms-2fa", a.SMS2FA, "enable SMS second factor")
	fl.BoolVar(&a.TOTP, "totp", a.TOTP, "enable authenticator apps (TOTP) and recovery codes; needs --sms-2fa")
	fl.BoolVar(&a.OAuth, "oauth", a.OAuth, "enable OAuth sign-in")
	fl.BoolVar(&a.UIRouter, "ui", a.UIRouter, "generate server-rendered account pages")
	fl.BoolVar(&a.AdminRouter, "admin", a.AdminRouter, "generate the JSON admin API")
	fl.BoolVar(&a.RequireVerification, "require-verification", a.RequireVerification, "require email verification before login (run-time key)")
	fl.BoolVar(&a.AllowRegistration, "allow-registration", a.AllowRegistration, "allow self-service registration (run-time key)")
	fl.BoolVar(&a.PasswordReset, "password-reset", a.PasswordReset, "generate forgot/reset password")
	fl.BoolVar(&a.AccountDeletion, "account-deletion", a.AccountDeletion, "generate DELETE /account")
	fl.StringVar(&a.Output, "output", a.Output, "directory of the generated package")
	fl.StringVar(&a.Package, "package", a.Package, "name of the generated package")
	fl.BoolVar(&f.gen.tidy, "tidy", true, tidyUsage)
	return cmd
}

// runInit settles and checks every answer, then writes regstack.toml, the
// secrets file and .gitignore and generates. Until the writes, nothing on
// disk changes; a failure of generate itself puts init's files back.
func runInit(cmd *cobra.Command, root string, f *initFlags) error {
	out, errw := cmd.OutOrStdout(), cmd.ErrOrStderr()
	tomlPath := filepath.Join(root, "regstack.toml")
	secretsPath := filepath.Join(root, scaffold.SecretsFile)
	if _, err := os.Stat(tomlPath); err == nil && !f.force {
		return exit(exitUsage, fmt.Errorf("regstack.toml already exists; pass --force to overwrite it (%s is merged, not replaced; --secrets-only writes only the secrets file)", scaffold.SecretsFile))
	}
	idx, err := blueprint.Load(generator.Blueprints())
	if err != nil {
		return err
	}
	avail := map[string]bool{}
	for _, ft := range plan.Available(idx) {
		avail[ft.Name] = true
	}
	if err := backendOfURLFlag(&f.answers, cmd.Flags().Changed("backend")); err != nil {
		return exit(exitUsage, err)
	}
	// The flags are checked before any question, so that a bad one is
	// not reported after every answer has been typed.
	flagsOnly := f.answers
	if err := settleDatabaseURL(&flagsOnly); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	if err := scaffold.Validate(flagsOnly); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", nameFlags(err)))
	}
	if err := askAnswers(cmd, f, avail); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	a := &f.answers
	if err := settleDatabaseURL(a); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	if err := scaffold.Validate(*a); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	tomlData, err := scaffold.TOML(*a)
	if err != nil {
		return err
	}
	// Generate once without writing, so that whatever would stop it
	// (an unreadable lock, a go.mod without a module line) stops init
	// before it writes anything.
	cfg, err := config.Parse("regstack.toml", tomlData)
	if err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	if _, err := generator.Generate(generator.Request{Root: root, Config: cfg, Write: write.Options{DryRun: true}}); err != nil {
		return exit(exitUsage, fmt.Errorf("%w\nnothing was written", err))
	}
	secrets, notes, err := mergedSecrets(cmd, secretsPath, *a, f.rotateJWT)
	if err != nil {
		return err
	}
	files := []initFile{{tomlPath, tomlData, 0o644}, {secretsPath, secrets, 0o600}}
	gitignorePath := filepath.Join(root, ".gitignore")
	ignore, _, err := readOptional(gitignorePath)
	if err != nil {
		return err
	}
	if ignore, changed := scaffold.GitignoreAll(ignore, a.IgnoredFiles()); changed {
		files = append(files, initFile{gitignorePath, ignore, 0o644})
	}
	undo, err := writeInitFiles(files)
	if err != nil {
		return err
	}
	for _, file := range files {
		fmt.Fprintln(out, "wrote", relTo(root, file.path))
	}
	for _, n := range notes {
		fmt.Fprintf(out, "  %s: %s\n", scaffold.SecretsFile, n)
	}
	err = runGenerate(out, errw, root, f.gen)
	var ee *exitError
	if errors.As(err, &ee) && ee.code == exitUsage {
		if uerr := undo(); uerr != nil {
			return fmt.Errorf("%w; putting init's files back also failed: %w", err, uerr)
		}
		return exit(exitUsage, fmt.Errorf("%w\ninit's files were put back as they were", ee.err))
	}
	return err
}

// askAnswers asks init's questions when there is someone or something to
// answer them: a terminal (or --interactive) is asked, and piped input is
// read as the answers, one a line; --yes asks nothing.
func askAnswers(cmd *cobra.Command, f *initFlags, avail map[string]bool) error {
	if f.yes {
		return nil
	}
	piped := !f.interactive && !isTerminal(cmd.InOrStdin())
	if piped {
		fmt.Fprintln(cmd.ErrOrStderr(), "init: stdin is not a terminal: reading the answers from it, one a line (an empty line or the end of the input takes the default; --yes reads nothing)")
	}
	p := &prompter{in: bufio.NewReader(cmd.InOrStdin()), out: cmd.OutOrStdout(), echo: piped}
	if err := p.ask(&f.answers, avail, cmd.Flags().Changed); err != nil {
		return err
	}
	if piped && p.answered == 0 {
		fmt.Fprintln(cmd.ErrOrStderr(), "init: no answers on stdin: used the defaults and the flags given, as --yes does")
	}
	return nil
}

// mergedSecrets returns the secrets file for a, merged into the existing
// one, and what changed in it.
func mergedSecrets(cmd *cobra.Command, secretsPath string, a scaffold.Answers, rotate bool) ([]byte, []string, error) {
	existing, _, err := readOptional(secretsPath)
	if err != nil {
		return nil, nil, err
	}
	given := cmd.Flags().Changed("database-url") || a.DatabaseURL != defaultDatabaseURL(a.Backend, a.AppName)
	return scaffold.MergeSecrets(existing, a, scaffold.SecretsOptions{RotateJWTSecret: rotate, DatabaseURLGiven: given})
}

// runSecretsOnly writes regstack.secrets.env alone, for a fresh clone (or
// to rotate the JWT secret): the backend and application name come from
// regstack.toml when there is one, an existing file is merged.
func runSecretsOnly(cmd *cobra.Command, root string, f *initFlags) error {
	a := &f.answers
	tomlPath := filepath.Join(root, "regstack.toml")
	cfg, err := config.Load(tomlPath)
	switch {
	case err == nil:
		if !cmd.Flags().Changed("backend") {
			a.Backend = cfg.Generation().Backend
		}
		if !cmd.Flags().Changed("app-name") {
			a.AppName = cfg.AppName
		}
	case errors.Is(err, os.ErrNotExist):
	default:
		return configError(err)
	}
	if err := backendOfURLFlag(a, cmd.Flags().Changed("backend") || cfg != nil); err != nil {
		return exit(exitUsage, err)
	}
	if err := settleDatabaseURL(a); err != nil {
		return exit(exitUsage, err)
	}
	secretsPath := filepath.Join(root, scaffold.SecretsFile)
	secrets, notes, err := mergedSecrets(cmd, secretsPath, *a, f.rotateJWT)
	if err != nil {
		return err
	}
	if _, err := writeInitFiles([]initFile{{secretsPath, secrets, 0o600}}); err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	fmt.Fprintln(out, "wrote", scaffold.SecretsFile, "(mode 0600)")
	for _, n := range notes {
		fmt.Fprintln(out, "  "+n)
	}
	return nil
}

// backendOfURLFlag lets a --database-url given without --backend select the
// backend by its scheme (before any question, so that the backend question
// offers it as the default).
func backendOfURLFlag(a *scaffold.Answers, backendGiven bool) error {
	if a.DatabaseURL == "" {
		return nil
	}
	fromURL, err := config.BackendOfURL(a.DatabaseURL)
	if err != nil {
		return fmt.Errorf("--database-url: %w", err)
	}
	if !backendGiven {
		a.Backend = fromURL
	}
	return nil
}

// settleDatabaseURL makes the backend and the database URL agree before
// anything is written: a missing URL gets the backend's local default, a
// given one must select the backend. regstack.toml gets the backend key,
// which is all generation reads.
func settleDatabaseURL(a *scaffold.Answers) error {
	if a.DatabaseURL == "" {
		a.DatabaseURL = defaultDatabaseURL(a.Backend, a.AppName)
		return nil
	}
	fromURL, err := config.BackendOfURL(a.DatabaseURL)
	if err != nil {
		return fmt.Errorf("database URL: %w", err)
	}
	if fromURL != a.Backend {
		return fmt.Errorf("the database URL selects backend %q, but the backend is %q; give a %s URL or another backend", fromURL, a.Backend, a.Backend)
	}
	return nil
}

func defaultDatabaseURL(backend, app string) string {
	slug := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(app), " ", "_"))
	switch backend {
	case "postgres":
		return "postgresql://postgres@localhost/" + slug
	case "mongo":
		return "mongodb://localhost:27017/" + slug
	default:
		return "sqlite:///./regstack.db"
	}
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

type initFile struct {
	path string
	data []byte
	mode os.FileMode
}

// writeInitFiles writes each file through a temporary file and a rename,
// with its mode set explicitly (the umask must not widen the secrets file,
// and an existing secrets file readable by others is narrowed). It returns
// a function that puts every file back as it was; a failure part-way puts
// them back itself.
func writeInitFiles(files []initFile) (undo func() error, err error) {
	type before struct {
		path   string
		data   []byte
		mode   os.FileMode
		exists bool
	}
	var done []before
	undo = func() error {
		var errs []error
		for i := len(done) - 1; i >= 0; i-- {
			b := done[i]
			if !b.exists {
				if err := os.Remove(b.path); err != nil && !errors.Is(err, os.ErrNotExist) {
					errs = append(errs, err)
				}
				continue
			}
			errs = append(errs, writeInitFile(initFile{b.path, b.data, b.mode}))
		}
		return errors.Join(errs...)
	}
	for _, f := range files {
		b := before{path: f.path}
		if fi, err := os.Stat(f.path); err == nil {
			if b.data, err = os.ReadFile(f.path); err != nil {
				return nil, errors.Join(err, undo())
			}
			b.mode, b.exists = fi.Mode().Perm(), true
		}
		if err := writeInitFile(f); err != nil {
			return nil, errors.Join(err, undo())
		}
		done = append(done, b)
	}
	return undo, nil
}

// writeInitFile writes a file through a temporary file and a rename, and
// sets its mode explicitly.
func writeInitFile(f initFile) error {
	tmp, err := os.CreateTemp(filepath.Dir(f.path), "."+filepath.Base(f.path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(f.mode); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(f.data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path)
}

func readOptional(p string) ([]byte, bool, error) {
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	return data, err == nil, err
}

// keyFlags are the init flags that set a configuration key.
var keyFlags = map[string]string{
	"app_name":         "--app-name",
	"base_url":         "--base-url",
	"database_url":     "--database-url",
	"transport":        "--transport",
	"email.smtp_host":  "--smtp-host",
	"email.ses_region": "--ses-region",
}

// nameFlags adds to each problem with the flags the flag that fixes it,
// when the problem has no hint of its own: "email.smtp_host is required
// when email.backend is "smtp" (pass --smtp-host)".
func nameFlags(err error) error {
	var es config.Errors
	if !errors.As(err, &es) {
		return err
	}
	for _, e := range es {
		if flag, ok := keyFlags[e.Key]; ok && e.Hint == "" {
			e.Hint = "pass " + flag
		}
	}
	return es
}
