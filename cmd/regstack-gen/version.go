package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator"
)

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the generator version",
		Example: "  regstack-gen version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), "regstack-gen", generator.Version())
			return nil
		},
	}
}
