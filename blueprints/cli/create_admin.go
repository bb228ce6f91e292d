package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// newCreateAdminCommand builds `create-admin`.
func newCreateAdminCommand(c *cli) *cobra.Command {
	var email string
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "create-admin --email EMAIL [--password-stdin]",
		Short: "Create an administrator, or promote an existing account",
		Long: `create-admin makes sure a verified administrator with this email exists.
A new account gets the password, which is asked for twice without echo (or
read as one line from stdin with --password-stdin); an existing account is
promoted and keeps its password. It installs the schema first and is safe
to run again.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			password, err := c.readPassword(fromStdin)
			if err != nil {
				return err
			}
			switch err := auth.CheckPasswordLength(password); {
			case errors.Is(err, auth.ErrPasswordTooShort):
				return usageError("the password must be at least %d characters", auth.MinPasswordLength)
			case err != nil:
				return usageError("the password must be at most %d characters", auth.MaxPasswordLength)
			}
			return c.withRegStack(cmd, func(ctx context.Context, rs *auth.RegStack) error {
				return createAdmin(ctx, rs, email, password, c.stdout)
			})
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the administrator's email address (required)")
	cmd.Flags().BoolVar(&fromStdin, "password-stdin", false, "read the password as one line from stdin instead of prompting")
	_ = cmd.MarkFlagRequired("email")
	return cmd
}

// createAdmin installs the schema and creates or promotes the account.
func createAdmin(ctx context.Context, rs *auth.RegStack, email, password string, out io.Writer) error {
	if err := rs.InstallSchema(ctx); err != nil {
		return err
	}
	u, outcome, err := rs.EnsureAdmin(ctx, email, password)
	if err != nil {
		return err
	}
	// Upstream prints "promoted to admin" even for a new account (its test
	// of what happened is inverted); say what really happened.
	switch outcome {
	case auth.AdminCreated:
		fmt.Fprintf(out, "User %s created (id=%s).\n", u.Email, u.ID)
	case auth.AdminPromoted:
		fmt.Fprintf(out, "User %s promoted to admin (id=%s).\n", u.Email, u.ID)
	default:
		fmt.Fprintf(out, "User %s is already an admin (id=%s).\n", u.Email, u.ID)
	}
	return nil
}

// readPassword reads the new password: one line from stdin with
// --password-stdin, else twice from the terminal without echo.
func (c *cli) readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", failure(fmt.Errorf("reading the password from stdin: %w", err))
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := c.stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError("stdin is not a terminal: pass the password with --password-stdin")
	}
	first, err := c.prompt(f, "Password: ")
	if err != nil {
		return "", err
	}
	second, err := c.prompt(f, "Repeat the password: ")
	if err != nil {
		return "", err
	}
	if first != second {
		return "", usageError("the two passwords differ")
	}
	return first, nil
}

// prompt asks for a secret on the terminal without echoing it. The prompt
// goes to stderr so that stdout stays the command's result.
func (c *cli) prompt(f *os.File, label string) (string, error) {
	fmt.Fprint(c.stderr, label)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(c.stderr)
	if err != nil {
		return "", failure(fmt.Errorf("reading the password: %w", err))
	}
	return string(b), nil
}
