package main

import (
	"runtime"
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator"
)

// TestVersionFlag: --version and -v print what `version` prints: the
// generator version, the commit and the Go version.
func TestVersionFlag(t *testing.T) {
	dir := t.TempDir()
	code, want, _ := cli(t, dir, "version")
	if code != 0 || !strings.HasPrefix(want, "regstack-gen "+generator.Version+" (commit ") ||
		!strings.HasSuffix(want, ", "+runtime.Version()+")\n") {
		t.Fatalf("version: exit %d, %q", code, want)
	}
	for _, flag := range []string{"--version", "-v"} {
		if code, out, errs := cli(t, dir, flag); code != 0 || out != want {
			t.Errorf("%s: exit %d, %q (stderr %q); want %q", flag, code, out, errs, want)
		}
	}
}
