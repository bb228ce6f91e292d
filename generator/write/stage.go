package write

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/regstack/regstack-gen/generator/manifest"
)

// stage collects writes as temporary files beside their targets and
// removals, and applies them all at the end.
type stage struct {
	renames [][2]string // temp → final
	removes []string
	root    string
}

// put stages data for root/p with the given permissions.
func (s *stage) put(root, p string, data []byte, mode fs.FileMode) error {
	final := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".regstack-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(name)
		return fmt.Errorf("writing %s: %w", p, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, mode); err != nil {
		os.Remove(name)
		return err
	}
	s.renames = append(s.renames, [2]string{name, final})
	return nil
}

func (s *stage) putPristine(root, p string, data []byte) error {
	return s.put(root, filepath.ToSlash(filepath.Join(manifest.PristineDir, p)), data, 0o644)
}

func (s *stage) remove(root, p string) {
	s.root = root
	s.removes = append(s.removes, filepath.Join(root, filepath.FromSlash(p)))
}

func (s *stage) removePristine(root, p string) {
	s.remove(root, filepath.ToSlash(filepath.Join(manifest.PristineDir, p)))
}

// commit renames every staged file into place and performs the removals.
func (s *stage) commit() error {
	for i, r := range s.renames {
		if err := os.Rename(r[0], r[1]); err != nil {
			for _, rest := range s.renames[i:] {
				os.Remove(rest[0])
			}
			return err
		}
	}
	for _, name := range s.removes {
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
			return err
		}
		removeEmptyDirs(s.root, filepath.Dir(name))
	}
	s.renames, s.removes = nil, nil
	return nil
}

// discard deletes the staged temporary files.
func (s *stage) discard() {
	for _, r := range s.renames {
		os.Remove(r[0])
	}
	s.renames, s.removes = nil, nil
}

// removeEmptyDirs removes dir and its parents below root while they are
// empty; it stops at the first directory that is not.
func removeEmptyDirs(root, dir string) {
	for {
		if rel, err := filepath.Rel(root, dir); err != nil || rel == "." || rel == ".." || filepath.IsAbs(rel) || len(rel) >= 2 && rel[:2] == ".." {
			return
		}
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
