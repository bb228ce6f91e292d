// Package blueprints holds the source that regstack-gen copies into a host
// module. The auth directory is a real Go package that compiles as the union
// of every feature and is tested in this repository; the generator selects
// files and regions from it by their regstack directives.
package blueprints

import "embed"

// FS is the embedded blueprint tree. The all: prefix keeps files whose names
// start with "." or "_" and directories that hold test data.
//
//go:embed all:auth
var FS embed.FS
