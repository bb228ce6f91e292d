package main

import (
	"fmt"
	"io"

	"github.com/aymanbagabas/go-udiff"
	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/merge"
	"github.com/regstack/regstack-gen/generator/write"
)

type diffFlags struct {
	config          string
	stat            bool
	upstream, local bool
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
--local shows your own edits (pristine against disk).`,
		Example: `  regstack-gen diff
  regstack-gen diff --stat
  regstack-gen diff --upstream
  regstack-gen diff --local`,
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
			printDiff(cmd.OutOrStdout(), out.Report, f)
			return nil
		},
	}
	cmd.Flags().StringVar(&f.config, "config", "", "path of regstack.toml (default: at the module root)")
	cmd.Flags().BoolVar(&f.stat, "stat", false, "print only the action per file and a summary")
	cmd.Flags().BoolVar(&f.upstream, "upstream", false, "show what changed in the generated code since your copy")
	cmd.Flags().BoolVar(&f.local, "local", false, "show your edits to the generated code")
	cmd.MarkFlagsMutuallyExclusive("upstream", "local")
	return cmd
}

func printDiff(w io.Writer, rep write.Report, f diffFlags) {
	printReport(w, rep, false)
	if f.stat {
		return
	}
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
			if fr.Action == merge.Unchanged {
				continue
			}
			from, to = fr.Before, fr.After
			fromName, toName = "a/"+fr.Path, "b/"+fr.Path
		}
		if string(from) == string(to) {
			continue
		}
		fmt.Fprint(w, udiff.Unified(fromName, toName, string(from), string(to)))
	}
}
