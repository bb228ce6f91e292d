package auth

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// emailParts is an address split the way email-validator splits it.
type emailParts struct {
	displayName *string // nil when there were no angle brackets
	local       string  // unquoted
	domain      string
	quotedLocal bool
}

// splitEmail splits an address at its first @-sign outside quotes, taking
// an optional display name before angle brackets off first, as
// email-validator does; the reasons are its reasons.
func splitEmail(s string) (emailParts, error) {
	left, right, err := splitAtUnquoted(s, "@<")
	if err != nil {
		return emailParts{}, err
	}
	var p emailParts
	if strings.HasPrefix(right, "<") {
		left = strings.TrimRightFunc(left, isPySpace)
		name, quoted, err := unquoteQuotedString(left)
		if err != nil {
			return emailParts{}, err
		}
		if !quoted {
			if bad := badCharList(name, func(r rune) bool {
				return r != '.' && (r == ' ' || r == '.' || isASCIIAtext(r))
			}); bad != "" {
				return emailParts{}, emailError("The display name contains invalid characters when not quoted: " + bad + ".")
			}
		}
		if err := checkUnsafeChars(name, true); err != nil {
			return emailParts{}, err
		}
		if !strings.Contains(right, ">") {
			return emailParts{}, emailError("An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.")
		}
		right = strings.TrimRight(right, " ")
		if !strings.HasSuffix(right, ">") {
			return emailParts{}, emailError("There can't be anything after the email address.")
		}
		spec := strings.TrimRight(right[1:], ">")
		p.displayName = &name
		if left, right, err = splitAtUnquoted(spec, "@"); err != nil {
			return emailParts{}, err
		}
	}
	p.domain = strings.TrimPrefix(right, "@")
	p.local, p.quotedLocal, err = unquoteQuotedString(left)
	return p, err
}

// splitAtUnquoted returns text up to the first of specials outside double
// quotes, and the rest from that character on. A character that NFC would
// combine with what follows (a base with a combining mark) is never taken
// as a special.
func splitAtUnquoted(text, specials string) (string, string, error) {
	inQuote, escaped := false, false
	for i, c := range text {
		if r := []rune(norm.NFC.String(text[i:])); r[0] != c {
			continue
		}
		switch {
		case inQuote:
			switch {
			case c == '\\' && !escaped:
				escaped = true
			case c == '"' && !escaped:
				inQuote, escaped = false, false
			default:
				escaped = false
			}
		case c == '"':
			inQuote = true
		case strings.ContainsRune(specials, c):
			return text[:i], text[i:], nil
		}
	}
	switch {
	case strings.ContainsRune(text, '＠'):
		return "", "", emailError(`The email address has the "full-width" at-sign (@) character instead of a regular at-sign.`)
	case strings.ContainsRune(text, '﹫'):
		return "", "", emailError(`The email address has the "small commercial at" character instead of a regular at-sign.`)
	}
	return "", "", emailError("An email address must have an @-sign.")
}

// unquoteQuotedString removes the double quotes around text, if it starts
// with one, and the backslash escapes inside them.
func unquoteQuotedString(text string) (string, bool, error) {
	var b strings.Builder
	quoted, escaped := false, false
	for i, c := range text {
		switch {
		case quoted && escaped:
			b.WriteRune(c)
			escaped = false
		case quoted && c == '\\':
			escaped = true
		case quoted && c == '"':
			if rest := text[i+1:]; rest != "" {
				return "", false, emailError("Extra character(s) found after close quote: " + displayEach(rest))
			}
			return b.String(), true, nil
		case quoted:
			b.WriteRune(c)
		case i == 0 && c == '"':
			quoted = true
		default:
			b.WriteRune(c)
		}
	}
	return b.String(), quoted, nil
}

// displayEach names every character of s in order, repeats included.
func displayEach(s string) string {
	var names []string
	for _, r := range s {
		names = append(names, safeCharDisplay(r))
	}
	return strings.Join(names, ", ")
}

// isPySpace is Python's str.isspace: Unicode white space plus the ASCII
// information separators U+001C to U+001F.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}
