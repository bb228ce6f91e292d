package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestBooleanFlagsReadAsBooleans: in every command's --help, a boolean
// flag is listed without a value name ("--tidy   run …", never "--tidy go
// mod tidy   run …", which is what a back-quoted word in its usage makes
// pflag print).
func TestBooleanFlagsReadAsBooleans(t *testing.T) {
	root := newRootCommand(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	checkBooleanHelp(t, root)
}

func checkBooleanHelp(t *testing.T, c *cobra.Command) {
	t.Helper()
	c.InitDefaultHelpFlag()
	usage := c.Flags().FlagUsages()
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Value.Type() != "bool" {
			return
		}
		// The flag's line: its name, then at least two spaces before the
		// usage text, with no value name in between.
		re := regexp.MustCompile(`(?m)^\s+(-\w, )?--` + regexp.QuoteMeta(f.Name) + `( +)(\S.*)$`)
		m := re.FindStringSubmatch(usage)
		switch {
		case m == nil:
			t.Errorf("%s: no line for --%s in\n%s", c.CommandPath(), f.Name, usage)
		case len(m[2]) < 2 || strings.Contains(f.Usage, "`"):
			t.Errorf("%s: --%s reads as taking a value: %q", c.CommandPath(), f.Name, strings.TrimSpace(m[0]))
		}
	})
	for _, sub := range c.Commands() {
		checkBooleanHelp(t, sub)
	}
}

// TestUnknownCommandPointsToHelp: a mistyped command or flag is a usage
// error (exit 2) that says what was wrong and where the help is.
func TestUnknownCommandPointsToHelp(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate" for "regstack-gen"`, "Run 'regstack-gen --help' for usage."}},
		{[]string{"genrate"}, []string{"Did you mean this?\n\tgenerate", "Run 'regstack-gen --help' for usage."}},
		{[]string{"diff", "--exit-cod"}, []string{"unknown flag: --exit-cod", "Run 'regstack-gen diff --help' for usage."}},
	}
	for _, tt := range tests {
		code, out, errs := cli(t, dir, tt.args...)
		if code != exitUsage || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want 2 and nothing on stdout", tt.args, code, out)
		}
		for _, w := range tt.want {
			if !strings.Contains(errs, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.args, errs, w)
			}
		}
	}
}
