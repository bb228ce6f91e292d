package auth

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/runenames"
)

// This file holds the character classes and the character display that
// email-validator's reasons use, so a rejected address names its bad
// characters exactly as the reference does ("SPACE", "U+0009", "'@'").

// unicodeMajorCategory is the first letter of the rune's Unicode general
// category (Python's unicodedata.category(c)[0]); unassigned runes are "C".
func unicodeMajorCategory(r rune) byte {
	switch {
	case unicode.IsLetter(r):
		return 'L'
	case unicode.IsMark(r):
		return 'M'
	case unicode.IsNumber(r):
		return 'N'
	case unicode.IsPunct(r):
		return 'P'
	case unicode.IsSymbol(r):
		return 'S'
	case unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp):
		return 'Z'
	}
	return 'C'
}

// safeCharDisplay names one character the way email-validator does: a
// visible character quoted as Python's repr shows it, anything else by its
// Unicode name, or U+XXXX when it has none (control characters).
func safeCharDisplay(r rune) string {
	switch {
	case r == '\\':
		return `"\"`
	case r == '\'':
		return `"'"`
	}
	if strings.IndexByte("LNPS", unicodeMajorCategory(r)) >= 0 {
		return "'" + string(r) + "'"
	}
	name := runenames.Name(r)
	if name == "" || strings.HasPrefix(name, "<") {
		if r < 0xFFFF {
			return fmt.Sprintf("U+%04X", r)
		}
		return fmt.Sprintf("U+%08X", r)
	}
	return name
}

// badCharList displays the runes of s that fail ok, each once, sorted by
// their display text (email-validator sorts the displayed names).
func badCharList(s string, ok func(rune) bool) string {
	var names []string
	for _, r := range s {
		if !ok(r) {
			if n := safeCharDisplay(r); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// checkUnsafeChars refuses characters that are invisible or confusable in
// an address: controls, format characters, line and paragraph separators,
// spaces unless allowSpace, and a combining mark at the start. Unlike the
// other lists this one is sorted by character, as the reference does.
func checkUnsafeChars(s string, allowSpace bool) error {
	var bad []rune
	for i, r := range []rune(s) {
		var unsafe bool
		switch unicodeMajorCategory(r) {
		case 'L', 'N', 'P', 'S':
		case 'M':
			unsafe = i == 0
		case 'Z':
			unsafe = !unicode.Is(unicode.Zs, r) || !allowSpace
		default:
			unsafe = true
		}
		if unsafe && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	names := make([]string, len(bad))
	for i, r := range bad {
		names[i] = safeCharDisplay(r)
	}
	return emailError("The email address contains unsafe characters: " + strings.Join(names, ", ") + ".")
}

// isASCIIAtext reports whether r is an RFC 5322 atext character.
func isASCIIAtext(r rune) bool {
	return isASCIIAlnum(r) || r < 0x80 && strings.ContainsRune("_!#$%&'*+-/=?^`{|}~", r)
}

// isIntlAtext is atext extended by RFC 6531 to every non-ASCII character.
func isIntlAtext(r rune) bool { return isASCIIAtext(r) || r >= 0x80 }

// isHostnameChar is a character allowed in an internationalised domain
// name before IDNA processing: ASCII letters, digits, hyphen, period, and
// any non-ASCII character.
func isHostnameChar(r rune) bool { return isASCIIAlnum(r) || r == '-' || r == '.' || r >= 0x80 }

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// isDotAtom reports whether s is one or more runs of characters accepted by
// ok, separated by single periods.
func isDotAtom(s string, ok func(rune) bool) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || strings.IndexFunc(part, func(r rune) bool { return !ok(r) }) >= 0 {
			return false
		}
	}
	return true
}
