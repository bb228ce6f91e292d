package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/write"
)

// goCmd runs the go command in dir and returns its stdout, failing the
// test with its stderr when it fails.
func goCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	return runCmd(t, dir, env, "go", args...)
}

// runCmd runs name in dir with the test's environment plus env.
func runCmd(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s%s", name, strings.Join(args, " "), dir, err, out.String(), errb.String())
	}
	return out.String()
}

// versionOf returns the generator version a `version` line reports:
// "regstack-gen v0.1.0 (commit …, go1.26.8)" → "v0.1.0".
func versionOf(t *testing.T, line string) string {
	t.Helper()
	f := strings.Fields(line)
	if len(f) < 2 || f[0] != "regstack-gen" {
		t.Fatalf("version printed %q", line)
	}
	return f[1]
}

// TestInstallMethodsAgree installs the tool from this clone both ways the
// docs describe — `make install` (go install ./cmd/regstack-gen), and `go get -tool` in
// another module with a replace directive pointing at the clone — and
// checks that both report the same version and that generating with one
// and then with the other rewrites no file: the version in headers and
// regstack.lock comes from the source, not from how the tool was built
// (through a replace, the build info reports the module as
// v0.0.0-00010101000000-000000000000).
func TestInstallMethodsAgree(t *testing.T) {
	clone, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	// Everything the tool needs is in the module cache once this test
	// binary exists; nothing is fetched, and go.sum is written from the
	// cache, whatever network the machine has.
	offline := []string{"GOPROXY=off", "GOSUMDB=off"}

	// make install is go install ./cmd/regstack-gen.
	gobin := t.TempDir()
	runCmd(t, clone, []string{"GOBIN=" + gobin}, "make", "--no-print-directory", "install")
	installed := filepath.Join(gobin, "regstack-gen")

	host := t.TempDir()
	goCmd(t, host, nil, "mod", "init", "example.com/host")
	goCmd(t, host, nil, "mod", "edit", "-replace", "github.com/regstack/regstack-gen="+clone)
	goCmd(t, host, offline, "get", "-tool", "github.com/regstack/regstack-gen/cmd/regstack-gen")

	viaInstall := versionOf(t, runCmd(t, host, nil, installed, "version"))
	viaTool := versionOf(t, goCmd(t, host, offline, "tool", "regstack-gen", "version"))
	if viaInstall != generator.Version || viaTool != generator.Version {
		t.Fatalf("go install reports %s, go tool reports %s; want both %s", viaInstall, viaTool, generator.Version)
	}
	if flag := versionOf(t, runCmd(t, host, nil, installed, "--version")); flag != viaInstall {
		t.Errorf("--version reports %s, version %s", flag, viaInstall)
	}

	goCmd(t, host, offline, "tool", "regstack-gen", "init", "--yes", "--tidy=false")
	lock, err := write.ReadLock(host)
	if err != nil || lock == nil {
		t.Fatalf("no regstack.lock after init: %v", err)
	}
	if lock.Generator != generator.Version {
		t.Errorf("regstack.lock records generator %q, want %q", lock.Generator, generator.Version)
	}
	before := treeHash(t, host)
	runCmd(t, host, nil, installed, "generate")
	if treeHash(t, host) != before {
		t.Error("generate with the go install build rewrote files written by the go tool build")
	}
	goCmd(t, host, offline, "tool", "regstack-gen", "generate")
	if treeHash(t, host) != before {
		t.Error("generate with the go tool build rewrote files written by the go install build")
	}
	if out := runCmd(t, host, nil, installed, "check"); out != "up to date\n" {
		t.Errorf("check after both: %q", out)
	}
}
