package main

import (
	"fmt"
	"io"

	"github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/write"
)

type diffFlags struct {
	config          string
	stat            bool
	upstream, local bool
	exitCode        bool
}

func newDiffCommand() *cobra.Command {
	var f diffFlags
	cmd := &cobra.Command{
		Use:   "diff",
		Short: "Show what generate would do, file by file, without changing anything",
		Long: `diff runs generate in memory and prints, for every file, what it would do
(create, update, merge, conflict, delete, keep, …) with a unified diff of the
file on disk against the result. --upstream shows instead what changed in the
generated code itself since your copy (pristine against new output), and
--local shows your own edits (pristine against disk).

The exit status is 0 whatever the diff shows, unless --exit-code is given
(as with git diff): then it is 1 when there are differences — files
generate would create, update, merge, restore or delete (or, with
--upstream or --local, any file that differs) — and 0 when there are none.
A bad configuration is 2 either way. For CI, check says more.`,
		Example: `  regstack-gen diff
  regstack-gen diff --stat
  regstack-gen diff --upstream
  regstack-gen diff --local
  regstack-gen diff --stat --exit-code || echo "generate would change files"`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := moduleRoot(".")
			if err != nil {
				return err
			}
			cfg, err := loadConfig(root, f.config)
			if err != nil {
				return configError(err)
			}
			out, err := generator.Generate(generator.Request{Root: root, Config: cfg, Write: write.Options{DryRun: true}})
			if err != nil {
				return exit(exitUsage, err)
			}
			if differs := printDiff(cmd.OutOrStdout(), out.Report, f); differs && f.exitCode {
				return exit(exitFailure, nil) // the diff says it all
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&f.config, "config", "", "path of regstack.toml (default: at the module root)")
	cmd.Flags().BoolVar(&f.stat, "stat", false, "print only the action per file and a summary")
	cmd.Flags().BoolVar(&f.upstream, "upstream", false, "show what changed in the generated code since your copy")
	cmd.Flags().BoolVar(&f.local, "local", false, "show your edits to the generated code")
	cmd.Flags().BoolVar(&f.exitCode, "exit-code", false, "exit 1 when there are differences, 0 when there are none")
	cmd.MarkFlagsMutuallyExclusive("upstream", "local")
	return cmd
}

// printDiff prints the report and the diffs f asks for, and reports
// whether there are differences: files generate would change, or with
// --upstream or --local, files that differ.
func printDiff(w io.Writer, rep write.Report, f diffFlags) bool {
	printReport(w, rep, false)
	differs := false
	for _, fr := range rep.Files {
		var from, to []byte
		var fromName, toName string
		switch {
		case f.upstream:
			from, to = fr.Pristine, fr.Generated
			fromName, toName = "pristine/"+fr.Path, "generated/"+fr.Path
		case f.local:
			from, to = fr.Pristine, fr.Before
			fromName, toName = "pristine/"+fr.Path, fr.Path
		default:
			if !changesFile(fr) {
				continue
			}
			from, to = fr.Before, fr.After
			fromName, toName = "a/"+fr.Path, "b/"+fr.Path
		}
		if string(from) == string(to) {
			continue
		}
		differs = true
		if !f.stat {
			fmt.Fprint(w, udiff.Unified(fromName, toName, string(from), string(to)))
		}
	}
	return differs
}
