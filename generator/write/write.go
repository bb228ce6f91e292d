// Package write applies a rendered tree to the host module on disk. It is
// the only package of the generator that touches the file system. Every
// file is first decided (package merge), then all writes are staged as
// temporary files and renamed into place at the end, each file replaced or
// removed being set aside first; an error at any point, even half-way
// through the renames, leaves the tree as it was, without temporary files
// or new directories. regstack.lock is renamed last, so that even a crash
// during the renames leaves an old lock that describes the work still to
// do. A dry run stages nothing and touches nothing.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/regstack/regstack-gen/generator/manifest"
	"github.com/regstack/regstack-gen/generator/merge"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/render"
)

// Options control how host edits are treated.
type Options struct {
	// Force overwrites host edits with the generated content.
	Force bool
	// Restore brings back generated files the host deleted.
	Restore bool
	// DryRun decides everything and writes nothing (regstack-gen diff).
	DryRun bool
}

// Meta is what the lock records besides the files.
type Meta struct {
	Version     string
	Fingerprint string
	Features    []string
}

// FileResult is what happened to one file.
type FileResult struct {
	Path      string
	Action    merge.Action
	Conflicts int
	Warning   string
	// Before is the file on disk before (nil if absent); After is what is
	// (or, in a dry run, would be) on disk afterwards (nil if deleted).
	Before, After []byte
	// Pristine is the recorded generator output the host started from.
	Pristine []byte
	// Generated is what the generator produces now (nil when the file's
	// feature is off).
	Generated []byte
}

// Report summarises a generation.
type Report struct {
	Files []FileResult
}

// Conflicted lists the files left with conflict markers.
func (r Report) Conflicted() []string {
	var out []string
	for _, f := range r.Files {
		if f.Conflicts > 0 {
			out = append(out, f.Path)
		}
	}
	return out
}

// Warnings lists every warning, prefixed with its file.
func (r Report) Warnings() []string {
	var out []string
	for _, f := range r.Files {
		if f.Warning != "" {
			out = append(out, f.Path+": "+f.Warning)
		}
	}
	return out
}

