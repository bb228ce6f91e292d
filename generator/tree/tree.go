// Package tree holds a generated file tree in memory: host-relative slash
// paths mapped to contents, with a txtar round trip for golden files.
package tree

import (
	"fmt"
	"maps"
	"slices"

	"golang.org/x/tools/txtar"
)

// Tree is an in-memory set of files keyed by slash-separated, host-relative
// path. The zero value is empty and ready to use.
type Tree struct {
	files map[string][]byte
}

// Set stores data at path, replacing any earlier content.
func (t *Tree) Set(path string, data []byte) {
	if t.files == nil {
		t.files = map[string][]byte{}
	}
	t.files[path] = data
}

// Get returns the content at path.
func (t *Tree) Get(path string) ([]byte, bool) {
	d, ok := t.files[path]
	return d, ok
}

// Paths returns every path in sorted order.
func (t *Tree) Paths() []string {
	return slices.Sorted(maps.Keys(t.files))
}

// Len returns the number of files.
func (t *Tree) Len() int { return len(t.files) }

// Archive renders the tree as a txtar archive with the given comment, files
// in sorted path order.
func (t *Tree) Archive(comment string) *txtar.Archive {
	a := &txtar.Archive{Comment: []byte(comment)}
	for _, p := range t.Paths() {
		a.Files = append(a.Files, txtar.File{Name: p, Data: t.files[p]})
	}
	return a
}

// FromArchive builds a tree from a txtar archive; a duplicated name is an
// error.
func FromArchive(a *txtar.Archive) (Tree, error) {
	var t Tree
	for _, f := range a.Files {
		if _, dup := t.Get(f.Name); dup {
			return Tree{}, fmt.Errorf("duplicate file %q in archive", f.Name)
		}
		t.Set(f.Name, f.Data)
	}
	return t, nil
}
