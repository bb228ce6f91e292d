package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// defaultConfigPath is the file the application itself loads.
const defaultConfigPath = "regstack.toml"

// cli is what every command shares: the process's streams and the global
// flags.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	configPath     string
}

// configFile returns the configuration file to read: --config when given,
// else $REGSTACK_CONFIG, else regstack.toml. A file that does not exist is
// a usage error, as in the Python library, because running against
// built-in defaults would quietly create a database in the wrong place.
func (c *cli) configFile() (string, error) {
	path := c.configPath
	if path == "" {
		path = os.Getenv("REGSTACK_CONFIG")
	}
	if path == "" {
		path = defaultConfigPath
	}
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", usageError("configuration file %s does not exist (use --config PATH)", path)
	case err != nil:
		return "", usageError("configuration file %s: %w", path, err)
	case !info.Mode().IsRegular():
		return "", usageError("configuration file %s is not a regular file", path)
	}
	return path, nil
}

// loadConfig reads the configuration the way the application does.
func (c *cli) loadConfig() (*auth.Config, error) {
	path, err := c.configFile()
	if err != nil {
		return nil, err
	}
	cfg, err := auth.LoadConfig(path)
	if err != nil {
		return nil, failure(err)
	}
	return cfg, nil
}

// options are what every command passes to auth.New (and doctor to
// auth.Diagnose). The log (the console email backend writes messages
// there) goes to stderr, so stdout carries only the command's result. If
// the application passes options to New (its own email transport with
// WithEmail, templates with WithTemplateDir), add the same ones here, so
// that `doctor --send-test-email` tests what the application really uses.
//
// The CLI runs no email outbox worker: the application's queued mail is
// delivered by the application, never by (with the console backend:
// printed to the terminal of) a short-lived command that may exit half-way.
// doctor reports the queue instead.
func (c *cli) options() []auth.Option {
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	return []auth.Option{auth.WithLogger(logger), auth.WithoutOutboxWorker()}
}

// open builds the RegStack for cfg. New's error already names the
// backend and what failed, so it is returned as it is.
func (c *cli) open(ctx context.Context, cfg *auth.Config) (*auth.RegStack, error) {
	return auth.New(ctx, cfg, c.options()...)
}

// withRegStack loads the configuration, opens the RegStack, runs fn and
// closes it again. An error from fn is a failure (exit status 1) unless it
// carries its own status.
func (c *cli) withRegStack(cmd *cobra.Command, fn func(ctx context.Context, rs *auth.RegStack) error) error {
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	rs, err := c.open(ctx, cfg)
	if err != nil {
		return failure(err)
	}
	defer rs.Close()
	if err := fn(ctx, rs); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		return failure(err)
	}
	return nil
}
