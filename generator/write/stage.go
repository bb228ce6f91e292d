package write

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/regstack/regstack-gen/generator/manifest"
)

// stage collects writes as temporary files beside their targets and
// removals, and applies them all at the end. A dry stage records nothing
// and touches nothing, so a dry run cannot leave a trace, not even an empty
// directory.
type stage struct {
	dry     bool
	root    string
	renames []rename // applied first, in order
	removes []string
	last    []rename // applied after the removals (regstack.lock)
	// dirs are the directories put created, each as the deepest one and
	// the topmost one that did not exist before, so discard can take them
	// away again.
	dirs []createdDir
}

// rename moves a staged temporary file onto its target.
type rename struct{ tmp, final string }

type createdDir struct{ leaf, top string }

// put stages data for root/p with the given permissions.
func (s *stage) put(root, p string, data []byte, mode fs.FileMode) error {
	r, err := s.stageFile(root, p, data, mode)
	if err != nil || s.dry {
		return err
	}
	s.renames = append(s.renames, r)
	return nil
}

// putLast stages data for root/p to be renamed into place after every
// other write and removal: the record of a generation goes last, so a
// failure part-way through commit leaves the old record describing work
// still to do.
func (s *stage) putLast(root, p string, data []byte, mode fs.FileMode) error {
	r, err := s.stageFile(root, p, data, mode)
	if err != nil || s.dry {
		return err
	}
	s.last = append(s.last, r)
	return nil
}

// stageFile writes data to a temporary file beside root/p.
func (s *stage) stageFile(root, p string, data []byte, mode fs.FileMode) (rename, error) {
	s.root = root
	if s.dry {
		return rename{}, nil
	}
	final := filepath.Join(root, filepath.FromSlash(p))
	if err := s.mkdirAll(filepath.Dir(final)); err != nil {
		return rename{}, fmt.Errorf("writing %s: %w", p, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(final), "."+filepath.Base(final)+".regstack-*")
	if err != nil {
		return rename{}, fmt.Errorf("writing %s: %w", p, err)
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, mode)
	}
	if err != nil {
		os.Remove(name)
		return rename{}, fmt.Errorf("writing %s: %w", p, err)
	}
	return rename{tmp: name, final: final}, nil
}

// mkdirAll creates dir and its missing parents and remembers what it
// created.
func (s *stage) mkdirAll(dir string) error {
	top := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil {
			break
		} else if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		top = d
		if filepath.Dir(d) == d {
			break
		}
	}
	if top == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	s.dirs = append(s.dirs, createdDir{leaf: dir, top: top})
	return nil
}

func (s *stage) putPristine(root, p string, data []byte) error {
	return s.put(root, filepath.ToSlash(filepath.Join(manifest.PristineDir, p)), data, 0o644)
}

func (s *stage) remove(root, p string) {
	s.root = root
	if s.dry {
		return
	}
	s.removes = append(s.removes, filepath.Join(root, filepath.FromSlash(p)))
}

func (s *stage) removePristine(root, p string) {
	s.remove(root, filepath.ToSlash(filepath.Join(manifest.PristineDir, p)))
}

// commit renames every staged file into place, performs the removals, then
// renames the last files. Every file it replaces or removes is first set
// aside under a temporary name; should any step fail, the steps done so
// far are undone from those copies, the staged files and the directories
// staging created are deleted, and the tree is as it was.
func (s *stage) commit() error {
	var done []moved
	fail := func(err error) error {
		for _, m := range slices.Backward(done) {
			m.undo()
		}
		s.discard()
		return err
	}
	for _, r := range s.renames {
		m, err := replace(r)
		if err != nil {
			return fail(err)
		}
		done = append(done, m)
	}
	for _, name := range s.removes {
		m, err := setAside(name)
		if err != nil {
			return fail(err)
		}
		if m.backup != "" {
			done = append(done, m)
		}
	}
	for _, r := range s.last {
		m, err := replace(r)
		if err != nil {
			return fail(err)
		}
		done = append(done, m)
	}
	for _, m := range done {
		if m.backup != "" {
			os.Remove(m.backup)
		}
	}
	for _, name := range s.removes {
		removeEmptyDirs(s.root, filepath.Dir(name))
	}
	s.reset()
	return nil
}

// moved is one change commit made to the tree: final was written or
// removed, and its previous content waits at backup ("" when final did not
// exist before).
type moved struct{ final, backup string }

// undo puts back what was at m.final before commit changed it.
func (m moved) undo() {
	if m.backup == "" {
		os.Remove(m.final)
		return
	}
	os.Rename(m.backup, m.final)
}

// replace renames r's temporary file onto its target, setting the target's
// current content aside first.
func replace(r rename) (moved, error) {
	m, err := setAside(r.final)
	if err != nil {
		return moved{}, err
	}
	if err := os.Rename(r.tmp, r.final); err != nil {
		if m.backup != "" {
			os.Rename(m.backup, r.final)
		}
		return moved{}, err
	}
	return m, nil
}

// setAside renames name to a fresh temporary name beside it and reports
// where it went; a name that does not exist is left alone (backup "").
func setAside(name string) (moved, error) {
	m := moved{final: name}
	if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
		return m, nil
	} else if err != nil {
		return m, err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".regstack-old-*")
	if err != nil {
		return m, err
	}
	backup := f.Name()
	f.Close()
	if err := os.Rename(name, backup); err != nil {
		os.Remove(backup)
		return m, err
	}
	m.backup = backup
	return m, nil
}

// discard deletes the staged temporary files and the directories staging
// created, leaving the tree as it was before.
func (s *stage) discard() {
	removeTemps(s.renames)
	removeTemps(s.last)
	for _, d := range slices.Backward(s.dirs) {
		removeEmptyDirs(filepath.Dir(d.top), d.leaf)
	}
	s.reset()
}

func (s *stage) reset() {
	s.renames, s.removes, s.last, s.dirs = nil, nil, nil, nil
}

func removeTemps(rs []rename) {
	for _, r := range rs {
		os.Remove(r.tmp)
	}
}

// removeEmptyDirs removes dir and its parents below root while they are
// empty; it stops at the first directory that is not, and never removes
// root or anything outside it.
func removeEmptyDirs(root, dir string) {
	for {
		rel, err := filepath.Rel(root, dir)
		if err != nil || rel == "." || rel == ".." || filepath.IsAbs(rel) || len(rel) >= 3 && rel[:3] == ".."+string(filepath.Separator) {
			return
		}
		if err := os.Remove(dir); err != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}
