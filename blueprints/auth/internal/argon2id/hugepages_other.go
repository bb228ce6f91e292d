//go:build !linux

package argon2id

// adviseHugePages does nothing here: the huge-page advice is Linux's
// (hugepages_linux.go).
func adviseHugePages([]block) {}

// unadviseHugePages does nothing here.
func unadviseHugePages([]block) {}
