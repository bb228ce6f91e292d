package config

import "github.com/regstack/regstack-gen/blueprints/auth"

// Default returns a Config holding every default: the generated package's
// (declared once in blueprints/auth) plus [generate]'s.
func Default() *Config {
	return &Config{
		Config: *auth.DefaultConfig(),
		Generate: GenerateConfig{
			Output:  "internal/auth",
			Package: "auth",
			CLI:     "cmd/regstack",
		},
	}
}
