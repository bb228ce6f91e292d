package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/merge"
	"github.com/regstack/regstack-gen/generator/write"
)

// generateFlags are shared by init (which generates at the end) and generate.
type generateFlags struct {
	config  string
	force   bool
	restore bool
	tidy    bool
}

func newGenerateCommand() *cobra.Command {
	var f generateFlags
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Regenerate the auth package from regstack.toml, keeping your edits",
		Long: `generate renders the package regstack.toml asks for and applies it to the
module: untouched files are updated, files only you changed are kept, files
both changed are merged three-way (conflicts get standard markers and exit
status 1), files of features you switched off are removed unless you edited
them. regstack.lock and .regstack/pristine record what was generated, so the
next run can tell your edits from upstream changes. Required modules are
added to go.mod (as direct requirements), then go mod tidy runs so that
go build ./... works at once (--tidy=false skips it, e.g. offline; then run
go mod tidy yourself before building). Only regstack.toml is read: never regstack.secrets.env or
REGSTACK_* variables, so every clone generates the same code.`,
		Example: `  regstack-gen generate
  regstack-gen generate --tidy=false    # offline: leave go mod tidy to you
  regstack-gen generate --force         # overwrite your edits (lists them)
  regstack-gen generate --restore       # bring back generated files you deleted`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := moduleRoot(".")
			if err != nil {
				return err
			}
			return runGenerate(cmd.OutOrStdout(), cmd.ErrOrStderr(), root, f)
		},
	}
	cmd.Flags().StringVar(&f.config, "config", "", "path of regstack.toml (default: at the module root)")
	cmd.Flags().BoolVar(&f.force, "force", false, "overwrite files you edited with the generated content")
	cmd.Flags().BoolVar(&f.restore, "restore", false, "recreate generated files you deleted")
	cmd.Flags().BoolVar(&f.tidy, "tidy", true, tidyUsage)
	return cmd
}

// tidyUsage is --tidy's help for init and generate. It has no backquotes:
// pflag would take a quoted word for the name of a value.
const tidyUsage = "run go mod tidy when go.mod or the generated imports changed, so that go build works at once (--tidy=false skips it, e.g. offline)"

// runGenerate generates into root and prints what happened.
func runGenerate(stdout, stderr io.Writer, root string, f generateFlags) error {
	cfg, err := loadConfig(root, f.config)
	if err != nil {
		return configError(err)
	}
	out, err := generator.Generate(generator.Request{
		Root:   root,
		Config: cfg,
		Write:  write.Options{Force: f.force, Restore: f.restore},
	})
	if err != nil {
		return exit(exitUsage, err)
	}
	printReport(stdout, out.Report, false)
	for _, w := range out.Report.Warnings() {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if err := tidyAfter(stdout, stderr, root, out, f.tidy); err != nil {
		return err
	}
	if c := out.Report.Conflicted(); len(c) > 0 {
		fmt.Fprintf(stderr, "\n%d file(s) have conflicts; resolve the <<<<<<< host / >>>>>>> regstack-gen markers, then run generate again:\n", len(c))
		for _, p := range c {
			fmt.Fprintln(stderr, "  "+p)
		}
		return exit(exitFailure, fmt.Errorf(""))
	}
	return nil
}

// printReport writes one line per file that changes (or, with all, every
// file) and a summary.
func printReport(w io.Writer, rep write.Report, all bool) {
	counts := map[merge.Action]int{}
	for _, f := range rep.Files {
		counts[f.Action]++
		switch {
		case f.SetAsideTo != "":
			fmt.Fprintf(w, "%-12s %s -> %s\n", f.Action, f.Path, f.SetAsideTo)
		case all || f.Action != merge.Unchanged:
			fmt.Fprintf(w, "%-12s %s\n", f.Action, f.Path)
		}
	}
	var parts []string
	for _, a := range []merge.Action{merge.Create, merge.Update, merge.Merge, merge.Conflict, merge.Delete, merge.SetAside, merge.Keep, merge.KeepOrphan, merge.SkipDeleted, merge.Restore, merge.Unchanged} {
		if counts[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[a], a))
		}
	}
	fmt.Fprintf(w, "%d files: %s\n", len(rep.Files), strings.Join(parts, ", "))
}

// tidyAfter makes the host module build after a generation: when go.mod
// gained requirements or the generated files changed (and with them, maybe,
// the imports), it runs go mod tidy, which writes the go.sum entries and
// drops requirements nothing imports any more; with tidy off it says what
// is left to do.
func tidyAfter(stdout, stderr io.Writer, root string, out generator.Outcome, tidy bool) error {
	changedFiles := false
	for _, f := range out.Report.Files {
		if f.Action != merge.Unchanged && f.Action != merge.Keep {
			changedFiles = true
		}
	}
	if !out.GoModChanged && !changedFiles {
		return nil
	}
	if !tidy {
		fmt.Fprintln(stdout, "go.mod: requirements of the generated code are listed; run go mod tidy before building (--tidy=false skipped it)")
		return nil
	}
	fmt.Fprintln(stdout, "running go mod tidy (--tidy=false skips it)")
	if err := goModTidy(root, stderr); err != nil {
		return exit(exitFailure, fmt.Errorf("%w\nthe package is generated and go.mod lists what it needs; run go mod tidy once the problem above is fixed (offline: with the modules in the module cache, or GOFLAGS=-mod=mod GOPROXY=off)", err))
	}
	return nil
}

// goModTidy runs `go mod tidy` in root.
func goModTidy(root string, stderr io.Writer) error {
	c := exec.Command("go", "mod", "tidy")
	c.Dir = root
	c.Stdout = stderr
	c.Stderr = stderr
	c.Env = os.Environ()
	if err := c.Run(); err != nil {
		return fmt.Errorf("go mod tidy: %w", err)
	}
	return nil
}
