package render

import (
	"fmt"
	"strings"
)

// goHeader is the comment a generated Go file starts with. It names the
// generator and how to regenerate, and deliberately does not match the
// "Code generated … DO NOT EDIT." convention: the host owns this code, and
// tools must lint and edit it like any other.
func goHeader(version, reason, derived string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Written by regstack-gen %s from regstack.toml", version)
	if reason != "" {
		fmt.Fprintf(&b, " (feature %s)", reason)
	}
	b.WriteString(".\n")
	if derived != "" {
		fmt.Fprintf(&b, "// %s\n", derived)
	}
	b.WriteString("// This file is yours to edit: `regstack-gen generate` merges upstream\n")
	b.WriteString("// changes into it and keeps your edits (see regstack.lock).\n\n")
	return b.String()
}

// templateHeader is the header of text and HTML templates: a template
// comment that trims the newline after it, so the rendered output is
// unchanged.
func templateHeader(version string) string {
	return fmt.Sprintf("{{/* Written by regstack-gen %s; yours to edit (see regstack.lock). */ -}}\n", version)
}
