package merge

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// importSpec is one import line as it appears in a file.
type importSpec struct {
	path string
	// lines are the spec's doc comment lines and the spec itself with its
	// trailing comment, without indentation.
	lines []string
}

func (s importSpec) text() string { return strings.Join(s.lines, "\n") }

// importBlock is the import section of a Go file: the byte range of its
// import declarations (whole lines) and their specs in blank-line groups.
type importBlock struct {
	start, end int
	groups     [][]importSpec
}

func (ib importBlock) specs() map[string]importSpec {
	m := map[string]importSpec{}
	for _, g := range ib.groups {
		for _, s := range g {
			m[s.path] = s
		}
	}
	return m
}

// unifyImports replaces the import section of base, host and gen with one
// merged section, so that the line merge sees no difference there. The
// merged set is a three-way merge of sets keyed by import path: a path is
// kept when both sides have it or either side added it, and dropped when
// either side removed it; when both sides have a path, the host's spec
// (name, comment) wins if the host changed it. The section is written as
// the host wrote it if the merged set equals the host's, as the generator
// wrote it if it equals the generator's, and otherwise as the host's groups
// with the generator's additions placed in the group whose paths share the
// longest prefix (standard library with standard library), sorted.
//
// ok is false, and the texts must be merged as they are, when a version
// does not parse as far as its imports, has none, imports "C", or has
// comments or layout in its import section that a rewrite could lose.
func unifyImports(base, host, gen []byte) (b2, h2, g2 []byte, ok bool) {
	bb, ok1 := parseImports(base)
	hb, ok2 := parseImports(host)
	gb, ok3 := parseImports(gen)
	if !ok1 || !ok2 || !ok3 {
		return nil, nil, nil, false
	}
	bs, hs, gs := bb.specs(), hb.specs(), gb.specs()
	for path, h := range hs {
		b, inB := bs[path]
		if _, inG := gs[path]; inB && !inG && h.text() != b.text() {
			// The host edited (renamed, commented) an import the generator
			// removed: dropping it would lose the edit silently, so let the
			// line merge keep it or report a conflict.
			return nil, nil, nil, false
		}
	}
	merged := map[string]importSpec{}
	for _, m := range []map[string]importSpec{hs, gs} {
		for path := range m {
			h, inH := hs[path]
			g, inG := gs[path]
			b, inB := bs[path]
			switch {
			case inH && inG && h.text() != b.text():
				merged[path] = h
			case inH && inG:
				merged[path] = g
			case inH && !inB:
				merged[path] = h
			case inG && !inB:
				merged[path] = g
			}
		}
	}
	var block []byte
	switch {
	case sameSpecs(merged, hs):
		block = host[hb.start:hb.end]
	case sameSpecs(merged, gs):
		block = gen[gb.start:gb.end]
	default:
		block = renderImports(placeImports(hb, gb, merged))
	}
	return splice(base, bb, block), splice(host, hb, block), splice(gen, gb, block), true
}

func sameSpecs(x, y map[string]importSpec) bool {
	if len(x) != len(y) {
		return false
	}
	for path, s := range x {
		if t, ok := y[path]; !ok || s.text() != t.text() {
			return false
		}
	}
	return true
}

func splice(src []byte, ib importBlock, block []byte) []byte {
	out := make([]byte, 0, len(src)-(ib.end-ib.start)+len(block))
	out = append(out, src[:ib.start]...)
	out = append(out, block...)
	return append(out, src[ib.end:]...)
}

// placeImports lays out the merged set: the host's groups with its specs
// that survive, then each added spec (in the generator's order) in the
// group that suits it best.
func placeImports(hb, gb importBlock, merged map[string]importSpec) [][]importSpec {
	var groups [][]importSpec
	placed := map[string]bool{}
	for _, g := range hb.groups {
		var ng []importSpec
		for _, s := range g {
			if m, ok := merged[s.path]; ok {
				ng = append(ng, m)
				placed[s.path] = true
			}
		}
		if len(ng) > 0 {
			groups = append(groups, ng)
		}
	}
	for _, g := range gb.groups {
		for _, s := range g {
			m, ok := merged[s.path]
			if !ok || placed[s.path] {
				continue
			}
			groups = insertImport(groups, m)
			placed[s.path] = true
		}
	}
	return groups
}

