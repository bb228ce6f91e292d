package main

import (
	"strings"
	"testing"
)

// TestUnavailableFeatureNamesItsLine: a setting that selects code this
// version cannot generate is refused at its file and line, like every
// other configuration error, by generate, diff and check alike.
func TestUnavailableFeatureNamesItsLine(t *testing.T) {
	dir := newModule(t)
	writeFile(t, dir, "regstack.toml", "backend = \"sqlite\"\napp_name = \"x\"\nenable_oauth = true\n")
	for _, tt := range []struct {
		cmd  string
		code int
	}{{"generate", 2}, {"diff", 2}, {"check", 3}} {
		code, _, stderr := cli(t, dir, tt.cmd)
		if code != tt.code || !strings.Contains(stderr, "regstack.toml:3: enable_oauth: ") ||
			!strings.Contains(stderr, "is not available in this version of regstack-gen") {
			t.Errorf("%s: exit %d, stderr %q; want %d naming regstack.toml:3", tt.cmd, code, stderr, tt.code)
		}
	}
}
