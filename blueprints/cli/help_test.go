package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// flagLine matches one flag of cobra's --help: the optional shorthand,
// the name, and what follows it up to the usage text.
var flagLine = regexp.MustCompile(`(?m)^\s+(?:-\w, )?--([\w-]+)(.*)$`)

// TestBooleanFlagsReadAsBooleans: in every command's --help, a boolean
// flag is listed without a value name: "--check-dns   check …", never
// "--check-dns something   check …", which a back-quoted word in its usage
// would make pflag print.
func TestBooleanFlagsReadAsBooleans(t *testing.T) {
	root := newRootCommand(strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.InitDefaultHelpFlag()
		for _, m := range flagLine.FindAllStringSubmatch(c.Flags().FlagUsages(), -1) {
			name, rest := m[1], m[2]
			if _, err := c.Flags().GetBool(name); err != nil {
				continue // not a boolean
			}
			if !strings.HasPrefix(rest, "  ") {
				t.Errorf("%s: --%s reads as taking a value: %q", c.CommandPath(), name, strings.TrimSpace(m[0]))
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestUnknownCommandPointsToHelp: a mistyped command or flag is a usage
// error (exit 2) that says what was wrong and where the help is.
func TestUnknownCommandPointsToHelp(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"frobnicate"}, "regstack: unknown command \"frobnicate\" for \"regstack\"\nRun 'regstack --help' for usage.\n"},
		{[]string{"doctor", "--check-dsn"}, "regstack: unknown flag: --check-dsn\nRun 'regstack doctor --help' for usage.\n"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		code := run(context.Background(), tt.args, strings.NewReader(""), &out, &errOut)
		if code != exitUsage || out.Len() != 0 || errOut.String() != tt.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and stderr %q", tt.args, code, out.String(), errOut.String(), tt.want)
		}
	}
}
