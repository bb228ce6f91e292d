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
)

type initFlags struct {
	yes, force, interactive bool
	answers                 scaffold.Answers
	gen                     generateFlags
}

func newInitCommand() *cobra.Command {
	f := initFlags{answers: scaffold.DefaultAnswers()}
	cmd := &cobra.Command{
		Use:   "init",
		Short: "Write regstack.toml and a secrets file, then generate the package",
		Long: `init sets regstack-gen up in the current Go module. It asks a few questions
when run in a terminal (--yes takes the defaults: SQLite, console email, no
SMS, no OAuth), writes a commented regstack.toml (with the backend key, which
selects the generated store), writes regstack.secrets.env with a fresh JWT
secret (mode 0600; for postgres and mongo also the database URL) and adds it
to .gitignore, then runs generate and go mod tidy. Generation reads only
regstack.toml, so a clone without the secrets file generates the same code. Every question has a flag; only features this
version can generate are offered. Existing files are not overwritten unless
--force is given.`,
		Example: `  regstack-gen init --yes
  regstack-gen init --yes --app-name Shop --base-url https://shop.example.com
  regstack-gen init --yes --output internal/accounts --package accounts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := moduleRoot(".")
			if err != nil {
				return err
			}
			return runInit(cmd, root, &f)
		},
	}
	fl := cmd.Flags()
	a := &f.answers
	fl.BoolVarP(&f.yes, "yes", "y", false, "take the defaults (and any flags given) without asking")
	fl.BoolVar(&f.force, "force", false, "overwrite an existing regstack.toml and secrets file")
	fl.BoolVar(&f.interactive, "interactive", false, "ask the questions even when stdin is not a terminal")
	fl.StringVar(&a.AppName, "app-name", a.AppName, "application name used in emails")
	fl.StringVar(&a.BaseURL, "base-url", a.BaseURL, "public origin of the application (email links)")
	fl.StringVar(&a.Backend, "backend", a.Backend, "database backend: sqlite, postgres or mongo")
	fl.StringVar(&a.DatabaseURL, "database-url", "", "database URL; sets the backend when --backend is not given; written to regstack.secrets.env for postgres and mongo (default: a local database of the backend)")
	fl.StringVar(&a.EmailBackend, "email-backend", a.EmailBackend, "email backend: console, smtp or ses")
	fl.StringVar(&a.SMTPHost, "smtp-host", a.SMTPHost, "SMTP server (required with --email-backend smtp)")
	fl.IntVar(&a.SMTPPort, "smtp-port", a.SMTPPort, "SMTP port")
	fl.BoolVar(&a.SMTPStartTLS, "smtp-starttls", a.SMTPStartTLS, "upgrade the SMTP connection with STARTTLS")
	fl.StringVar(&a.SMTPUsername, "smtp-username", a.SMTPUsername, "SMTP username (empty: no AUTH); the password is asked for, or set REGSTACK_EMAIL__SMTP_PASSWORD")
	fl.StringVar(&a.SESRegion, "ses-region", a.SESRegion, "AWS region of SES")
	fl.StringVar(&a.SMSBackend, "sms-backend", a.SMSBackend, "SMS backend for 2FA: sns or twilio")
	fl.BoolVar(&a.SMS2FA, "sms-2fa", a.SMS2FA, "enable SMS second factor")
	fl.BoolVar(&a.OAuth, "oauth", a.OAuth, "enable OAuth sign-in")
	fl.BoolVar(&a.UIRouter, "ui", a.UIRouter, "generate server-rendered account pages")
	fl.BoolVar(&a.AdminRouter, "admin", a.AdminRouter, "generate the JSON admin API")
	fl.BoolVar(&a.RequireVerification, "require-verification", a.RequireVerification, "require email verification before login")
	fl.BoolVar(&a.AllowRegistration, "allow-registration", a.AllowRegistration, "allow self-service registration")
	fl.BoolVar(&a.PasswordReset, "password-reset", a.PasswordReset, "generate forgot/reset password")
	fl.BoolVar(&a.AccountDeletion, "account-deletion", a.AccountDeletion, "generate DELETE /account")
	fl.StringVar(&a.Output, "output", a.Output, "directory of the generated package")
	fl.StringVar(&a.Package, "package", a.Package, "name of the generated package")
	fl.BoolVar(&f.gen.tidy, "tidy", true, "run `go mod tidy` after generating")
	return cmd
}

func runInit(cmd *cobra.Command, root string, f *initFlags) error {
	out := cmd.OutOrStdout()
	tomlPath := filepath.Join(root, "regstack.toml")
	secretsPath := filepath.Join(root, scaffold.SecretsFile)
	if !f.force {
		for _, p := range []string{tomlPath, secretsPath} {
			if _, err := os.Stat(p); err == nil {
				return exit(exitUsage, fmt.Errorf("%s already exists; pass --force to overwrite it", relTo(root, p)))
			}
		}
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
	ask := !f.yes && (f.interactive || isTerminal(cmd.InOrStdin()))
	if ask {
		p := &prompter{in: bufio.NewReader(cmd.InOrStdin()), out: out}
		if err := p.ask(&f.answers, avail, cmd.Flags().Changed); err != nil {
			return exit(exitUsage, err)
		}
	}
	a := &f.answers
	if err := settleDatabaseURL(a); err != nil {
		return exit(exitUsage, err)
	}
	if a.EmailBackend == "smtp" && a.SMTPHost == "" {
		return exit(exitUsage, errors.New("--email-backend smtp needs --smtp-host (the SMTP server)"))
	}
	tomlData, err := scaffold.TOML(*a)
	if err != nil {
		return err
	}
	secrets, err := scaffold.Secrets(*a)
	if err != nil {
		return err
	}
	gitignorePath := filepath.Join(root, ".gitignore")
	ignore, _, err := readOptional(gitignorePath)
	if err != nil {
		return err
	}
	ignore, changed := scaffold.Gitignore(ignore, scaffold.SecretsFile)
	files := []initFile{{tomlPath, tomlData, 0o644}, {secretsPath, secrets, 0o600}}
	if changed {
		files = append(files, initFile{gitignorePath, ignore, 0o644})
	}
	for _, file := range files {
		if err := writeInitFile(file); err != nil {
			return err
		}
		fmt.Fprintln(out, "wrote", relTo(root, file.path))
	}
	return runGenerate(out, cmd.ErrOrStderr(), root, f.gen)
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

// writeInitFile writes a file through a temporary file and a rename, and
// sets its mode explicitly (the umask must not widen the secrets file).
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
