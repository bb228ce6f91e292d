package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator"
)

// versionLine is what `regstack-gen version` and `regstack-gen --version`
// print: the generator version (the one written into generated files),
// then the commit and Go version of this build, which never are.
func versionLine() string {
	return "regstack-gen " + generator.ReadBuildInfo().String()
}

func newVersionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the generator version, the commit it was built from and the Go version",
		Long: `version prints the generator version, which generate writes into every
generated file's header and into regstack.lock, followed by the commit the
binary was built from and the Go version that built it. Only the generator
version reaches generated files, so however the tool was installed (go
install, go tool, go build) the same source generates the same bytes.
--version prints the same line.`,
		Example: "  regstack-gen version\n  regstack-gen --version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			fmt.Fprintln(cmd.OutOrStdout(), versionLine())
			return nil
		},
	}
}
