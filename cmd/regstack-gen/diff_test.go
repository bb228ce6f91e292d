package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffExitCode: diff exits 0 whatever it shows, unless --exit-code
// is given; then 1 when generate would change files (or, with --local,
// when the host edited them) and 0 when not. A bad configuration is 2.
func TestDiffExitCode(t *testing.T) {
	dir := newModule(t)
	if code, out, errs := cli(t, dir, "init", "--yes", "--tidy=false"); code != 0 {
		t.Fatalf("init: %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := cli(t, dir, "diff", "--exit-code"); code != 0 || errs != "" || !strings.Contains(out, " unchanged\n") || strings.Contains(out, "@@") {
		t.Fatalf("diff --exit-code, up to date: exit %d\n%s\n%s", code, out, errs)
	}

	toml := filepath.Join(dir, "regstack.toml")
	data, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "enable_admin_router = false", "enable_admin_router = true", 1)
	if edited == string(data) {
		t.Fatal("init wrote no enable_admin_router = false line")
	}
	writeFile(t, dir, "regstack.toml", edited)
	before := treeHash(t, dir)

	if code, out, _ := cli(t, dir, "diff"); code != 0 || !strings.Contains(out, "@@") {
		t.Errorf("diff without --exit-code, changes pending: exit %d, want 0 with a diff\n%s", code, out)
	}
	code, out, errs := cli(t, dir, "diff", "--exit-code")
	if code != 1 || !strings.Contains(out, "create ") || !strings.Contains(out, "@@") || errs != "" {
		t.Errorf("diff --exit-code, changes pending: exit %d, want 1 with the diff and nothing on stderr\n%s\n%s", code, out, errs)
	}
	code, out, _ = cli(t, dir, "diff", "--stat", "--exit-code")
	if code != 1 || strings.Contains(out, "@@") {
		t.Errorf("diff --stat --exit-code, changes pending: exit %d, want 1 without hunks\n%s", code, out)
	}
	if treeHash(t, dir) != before {
		t.Fatal("diff changed the tree")
	}

	if code, out, errs := cli(t, dir, "generate"); code != 0 {
		t.Fatalf("generate: %d\n%s\n%s", code, out, errs)
	}
	if code, out, _ := cli(t, dir, "diff", "--exit-code"); code != 0 {
		t.Errorf("diff --exit-code after generate: exit %d\n%s", code, out)
	}
	if code, _, _ := cli(t, dir, "diff", "--local", "--exit-code"); code != 0 {
		t.Errorf("diff --local --exit-code without edits: exit %d", code)
	}
	// An edit of the host's own is a local difference, not a pending change.
	cfgGo := filepath.Join(dir, "internal", "auth", "config.go")
	src, err := os.ReadFile(cfgGo)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "internal/auth/config.go", string(src)+"\n// A host comment.\n")
	if code, out, _ := cli(t, dir, "diff", "--local", "--exit-code"); code != 1 || !strings.Contains(out, "+// A host comment.") {
		t.Errorf("diff --local --exit-code with an edit: exit %d\n%s", code, out)
	}
	if code, out, _ := cli(t, dir, "diff", "--exit-code"); code != 0 {
		t.Errorf("diff --exit-code with only a kept edit: exit %d\n%s", code, out)
	}

	writeFile(t, dir, "regstack.toml", "enable_admin_routr = true\n")
	if code, _, errs := cli(t, dir, "diff", "--exit-code"); code != 2 || !strings.Contains(errs, `did you mean "enable_admin_router"?`) {
		t.Errorf("diff --exit-code with a bad config: exit %d, want 2\n%s", code, errs)
	}
}
