package merge

import (
	"bytes"
	"strings"
)

// normalizeEOL turns every CRLF into LF so that line-ending differences are
// never taken for edits. A lone CR is left alone.
func normalizeEOL(b []byte) []byte {
	if !bytes.Contains(b, []byte("\r\n")) {
		return b
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}

// usesCRLF reports whether more of b's line breaks are CRLF than bare LF;
// a file with mixed endings is written back with its majority ending.
func usesCRLF(b []byte) bool {
	crlf := bytes.Count(b, []byte("\r\n"))
	return crlf > 0 && crlf > bytes.Count(b, []byte("\n"))-crlf
}

// toCRLF turns the LF line breaks of a normalised text into CRLF.
func toCRLF(b []byte) []byte {
	return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
}

// splitLines splits s into lines that keep their "\n"; the last line has
// none when s does not end with a newline. An empty s has no lines.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// markerLine reports whether line (without its newline) is a conflict
// marker: seven '<', '=' or '>' alone, or '<'/'>' followed by a label.
func markerLine(line string) (kind byte, ok bool) {
	line = strings.TrimSuffix(line, "\r")
	if len(line) < 7 {
		return 0, false
	}
	c := line[0]
	if c != '<' && c != '=' && c != '>' || strings.Count(line[:7], string(c)) != 7 {
		return 0, false
	}
	switch {
	case len(line) == 7:
		return c, true
	case c != '=' && line[7] == ' ':
		return c, true
	}
	return 0, false
}

// CountConflicts returns the number of conflict blocks (a "<<<<<<<" line,
// later a "=======" line, later a ">>>>>>>" line) in data; 0 means no
// conflict markers remain. It recognises the markers ThreeWay writes and those
// git writes.
func CountConflicts(data []byte) int {
	n, state := 0, byte(0)
	for _, line := range strings.Split(string(data), "\n") {
		kind, ok := markerLine(line)
		if !ok {
			continue
		}
		switch {
		case kind == '<':
			state = '<'
		case kind == '=' && state == '<':
			state = '='
		case kind == '>' && state == '=':
			state = 0
			n++
		}
	}
	return n
}
