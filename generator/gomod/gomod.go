// Package gomod edits the host's go.mod: it adds a require line for each
// module the generated code imports, at the version regstack-gen was built
// and tested against.
package gomod

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

// ModuleOf returns the pinned module that provides importPath, or false for
// the standard library and unknown paths.
func ModuleOf(importPath string) (module.Version, bool) {
	best := module.Version{}
	for _, m := range Pinned() {
		if (importPath == m.Path || strings.HasPrefix(importPath, m.Path+"/")) && len(m.Path) > len(best.Path) {
			best = m
		}
	}
	return best, best.Path != ""
}

// Requires maps import paths to the sorted, unique modules that provide
// them. An import that is neither standard library, nor in the host module,
// nor pinned is an error: the generated code would not build.
func Requires(imports []string, hostModule string) ([]module.Version, error) {
	var out []module.Version
	for _, p := range imports {
		if p == hostModule || strings.HasPrefix(p, hostModule+"/") || isStd(p) {
			continue
		}
		m, ok := ModuleOf(p)
		if !ok {
			return nil, fmt.Errorf("generated code imports %q, which no pinned module provides", p)
		}
		out = append(out, m)
	}
	slices.SortFunc(out, func(a, b module.Version) int { return strings.Compare(a.Path, b.Path) })
	return slices.Compact(out), nil
}

// isStd reports whether p looks like a standard-library path: no dot in its
// first element.
func isStd(p string) bool {
	first, _, _ := strings.Cut(p, "/")
	return !strings.Contains(first, ".")
}

// AddRequires adds or raises a require line for each module in reqs and
// returns the new go.mod content and whether it changed. A host that already
// requires a newer version keeps it. The generated code imports every module
// in reqs, so each is a direct requirement: a new line goes into the direct
// block (never the "// indirect" one), and an existing "// indirect"
// requirement loses the marking, as go mod tidy would do.
func AddRequires(filename string, data []byte, reqs []module.Version) ([]byte, bool, error) {
	f, err := modfile.Parse(filename, data, nil)
	if err != nil {
		return nil, false, err
	}
	want := map[string]string{}
	for _, r := range reqs {
		want[r.Path] = r.Version
	}
	changed := false
	var list []*modfile.Require
	for _, r := range f.Require {
		v, ours := want[r.Mod.Path]
		if !ours {
			list = append(list, &modfile.Require{Mod: r.Mod, Indirect: r.Indirect})
			continue
		}
		delete(want, r.Mod.Path)
		m := r.Mod
		if older(m.Version, v) {
			m.Version, changed = v, true
		}
		changed = changed || r.Indirect
		list = append(list, &modfile.Require{Mod: m})
	}
	for _, r := range reqs {
		if _, missing := want[r.Path]; missing {
			list = append(list, &modfile.Require{Mod: r})
			changed = true
		}
	}
	if !changed {
		return data, false, nil
	}
	f.SetRequireSeparateIndirect(list)
	f.Cleanup()
	out, err := f.Format()
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// ModulePath returns the module path declared by a go.mod.
func ModulePath(data []byte) string { return modfile.ModulePath(data) }
