// Package manifest reads and writes regstack.lock, the record of what the
// generator last wrote into a host: the generator version, the config
// fingerprint, and every file's path, policy and content hash. The pristine
// content itself lives under PristineDir.
package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// LockFile is the manifest's name at the host module root.
const LockFile = "regstack.lock"

// PristineDir holds, at each generated file's host path, the content the
// generator wrote last time: the base of the three-way merge.
const PristineDir = ".regstack/pristine"

// Lock is the content of regstack.lock.
type Lock struct {
	// Generator is the regstack-gen version that wrote the files.
	Generator string `json:"generator"`
	// ConfigFingerprint identifies the generation keys used.
	ConfigFingerprint string `json:"config_fingerprint"`
	// Features lists the selected features.
	Features []string `json:"features"`
	// Files lists every file the generator manages, sorted by path.
	Files []File `json:"files"`
}

// File is one managed file.
type File struct {
	Path string `json:"path"`
	// Policy is "managed", "computed" or "stub".
	Policy string `json:"policy"`
	// SHA256 is the hash of the pristine content.
	SHA256 string `json:"sha256"`
	// Orphan marks a file of a feature that was switched off while the host
	// had edited it: kept on disk, no longer generated.
	Orphan bool `json:"orphan,omitempty"`
}

// Parse decodes regstack.lock.
func Parse(data []byte) (*Lock, error) {
	var l Lock
	if err := json.Unmarshal(data, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", LockFile, err)
	}
	return &l, nil
}

// Marshal encodes l deterministically: files sorted, two-space indent,
// trailing newline.
func (l *Lock) Marshal() ([]byte, error) {
	c := *l
	c.Files = slices.Clone(l.Files)
	slices.SortFunc(c.Files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	data, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}

// Lookup returns the entry for path.
func (l *Lock) Lookup(path string) (File, bool) {
	if l == nil {
		return File{}, false
	}
	for _, f := range l.Files {
		if f.Path == path {
			return f, true
		}
	}
	return File{}, false
}

// Hash returns the hex SHA-256 of data, as recorded in the lock.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
