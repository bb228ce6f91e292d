// Command regstack-gen writes a typed auth package (registration, login and
// account management, wire-compatible with the Python regstack library) into
// a Go module, as code the module owns. See `regstack-gen help`.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/regstack/regstack-gen/generator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// exitError carries a specific exit status out of a command.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// exit wraps err with an exit status; a nil err exits with nothing more
// to say.
func exit(code int, err error) error { return &exitError{code: code, err: err} }

// Exit statuses shared by the commands.
const (
	exitOK       = 0
	exitFailure  = 1 // conflicts, or regeneration due
	exitUsage    = 2 // bad flags, bad config, not in a module
	exitMarkers  = 2 // check: conflict markers remain
	exitBadCheck = 3 // check: invalid config
)

// run executes the CLI and returns the process exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand(stdin, stdout, stderr)
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "regstack-gen:", ee.err)
		}
		return ee.code
	}
	// cobra's own errors (unknown command or flag, wrong arguments) are
	// usage errors: point to the help of the command that was meant.
	fmt.Fprintln(stderr, "regstack-gen:", err)
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	return exitUsage
}

func newRootCommand(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "regstack-gen",
		Short: "Generate an auth package you own into your Go module",
		Long: `regstack-gen writes registration, login and account management into your
Go module as plain code you own: a JSON API wire-compatible with the Python
regstack library, on SQLite, PostgreSQL or MongoDB, configured by
regstack.toml. Regenerating after a config change keeps your edits.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Version makes cobra add --version, printing what `version` prints.
		Version: generator.ReadBuildInfo().String(),
	}
	root.SetVersionTemplate("regstack-gen {{.Version}}\n")
	root.Flags().BoolP("version", "v", false, "print the version, the commit and the Go version")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newInitCommand(),
		newGenerateCommand(),
		newDiffCommand(),
		newCheckCommand(),
		newOAuthCommand(),
		newThemeCommand(),
		newVersionCommand(),
	)
	plainBooleanUsages(root)
	return root
}

// plainBooleanUsages keeps boolean flags reading as booleans in --help.
// pflag takes a back-quoted word in a usage string as the name of the
// flag's value, so "run `go mod tidy` afterwards" would be listed as
// "--tidy go mod tidy", as if the flag took an argument; for a boolean it
// never does, so the quotes are dropped. Value names in the usage of
// flags that do take one ("`PATH`") are left alone.
func plainBooleanUsages(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() == "bool" {
			f.Usage = strings.ReplaceAll(f.Usage, "`", "")
		}
	})
	for _, sub := range c.Commands() {
		plainBooleanUsages(sub)
	}
}
