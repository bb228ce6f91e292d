package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/scaffold"
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

// loadConfig reads regstack.toml, the secrets file and REGSTACK_* variables
// the way the generated package will, and insists on a JWT secret.
func loadConfig(root, path string) (*config.Config, error) {
	if path == "" {
		path = filepath.Join(root, "regstack.toml")
	}
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	secretsPath := filepath.Join(root, scaffold.SecretsFile)
	env, err := config.LoadSecrets(secretsPath)
	if err != nil {
		return nil, err
	}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(k), "REGSTACK_") {
			env[k] = v
		}
	}
	if err := cfg.ApplySecrets(env); err != nil {
		return nil, err
	}
	if err := config.RequireSecret(cfg, relTo(root, secretsPath)); err != nil {
		return nil, err
	}
	return cfg, nil
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
