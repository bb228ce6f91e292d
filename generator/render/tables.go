package render

import (
	"go/scanner"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"strings"
)

// sqlFile reports whether a blueprint file may hold SQL that names the
// regstack tables: a migration, sqlc's output (whose queries are Go string
// constants), or a SQL store and its tests.
func sqlFile(bpPath string) bool {
	for _, prefix := range []string{"auth/migrations", "auth/internal/", "auth/store_sqlite", "auth/store_postgres"} {
		if strings.HasPrefix(bpPath, prefix) {
			return true
		}
	}
	return false
}

// tableRenamer rewrites table names in SQL text: each default name, as a
// whole identifier, becomes the name regstack.toml gives it. A name inside
// a longer identifier (pk_users, ix_users_email) is left alone, so
// constraint and index names keep the reference's spelling.
type tableRenamer struct {
	re      *regexp.Regexp
	renames map[string]string
}

func newTableRenamer(renames map[string]string) *tableRenamer {
	if len(renames) == 0 {
		return nil
	}
	var alts []string
	for _, name := range slices.Sorted(maps.Keys(renames)) {
		alts = append(alts, regexp.QuoteMeta(name))
	}
	return &tableRenamer{re: regexp.MustCompile(`\b(` + strings.Join(alts, "|") + `)\b`), renames: renames}
}

func (r *tableRenamer) sql(s string) string {
	return r.re.ReplaceAllStringFunc(s, func(name string) string { return r.renames[name] })
}

// goStrings rewrites the SQL inside the string literals of a Go file and
// nothing else: identifiers and comments that mention a table keep their
// words.
func (r *tableRenamer) goStrings(src []byte) []byte {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	var out []byte
	last := 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok != token.STRING {
			continue
		}
		off := file.Offset(pos)
		out = append(out, src[last:off]...)
		out = append(out, r.sql(lit)...)
		last = off + len(lit)
	}
	return append(out, src[last:]...)
}
