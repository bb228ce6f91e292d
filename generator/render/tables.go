package render

import (
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// tableRenamer rewrites the table names of SQL, as the plan's Renames say:
// each default name, as a whole identifier, becomes the name regstack.toml
// gives it. Only identifiers change: a name inside a longer identifier
// (pk_users, ix_users_email) is left alone, so constraint and index names
// keep the reference's spelling, and comments and messages keep their
// words.
type tableRenamer struct {
	renames map[string]string
}

func newTableRenamer(renames map[string]string) *tableRenamer {
	if len(renames) == 0 {
		return nil
	}
	return &tableRenamer{renames: renames}
}

// sql rewrites SQL text: every whole word outside comments that is a
// table name, bare or quoted ("users", or 'users' where a catalog lookup
// such as sqlite_master's compares names). Quotes are not tracked: Go code
// joins SQL from fragments that may open a quote in one literal and close
// it in the next, and the SQL of the blueprints holds no other string
// that is exactly a table name.
func (r *tableRenamer) sql(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				j = len(s) - i - 2
			} else {
				j += 2
			}
			b.WriteString(s[i : i+2+j])
			i += 2 + j
		case identStart(c):
			j := i + 1
			for j < len(s) && identPart(s[j]) {
				j++
			}
			word := s[i:j]
			if to, ok := r.renames[word]; ok {
				word = to
			}
			b.WriteString(word)
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func identStart(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

func identPart(c byte) bool { return identStart(c) || '0' <= c && c <= '9' || c == '$' }

// sqlStatement matches the upper-case keyword that starts an SQL
// statement; the SQL of the blueprints is written in upper case, their
// messages in lower case.
var sqlStatement = regexp.MustCompile(`\b(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|WITH|PRAGMA)\b`)

// goStrings rewrites the SQL string literals of a Go file and nothing
// else. A literal holds SQL when it contains a statement keyword (a query
// constant of sqlc's, a statement in a store or test, a fragment joined to
// one); it is then renamed as SQL text. A literal that is exactly a table
// name is renamed too (a list of tables to check). Every other literal
// (error messages, log lines, test failure texts) and all identifiers and
// comments keep their words.
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
		renamed, ok := r.goLiteral(lit)
		if !ok {
			continue
		}
		off := file.Offset(pos)
		out = append(out, src[last:off]...)
		out = append(out, renamed...)
		last = off + len(lit)
	}
	return append(out, src[last:]...)
}

// goLiteral returns lit with its table names renamed, and false when it
// holds none.
func (r *tableRenamer) goLiteral(lit string) (string, bool) {
	v, err := strconv.Unquote(lit)
	if err != nil {
		return "", false
	}
	var renamed string
	if to, ok := r.renames[v]; ok {
		renamed = to
	} else if sqlStatement.MatchString(v) {
		renamed = r.sql(v)
	}
	if renamed == "" || renamed == v {
		return "", false
	}
	if lit[0] == '`' && !strings.Contains(renamed, "`") {
		return "`" + renamed + "`", true
	}
	return strconv.Quote(renamed), true
}
