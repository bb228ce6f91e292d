// Command regstack administers this application's accounts from the
// command line: create-admin, doctor, migrate and reap. It reads the same
// regstack.toml, secrets file and REGSTACK_* variables as the application,
// so run it from the directory the application runs in.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Exit statuses of every command.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed (or a doctor check failed)
	exitUsage   = 2 // bad flags, a missing config file, a password too short
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries an exit status out of a command. A nil err means the
// command has already told the user what went wrong.
type exitError struct {
	code int
	err  error
}

// Error returns the message run prints, "" when there is none.
func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how the command was called: exit status 2.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// failure is an error while doing the work: exit status 1.
func failure(err error) error {
	return &exitError{code: exitFailure, err: err}
}

// run executes the command line args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if msg := ee.Error(); msg != "" {
			fmt.Fprintln(stderr, "regstack:", msg)
		}
		return ee.code
	}
	// cobra's own errors (unknown flag or command, missing required flag)
	// are usage errors: point to the help of the command that was meant.
	fmt.Fprintln(stderr, "regstack:", err)
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	return exitUsage
}

// newRootCommand builds the command tree. Every command gets the streams
// and the global flags through cli, never through package variables.
func newRootCommand(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	cli := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "regstack",
		Short: "Administer the accounts of this application",
		Long: `regstack administers the accounts of this application: it creates the
first administrator, checks the deployment, applies schema migrations and
purges expired rows. It reads regstack.toml, regstack.secrets.env and the
REGSTACK_* environment variables exactly as the application does.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	// The commands are the whole interface; no shell-completion command.
	root.CompletionOptions.DisableDefaultCmd = true
	root.PersistentFlags().StringVar(&cli.configPath, "config", "",
		"read the configuration from `PATH` (default $REGSTACK_CONFIG, else "+defaultConfigPath+")")
	root.AddCommand(
		newCreateAdminCommand(cli),
		newDoctorCommand(cli),
		newMigrateCommand(cli),
		newReapCommand(cli),
	)
	return root
}
