package generator

import (
	"runtime/debug"
	"strings"
)

// Version is the generator version: the one written into every generated
// file's header and into regstack.lock, and the one `check` compares with
// the lock. It is a constant of the source rather than read from the build
// so that the same source generates the same bytes however the tool was
// built: `go install` from a clone, `go tool` through a replace directive
// (which reports the pseudo-version v0.0.0-00010101000000-000000000000)
// and `go build` would otherwise stamp different versions and rewrite
// every file. Bump it when a release changes what is generated.
const Version = "v0.1.0"

// BuildInfo describes the running binary for `regstack-gen version`:
// information that identifies a build but must never reach generated
// files, because it differs between builds of the same source.
type BuildInfo struct {
	// Version is the generator Version.
	Version string
	// Commit is the VCS revision the binary was built from, with
	// "+dirty" when the work tree had uncommitted changes; "" when the
	// build recorded none (go run, go tool, tests, or a build outside a
	// git checkout).
	Commit string
	// GoVersion is the Go toolchain that built the binary.
	GoVersion string
}

// ReadBuildInfo returns the BuildInfo of the running binary.
func ReadBuildInfo() BuildInfo {
	info := BuildInfo{Version: Version}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	info.GoVersion = bi.GoVersion
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if info.Commit != "" && dirty {
		info.Commit += "+dirty"
	}
	return info
}

// String renders the build as `regstack-gen version` prints it:
// "v0.1.0 (commit 23da7da4…, go1.26.8)".
func (b BuildInfo) String() string {
	var parts []string
	if b.Commit != "" {
		parts = append(parts, "commit "+b.Commit)
	} else {
		parts = append(parts, "commit unknown")
	}
	if b.GoVersion != "" {
		parts = append(parts, b.GoVersion)
	}
	return b.Version + " (" + strings.Join(parts, ", ") + ")"
}
