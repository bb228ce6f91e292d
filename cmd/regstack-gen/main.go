// Command regstack-gen writes a typed auth package (registration, login and
// account management, wire-compatible with the Python regstack library) into
// a Go module, as code the module owns. See `regstack-gen help`.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

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
	err := root.Execute()
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
	fmt.Fprintln(stderr, "regstack-gen:", err)
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
		newVersionCommand(),
	)
	return root
}