// insertImport puts s into the group of the same kind (standard library or
// not) whose paths share the most leading path elements with it, before
// the first path that sorts after it; with no group of its kind it starts
// a new group, first for the standard library and last otherwise.
func insertImport(groups [][]importSpec, s importSpec) [][]importSpec {
	best, bestScore := -1, -1
	for i, g := range groups {
		for _, t := range g {
			if isStdlib(t.path) != isStdlib(s.path) {
				continue
			}
			if sc := commonElems(t.path, s.path); sc > bestScore {
				best, bestScore = i, sc
			}
		}
	}
	if best < 0 {
		if isStdlib(s.path) {
			return slices.Insert(groups, 0, []importSpec{s})
		}
		return append(groups, []importSpec{s})
	}
	g := groups[best]
	at := len(g)
	for i, t := range g {
		if t.path > s.path {
			at = i
			break
		}
	}
	groups[best] = slices.Insert(g, at, s)
	return groups
}

// isStdlib reports whether path looks like a standard-library import: no
// dot in its first element.
func isStdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func commonElems(p, q string) int {
	a, b := strings.Split(p, "/"), strings.Split(q, "/")
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// renderImports writes groups as one gofmt-style import declaration.
func renderImports(groups [][]importSpec) []byte {
	if len(groups) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString("import (\n")
	for i, g := range groups {
		if i > 0 {
			sb.WriteString("\n")
		}
		for _, s := range g {
			for _, l := range s.lines {
				sb.WriteString("\t" + l + "\n")
			}
		}
	}
	sb.WriteString(")\n")
	return []byte(sb.String())
}

// parseImports finds src's import section. ok is false when src does not
// parse up to the end of its imports, has no imports, imports "C", or has
// something in the section this package would not reproduce: a comment on
// a declaration or floating between specs, two specs on one line, a path
// imported twice, or code sharing a line with the section.
func parseImports(src []byte) (importBlock, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil || len(f.Imports) == 0 {
		return importBlock{}, false
	}
	tf := fset.File(f.Pos())
	var decls []*ast.GenDecl
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			if gd.Doc != nil {
				return importBlock{}, false
			}
			decls = append(decls, gd)
		}
	}
	ib := importBlock{
		start: lineStart(src, tf.Offset(decls[0].Pos())),
		end:   lineEnd(src, tf.Offset(decls[len(decls)-1].End())),
	}
	if ib.end < 0 || len(bytes.TrimSpace(src[ib.start:tf.Offset(decls[0].Pos())])) > 0 {
		return importBlock{}, false
	}
	attached := map[*ast.CommentGroup]bool{}
	seen := map[string]bool{}
	prevLine := 0
	for _, d := range decls {
		var group []importSpec
		for _, sp := range d.Specs {
			is := sp.(*ast.ImportSpec)
			path, err := strconv.Unquote(is.Path.Value)
			if err != nil || path == "C" || seen[path] {
				return importBlock{}, false
			}
			seen[path] = true
			from, to := is.Pos(), is.End()
			if is.Doc != nil {
				from = is.Doc.Pos()
				attached[is.Doc] = true
			}
			if is.Comment != nil {
				to = is.Comment.End()
				attached[is.Comment] = true
			}
			if tf.Line(from) == prevLine {
				return importBlock{}, false
			}
			if prevLine > 0 && tf.Line(from) > prevLine+1 && len(group) > 0 {
				ib.groups = append(ib.groups, group)
				group = nil
			}
			prevLine = tf.Line(to)
			spec := importSpec{path: path}
			for _, l := range strings.Split(string(src[tf.Offset(from):tf.Offset(to)]), "\n") {
				spec.lines = append(spec.lines, strings.TrimSpace(l))
			}
			group = append(group, spec)
		}
		if len(group) > 0 {
			ib.groups = append(ib.groups, group)
		}
	}
	for _, cg := range f.Comments {
		if off := tf.Offset(cg.Pos()); off >= ib.start && off < ib.end && !attached[cg] {
			return importBlock{}, false
		}
	}
	return ib, true
}

// lineStart returns the offset of the start of the line holding off.
func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineEnd returns the offset just after the newline ending the line that
// holds off, or -1 when that line has no newline.
func lineEnd(src []byte, off int) int {
	i := bytes.IndexByte(src[off:], '\n')
	if i < 0 {
		return -1
	}
	return off + i + 1
}
