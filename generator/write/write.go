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
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
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
	// SetAsideTo is, for a file set aside (merge.SetAside), the slash path
	// its content was (or, in a dry run, would be) moved to.
	SetAsideTo string
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

	gone := removedDirs(res, old)
	st := stage{dry: opts.DryRun}
	lock := &manifest.Lock{Generator: meta.Version, ConfigFingerprint: meta.Fingerprint, Features: meta.Features}
	var rep Report
	for _, p := range paths {
		fr, entry, err := applyFile(root, p, res, old, gone, opts, &st)
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

// applyFile reads one file's three versions, asks merge.DecideFile for
// its fate, stages the writes that fate implies and returns its lock entry
// (nil when the generator no longer manages it).
func applyFile(root, p string, res render.Result, old *manifest.Lock, gone map[string]bool, opts Options, st *stage) (FileResult, *manifest.File, error) {
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
	d, err := merge.DecideFile(merge.FileInputs{
		Inputs: merge.Inputs{
			Host: host, HostExists: hostOK,
			Pristine: pristine, PristineExists: pristineOK,
			New: newData, Selected: selected,
			Restore: opts.Restore, Force: opts.Force,
		},
		Path:   p,
		Stub:   policy == plan.Stub,
		InLock: inOld,
	})
	if err != nil {
		return fr, nil, err
	}
	fr.Action, fr.Conflicts, fr.Warning = d.Action, d.Conflicts, d.Warning
	fr.After = fr.Before
	switch {
	case d.Write:
		fr.After = d.Content
		if err := st.put(root, p, d.Content, fileMode(hostOK, root, p)); err != nil {
			return fr, nil, err
		}
	case d.SetAside:
		fr.After = nil
		aside, err := asideName(root, p)
		if err != nil {
			return fr, nil, err
		}
		fr.SetAsideTo = aside
		fr.Warning = d.Warning + "; " + whyNotCompiled(host, gone) + ". It was moved to " + aside +
			", which Go does not compile: take what you need from it, then delete it (or rename it back under a //go:build constraint of your own)"
		if err := st.put(root, aside, host, fileMode(hostOK, root, p)); err != nil {
			return fr, nil, err
		}
		st.remove(root, p)
	case d.Remove:
		fr.After = nil
		st.remove(root, p)
	}
	if d.Action == merge.Create {
		if _, ok, _ := readFile(filepath.Join(root, filepath.FromSlash(p+merge.SetAsideSuffix))); ok {
			fr.Warning = "its feature is back; your edited copy from when it was switched off is still in " + p + merge.SetAsideSuffix + ": compare, take what you need, then delete that"
		}
	}

	entry := &manifest.File{Path: p, Policy: string(policy), SHA256: manifest.Hash(newData)}
	switch d.Record {
	case merge.RecordNew:
		// A pristine copy that already holds newData is not rewritten, so
		// a generate that changes nothing writes nothing but the lock.
		if !pristineOK || !bytes.Equal(pristine, newData) {
			if err := st.putPristine(root, p, newData); err != nil {
				return fr, nil, err
			}
		}
	case merge.RecordKeep:
		// The old record stays, but the file is generated again, so it is
		// no orphan, whatever it was last time.
		entry.SHA256 = oldEntry.SHA256
	case merge.RecordOrphan:
		entry = &oldEntry
		entry.Orphan = true
	case merge.RecordDrop:
		st.removePristine(root, p)
		return fr, nil, nil
	}
	if (d.Record == merge.RecordKeep || d.Record == merge.RecordOrphan) && !inOld {
		entry = nil
	}
	return fr, entry, nil
}

// removedDirs returns the directories the last generation wrote files to
// and this one writes none to: the packages (a sqlc package, say) that go
// away with a feature.
func removedDirs(res render.Result, old *manifest.Lock) map[string]bool {
	gone := map[string]bool{}
	if old == nil {
		return gone
	}
	for _, f := range old.Files {
		gone[path.Dir(f.Path)] = true
	}
	for _, p := range res.Tree.Paths() {
		delete(gone, path.Dir(p))
	}
	return gone
}

// whyNotCompiled says why a Go file of a switched-off feature would break
// the build if it stayed: the removed package it imports, when it imports
// one, else what a feature's file relies on.
func whyNotCompiled(src []byte, gone map[string]bool) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err == nil {
		for _, imp := range f.Imports {
			ip, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				continue
			}
			for dir := range gone {
				if strings.HasSuffix(ip, "/"+dir) {
					return "left in place it would no longer compile: it imports " + ip + ", which generate removed with the feature"
				}
			}
		}
	}
	return "left in place it would still be compiled into the package, where the code of the switched-off feature it relies on is no longer generated"
}

// asideName returns the first of p.orphan, p.orphan.2, p.orphan.3, … that
// does not exist, so that setting a file aside never overwrites another.
func asideName(root, p string) (string, error) {
	for n := 1; ; n++ {
		name := p + merge.SetAsideSuffix
		if n > 1 {
			name += "." + strconv.Itoa(n)
		}
		_, err := os.Lstat(filepath.Join(root, filepath.FromSlash(name)))
		if errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", err
		}
	}
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
func fileMode(exists bool, root, p string) fs.FileMode {
	if exists {
		if fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(p))); err == nil {
			return fi.Mode().Perm()
		}
	}
	return 0o644
}
