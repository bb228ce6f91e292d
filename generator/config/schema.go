package config

import "github.com/regstack/regstack-gen/blueprints/auth"

// Config is a parsed regstack.toml: the generated package's Config, whose
// keys, defaults and rules the blueprint declares once (configKeys in
// blueprints/auth), plus the [generate] table, which only the generator
// reads.
type Config struct {
	auth.Config
	Generate GenerateConfig `toml:"generate"`

	// file is the name errors report; src records the line of each key
	// the file sets, so that errors point at it and so that a key left
	// out can be told from one set to its default.
	file string
	src  map[string]origin
}

// GenerateConfig is the [generate] table: where the generated code goes
// and which hook stubs it gets. The generated package ignores it.
type GenerateConfig struct {
	// Output is the package directory, a slash path relative to the host
	// module root.
	Output string `toml:"output"`
	// Package is the generated package's name.
	Package string `toml:"package"`
	// CLI is the directory of the generated command, relative to the host
	// module root; "" generates no command.
	CLI string `toml:"cli"`
	// Hooks lists upstream event names to write handler stubs for.
	Hooks []string `toml:"hooks"`
}

// origin is where a key's value came from: its line in the file. The
// generator reads regstack.toml alone, never the secrets file or the
// environment, so every clone generates the same code (DESIGN §3).
type origin struct {
	line int
}
