package gomod

import "golang.org/x/mod/semver"

// older reports whether version a sorts before b.
func older(a, b string) bool { return semver.Compare(a, b) < 0 }
