package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// newMigrateCommand builds `migrate`.
func newMigrateCommand(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Create or upgrade the database schema",
		Long: `migrate applies the schema migrations (SQL backends) or creates the
collections and indexes (MongoDB) that the database still lacks, and prints
each step. It is what InstallSchema does at application start; running it
again does nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withRegStack(cmd, func(ctx context.Context, rs *auth.RegStack) error {
				steps, err := rs.Migrate(ctx)
				// Print the steps that were applied even when a later one
				// failed, so the operator knows where the schema stands.
				for _, s := range steps {
					fmt.Fprintln(c.stdout, s)
				}
				if err != nil {
					return err
				}
				if len(steps) == 0 {
					fmt.Fprintln(c.stdout, "schema is up to date")
				}
				return nil
			})
		},
	}
}
