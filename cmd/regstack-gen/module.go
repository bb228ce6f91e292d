package main

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/regstack/regstack-gen/generator/config"
)

// errNoModule is returned outside a Go module.
var errNoModule = errors.New("not inside a Go module (no go.mod here or above); run `go mod init` first")

// moduleRoot returns the nearest directory at or above dir with a go.mod.
func moduleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", exit(exitUsage, errNoModule)
		}
		dir = parent
	}
}

// loadConfig reads regstack.toml, and nothing else: what is generated
// must not depend on the secrets file or on REGSTACK_* variables, which
// differ between machines and are missing in a fresh clone or in CI
// (DESIGN §3). Generation needs no secret; the generated package checks
// the secrets when it loads its configuration at run time.
func loadConfig(root, path string) (*config.Config, error) {
	if path == "" {
		path = filepath.Join(root, "regstack.toml")
	}
	return config.Load(path)
}

func relTo(root, p string) string {
	if r, err := filepath.Rel(root, p); err == nil {
		return r
	}
	return p
}

// configError marks err as a configuration problem (exit status 2).
func configError(err error) error {
	return exit(exitUsage, err)
}
