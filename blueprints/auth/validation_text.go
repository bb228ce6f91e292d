package auth

import (
	"slices"
	"unicode"
)

// textPattern is the rule every string field of a request follows, except
// passwords, written as the regular expression pydantic would report had the
// reference declared it with Field(pattern=…). It refuses what has no place
// in a name or a token and does harm where the text is shown again:
//   - every control character (Unicode category Cc: NUL, CR, LF, TAB, DEL
//     and the C1 controls), which would reach email bodies and logs;
//   - the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069), which reorder the text around them on screen
//     ("Trojan Source" spoofing);
//   - the line and paragraph separators U+2028 and U+2029, which some
//     mail clients and log viewers treat as line breaks.
//
// The rest of category Cf stays allowed: the zero-width joiner and
// non-joiner are part of ordinary Persian and Indic names and of emoji
// sequences, and the left-to-right and right-to-left marks are needed to
// write mixed-direction names.
const textPattern = `^[^\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$`

// passwordFields are exempt from textPattern: the reference accepts any
// character in a password, and refusing some now would lock out users who
// chose one with a tab or a control character there.
func passwordFields() []string {
	return []string{"password", "current_password", "new_password"}
}

func isPasswordField(name string) bool {
	return slices.Contains(passwordFields(), name)
}

// controlCharRule checks s against textPattern and reports a failure as
// pydantic reports a pattern mismatch.
func controlCharRule(s string) *fieldError {
	for _, r := range s {
		if refusedInText(r) {
			return &fieldError{
				Type: "string_pattern_mismatch", Input: s, Ctx: map[string]any{"pattern": textPattern},
				Msg: "String should match pattern '" + textPattern + "'",
			}
		}
	}
	return nil
}

// refusedInText reports whether textPattern refuses r.
func refusedInText(r rune) bool {
	switch {
	case unicode.Is(unicode.Cc, r):
		return true
	case r == '\u2028' || r == '\u2029':
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
