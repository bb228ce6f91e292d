// Package tomledit changes a few keys of a TOML document and leaves every
// other byte alone: the user's comments, blank lines, key order, quoting
// and line endings survive an edit. It finds where each top-level
// expression starts and ends with go-toml's parser, then splices text at
// those offsets; it never re-serialises the document.
package tomledit

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// ErrInvalid is wrapped by every error about a document that does not
// parse: such a document is never edited.
var ErrInvalid = errors.New("invalid TOML")

// ParseError says where a document fails to parse.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s (fix the file by hand, or move it away to start afresh; nothing was written)",
		e.File, e.Line, ErrInvalid, e.Msg)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *ParseError) Unwrap() error { return ErrInvalid }

// KV is one key and its value, already in TOML syntax (see Quote).
type KV struct {
	Key, Value string
}

// expr is one top-level expression: a key/value pair or a table header.
type expr struct {
	table     bool     // [table] or [[array table]]
	key       []string // the header's or the pair's dotted key
	start     int      // offset of the line it starts on
	end       int      // offset just past the line it ends on
	valStart  int      // a pair's value
	valEnd    int
	owner     []string // the table a pair belongs to (nil: top level)
	headerEnd int      // a header: offset past its line
}

// Doc is a parsed document with pending edits.
type Doc struct {
	data  []byte
	nl    string
	exprs []expr
	edits []edit
}

type edit struct {
	start, end int
	text       string
	// block: a table appended at the end, set off from what precedes it
	// (the original text and earlier insertions) by a blank line.
	block bool
}

// Parse reads data, the contents of file (named in errors). A document
// that does not parse, or breaks TOML's rules (a key defined twice), is
// refused with its line.
func Parse(file string, data []byte) (*Doc, error) {
	var probe map[string]any
	if err := toml.Unmarshal(data, &probe); err != nil {
		line := 0
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ = de.Position()
		}
		return nil, &ParseError{File: file, Line: line, Msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	d := &Doc{data: data, nl: "\n"}
	if bytes.Contains(data, []byte("\r\n")) {
		d.nl = "\r\n"
	}
	p := unstable.Parser{}
	p.Reset(data)
	var owner []string
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			keys, first := keyOf(n.Key())
			owner = keys
			start := lineStart(data, int(first.Offset))
			d.exprs = append(d.exprs, expr{table: true, key: keys, start: start, end: lineEnd(data, start), owner: nil})
		case unstable.KeyValue:
			keys, _ := keyOf(n.Key())
			v := n.Value()
			start := lineStart(data, int(n.Raw.Offset))
			end := lineEnd(data, int(n.Raw.Offset+n.Raw.Length)-1)
			// The value runs to the end of the pair: an array or an
			// inline table records only its opening bracket as its own.
			vs, ve := int(v.Raw.Offset), int(n.Raw.Offset+n.Raw.Length)
			d.exprs = append(d.exprs, expr{key: keys, start: start, end: end, valStart: vs, valEnd: ve, owner: owner})
		}
	}
	if err := p.Error(); err != nil {
		return nil, &ParseError{File: file, Line: 0, Msg: err.Error()}
	}
	return d, nil
}

func keyOf(it unstable.Iterator) ([]string, unstable.Range) {
	var keys []string
	var first unstable.Range
	for i := 0; it.Next(); i++ {
		k := it.Node()
		if i == 0 {
			first = k.Raw
		}
		keys = append(keys, string(k.Data))
	}
	return keys, first
}

func lineStart(data []byte, off int) int {
	return bytes.LastIndexByte(data[:off], '\n') + 1
}

// lineEnd returns the offset past the newline of the line holding off.
func lineEnd(data []byte, off int) int {
	if off < 0 {
		off = 0
	}
	i := bytes.IndexByte(data[off:], '\n')
	if i < 0 {
		return len(data)
	}
	return off + i + 1
}

func hasPrefix(key, prefix []string) bool {
	if len(key) < len(prefix) {
		return false
	}
	for i := range prefix {
		if key[i] != prefix[i] {
			return false
		}
	}
	return true
}

func equal(a, b []string) bool { return len(a) == len(b) && hasPrefix(a, b) }

// HasTable reports whether the document defines table name in any form:
// a [name] header, a [name.sub] header, or top-level name.key / name = {…}.
func (d *Doc) HasTable(name string) bool {
	for _, e := range d.exprs {
		if (e.table || e.owner == nil) && len(e.key) > 0 && e.key[0] == name {
			return true
		}
	}
	return false
}

