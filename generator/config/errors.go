package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem with the configuration.
type Error struct {
	// File is the configuration file, or the REGSTACK_* variable the
	// value came from.
	File string
	// Line is the 1-based line in File; 0 when unknown.
	Line int
	// Key is the dotted key path, e.g. "email.smtp_host"; empty for a
	// syntax error that concerns no key.
	Key string
	// Msg says what is wrong; it names the key itself.
	Msg string
	// Hint, if set, suggests a fix.
	Hint string
}

// Error renders the problem as "file:line: msg (hint)", leaving out the
// line when it is unknown.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (" + e.Hint + ")")
	}
	return b.String()
}

// Errors is every problem found in one configuration, sorted by line.
type Errors []*Error

// Error renders each problem on its own line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so errors.As finds an *Error.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// sorted orders problems by line, those without a line last, keeping the
// order of discovery among equals; it returns nil for no problems, so the
// result can be returned as an error directly.
func (es Errors) sorted() error {
	if len(es) == 0 {
		return nil
	}
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Compare(sortLine(a.Line), sortLine(b.Line))
	})
	return es
}

func sortLine(l int) int {
	if l <= 0 {
		return int(^uint(0) >> 1)
	}
	return l
}
