package config

import (
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyLines maps each dotted key path of a syntactically valid document to
// the line where it first appears: a key/value pair, a table header, or
// the prefix of a dotted key. toml.Unmarshal keeps no positions, so the
// document is walked a second time with the AST parser for them.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = recordKey(&p, lines, nil, e.Key())
		case unstable.KeyValue:
			recordKeyValue(&p, lines, table, e)
		}
	}
	return lines
}

// recordKeyValue records the key of a key/value node under prefix and, for
// an inline table, the keys inside it.
func recordKeyValue(p *unstable.Parser, lines map[string]int, prefix []string, kv *unstable.Node) {
	path := recordKey(p, lines, prefix, kv.Key())
	if v := kv.Value(); v.Kind == unstable.InlineTable {
		it := v.Children()
		for it.Next() {
			if n := it.Node(); n.Kind == unstable.KeyValue {
				recordKeyValue(p, lines, path, n)
			}
		}
	}
}

// recordKey records every prefix of a possibly dotted key, each at the line
// of its own part, and returns the full path.
func recordKey(p *unstable.Parser, lines map[string]int, prefix []string, it unstable.Iterator) []string {
	path := append([]string(nil), prefix...)
	for it.Next() {
		n := it.Node()
		path = append(path, string(n.Data))
		k := strings.Join(path, ".")
		if _, seen := lines[k]; !seen {
			lines[k] = p.Shape(n.Raw).Start.Line
		}
	}
	return path
}
