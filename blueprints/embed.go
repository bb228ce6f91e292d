// Package blueprints holds the source that regstack-gen copies into a host
// module. The auth directory is a real Go package that compiles as the union
// of every feature and is tested in this repository; cli is the host's
// command (package main) that administers it. The generator selects files
// and regions from both by their regstack directives.
package blueprints

import "embed"

// FS is the embedded blueprint tree. The all: prefix keeps files whose names
// start with "." or "_" and directories that hold test data.
//
//go:embed all:auth all:cli
var FS embed.FS