// SetTopLevel sets the top-level key to value (TOML syntax). An existing
// pair keeps its line, its comment and its spacing: only the value is
// replaced. A missing one is added after the last top-level pair, or
// before the first table when there is none.
func (d *Doc) SetTopLevel(key, value string) {
	last := -1
	for i, e := range d.exprs {
		if e.table {
			break
		}
		if equal(e.key, []string{key}) {
			d.edits = append(d.edits, edit{start: e.valStart, end: e.valEnd, text: value})
			return
		}
		last = i
	}
	line := key + " = " + value + d.nl
	switch {
	case last >= 0:
		at := d.exprs[last].end
		d.edits = append(d.edits, edit{start: at, end: at, text: d.terminate(at) + line})
	case len(d.exprs) > 0:
		at := d.leadingComments(d.exprs[0].start)
		d.edits = append(d.edits, edit{start: at, end: at, text: line + d.nl})
	default:
		at := len(d.data)
		d.edits = append(d.edits, edit{start: at, end: at, text: d.terminate(at) + line})
	}
}

// terminate returns a newline when the text before offset at does not end
// with one (a last line without its newline).
func (d *Doc) terminate(at int) string {
	if at > 0 && d.data[at-1] != '\n' {
		return d.nl
	}
	return ""
}

// leadingComments returns where the block of comment lines directly above
// the line at offset at begins (they describe that line).
func (d *Doc) leadingComments(at int) int {
	for at > 0 {
		prev := lineStart(d.data, at-1)
		if !strings.HasPrefix(strings.TrimSpace(string(d.data[prev:at])), "#") {
			break
		}
		at = prev
	}
	return at
}

// ReplaceTable makes the table at name (a dotted path of bare keys, such
// as "oauth" or "oauth.providers.github") hold exactly pairs, followed by
// the existing pairs whose key (relative to the table) starts with one of
// keep. Its old pairs go, wherever they were: below its [name] header, as
// dotted keys of a parent (name.key = … at the top level, or
// providers.github.key = … below [oauth]) or as an inline table
// (name = {…}). Sub-tables with their own headers ([name.sub]) are left
// alone, as are comments and blank lines after the table's last pair
// (they usually introduce the next table). It reports whether the table
// existed.
//
// The new table goes where the [name] header was; otherwise before the
// first [name.sub] header, otherwise at the end of the document.
func (d *Doc) ReplaceTable(name string, pairs []KV, keep ...string) bool {
	path := strings.Split(name, ".")
	var body strings.Builder
	body.WriteString("[" + name + "]" + d.nl)
	for _, kv := range pairs {
		body.WriteString(kv.Key + " = " + kv.Value + d.nl)
	}
	kept := func(key []string) bool {
		for _, k := range keep {
			if len(key) > 0 && key[0] == k {
				return true
			}
		}
		return false
	}
	existed, header := false, -1
	for i, e := range d.exprs {
		full := append(append([]string(nil), e.owner...), e.key...)
		switch {
		case e.table && equal(e.key, path):
			existed, header = true, i
		case !e.table && len(e.owner) < len(path) && hasPrefix(path, e.owner) && hasPrefix(full, path):
			// A parent's dotted key or inline table defining the table.
			existed = true
			if rel := full[len(path):]; kept(rel) {
				// Moved under the new header: the key relative to the
				// table, the value as the user wrote it.
				body.WriteString(joinKey(rel) + " = " + string(d.data[e.valStart:e.valEnd]) + d.nl)
			}
			d.edits = append(d.edits, edit{start: e.start, end: e.end})
		}
	}
	if header >= 0 {
		end := d.exprs[header].end
		for _, e := range d.exprs[header+1:] {
			if e.table {
				break
			}
			if kept(e.key) {
				body.WriteString(strings.TrimRight(string(d.data[e.start:e.end]), "\r\n") + d.nl)
			}
			end = e.end
		}
		d.edits = append(d.edits, edit{start: d.exprs[header].start, end: end, text: body.String()})
		return existed
	}
	for _, e := range d.exprs {
		if e.table && len(e.key) > len(path) && hasPrefix(e.key, path) {
			at := d.leadingComments(e.start)
			d.edits = append(d.edits, edit{start: at, end: at, text: body.String() + d.nl})
			return existed
		}
	}
	d.edits = append(d.edits, edit{start: len(d.data), end: len(d.data), text: body.String(), block: true})
	return existed
}

// bareKey matches a key that needs no quotes.
var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// joinKey writes a dotted key, quoting the parts that need it.
func joinKey(parts []string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p
		if !bareKey.MatchString(p) {
			out[i] = Quote(p)
		}
	}
	return strings.Join(out, ".")
}

// Bytes returns the document with the edits applied.
func (d *Doc) Bytes() []byte {
	edits := append([]edit(nil), d.edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var out bytes.Buffer
	pos := 0
	for _, e := range edits {
		if e.start < pos {
			// Overlapping edits cannot happen with the methods above
			// (each touches its own expressions); keep the first.
			continue
		}
		out.Write(d.data[pos:e.start])
		if e.block && out.Len() > 0 {
			if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
				out.WriteString(d.nl)
			}
			if !bytes.HasSuffix(out.Bytes(), []byte(d.nl+d.nl)) {
				out.WriteString(d.nl)
			}
		}
		out.WriteString(e.text)
		pos = e.end
	}
	out.Write(d.data[pos:])
	return out.Bytes()
}

// Quote returns s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Bool returns b in TOML syntax.
func Bool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
