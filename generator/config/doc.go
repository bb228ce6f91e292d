// Package config reads and validates regstack.toml for the generator: the
// schema and defaults (the same as the generated package's Config), the
// regstack.secrets.env file and REGSTACK_* overrides, and the split between
// the generation keys, which decide what code exists, and everything else.
//
// Every problem is reported as an *Error naming the file, the line and the
// key, and Parse reports all of them at once (as Errors), sorted by line.
// docs/configuration.md lists each key and each message.
package config