// Apply decides and writes every file of res into the module at root,
// updating the pristine copies and regstack.lock for files written cleanly.
func Apply(root string, res render.Result, meta Meta, opts Options) (Report, error) {
	old, err := ReadLock(root)
	if err != nil {
		return Report{}, err
	}
	paths := res.Tree.Paths()
	if old != nil {
		for _, f := range old.Files {
			// The lock is committed in the host repository, so its paths
			// are not trusted: one that leaves the module could make
			// generate delete a file outside it.
			if !localPath(f.Path) {
				return Report{}, fmt.Errorf("%s lists %q, which is not a path inside the module", manifest.LockFile, f.Path)
			}
			if _, ok := res.Tree.Get(f.Path); !ok {
				paths = append(paths, f.Path)
			}
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)

	st := stage{dry: opts.DryRun}
	lock := &manifest.Lock{Generator: meta.Version, ConfigFingerprint: meta.Fingerprint, Features: meta.Features}
	var rep Report
	for _, p := range paths {
		fr, entry, err := decideFile(root, p, res, old, opts, &st)
		if err != nil {
			st.discard()
			return Report{}, err
		}
		rep.Files = append(rep.Files, fr)
		if entry != nil {
			lock.Files = append(lock.Files, *entry)
		}
	}
	data, err := lock.Marshal()
	if err != nil {
		st.discard()
		return Report{}, err
	}
	if err := st.putLast(root, manifest.LockFile, data, 0o644); err != nil {
		st.discard()
		return Report{}, err
	}
	if opts.DryRun {
		st.discard()
		return rep, nil
	}
	if err := st.commit(); err != nil {
		return Report{}, err
	}
	return rep, nil
}

// decideFile works out one file's fate, stages its writes and returns its
// lock entry (nil when the generator no longer manages it).
func decideFile(root, p string, res render.Result, old *manifest.Lock, opts Options, st *stage) (FileResult, *manifest.File, error) {
	host, hostOK, err := readFile(filepath.Join(root, filepath.FromSlash(p)))
	if err != nil {
		return FileResult{}, nil, err
	}
	pristinePath := filepath.Join(root, filepath.FromSlash(manifest.PristineDir), filepath.FromSlash(p))
	pristine, pristineOK, err := readFile(pristinePath)
	if err != nil {
		return FileResult{}, nil, err
	}
	newData, selected := res.Tree.Get(p)
	policy := res.Policies[p]
	oldEntry, inOld := old.Lookup(p)
	if !selected && inOld {
		policy = plan.Policy(oldEntry.Policy)
	}

	fr := FileResult{Path: p, Before: nilUnless(host, hostOK), Pristine: nilUnless(pristine, pristineOK), Generated: newData}
	var d merge.Decision
	if policy == plan.Stub {
		d = decideStub(p, host, hostOK, inOld, selected, newData)
	} else {
		d = merge.Decide(merge.Inputs{
			Host: host, HostExists: hostOK,
			Pristine: pristine, PristineExists: pristineOK,
			New: newData, Selected: selected,
			Restore: opts.Restore, Force: opts.Force,
		}, merge.Options{GoImports: filepath.Ext(p) == ".go"})
	}
	fr.Action, fr.Conflicts, fr.Warning = d.Action, d.Conflicts, d.Warning
	fr.After = fr.Before

	entry := &manifest.File{Path: p, Policy: string(policy), SHA256: manifest.Hash(newData)}
	// record makes newData the pristine copy; one that already holds it is
	// not rewritten, so a generate that changes nothing writes nothing but
	// the lock.
	record := func() error {
		if pristineOK && bytes.Equal(pristine, newData) {
			return nil
		}
		return st.putPristine(root, p, newData)
	}
	mode := fileMode(host, hostOK, root, p)
	switch d.Action {
	case merge.Create, merge.Update, merge.Merge, merge.Restore:
		fr.After = d.Content
		if err := st.put(root, p, d.Content, mode); err != nil {
			return fr, nil, err
		}
		if err := record(); err != nil {
			return fr, nil, err
		}
	case merge.Conflict:
		// The host gets the markers. The pristine copy and the lock move on
		// to the new output: the host's resolution is then judged against
		// what the generator now produces, so resolving a conflict by keeping
		// the host's lines does not raise the same conflict on every later
		// run. Only when the host still has markers from an earlier run
		// (KeepPristine) does the record stay where it was.
		fr.After = d.Content
		if d.Content != nil {
			if err := st.put(root, p, d.Content, mode); err != nil {
				return fr, nil, err
			}
		}
		if d.KeepPristine {
			// The old record stays, but the file is generated again, so
			// it is no orphan, whatever it was last time.
			if inOld {
				entry.SHA256 = oldEntry.SHA256
			} else {
				entry = nil
			}
			break
		}
		if err := record(); err != nil {
			return fr, nil, err
		}
	case merge.Keep, merge.Unchanged:
		if err := record(); err != nil {
			return fr, nil, err
		}
	case merge.SkipDeleted:
		if err := record(); err != nil {
			return fr, nil, err
		}
	case merge.Delete:
		fr.After = nil
		st.remove(root, p)
		st.removePristine(root, p)
		entry = nil
	case merge.KeepOrphan:
		// Keep the pristine copy: if the feature comes back, the host's
		// edits merge against it instead of conflicting with everything.
		entry = &oldEntry
		entry.Orphan = true
		if !inOld {
			entry = nil
		}
	default:
		return fr, nil, fmt.Errorf("%s: unexpected action %v", p, d.Action)
	}
	return fr, entry, nil
}

// localPath reports whether p can name a generated file: a clean,
// relative slash path that stays inside the module, and not the generator's
// own record or git's.
func localPath(p string) bool {
	if p == "" || path.Clean(p) != p || !filepath.IsLocal(filepath.FromSlash(p)) || strings.Contains(p, `\`) || p == manifest.LockFile {
		return false
	}
	first, _, _ := strings.Cut(p, "/")
	return first != ".git" && first != path.Dir(manifest.PristineDir)
}

// ReadLock reads root/regstack.lock; a missing lock is (nil, nil).
func ReadLock(root string) (*manifest.Lock, error) {
	data, ok, err := readFile(filepath.Join(root, manifest.LockFile))
	if err != nil || !ok {
		return nil, err
	}
	return manifest.Parse(data)
}

func readFile(name string) ([]byte, bool, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

func nilUnless(data []byte, ok bool) []byte {
	if !ok {
		return nil
	}
	if data == nil {
		return []byte{}
	}
	return data
}

// fileMode keeps an existing file's permission bits; new files get 0644.
func fileMode(_ []byte, exists bool, root, p string) fs.FileMode {
	if exists {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil {
			return fi.Mode().Perm()
		}
	}
	return 0o644
}
