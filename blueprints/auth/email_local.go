package auth

import (
	"strings"
	"unicode/utf8"
)

// validateLocalPart checks the part before the @-sign as email-validator
// does in its default, non-strict mode (so no 64-character limit) and
// returns it in its stored form (re-quoted when it was quoted) and whether
// it is plain ASCII.
func validateLocalPart(local string, quoted bool) (string, bool, error) {
	if local == "" {
		return "", false, emailError("There must be something before the @-sign.")
	}
	if isDotAtom(local, isASCIIAtext) {
		return local, true, nil
	}
	switch {
	case isDotAtom(local, isIntlAtext):
		if err := checkUnsafeChars(local, false); err != nil {
			return "", false, err
		}
		return local, false, nil
	case quoted:
		if bad := badCharList(local, func(r rune) bool { return r >= 0x20 && r <= 0x7e || r >= 0x80 }); bad != "" {
			return "", false, emailError("The email address contains invalid characters in quotes before the @-sign: " + bad + ".")
		}
		if err := checkUnsafeChars(local, true); err != nil {
			return "", false, err
		}
		ascii := strings.IndexFunc(local, func(r rune) bool { return r >= utf8.RuneSelf }) < 0
		esc := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(local)
		return `"` + esc + `"`, ascii, nil
	}
	if bad := badCharList(local, func(r rune) bool { return r == '.' || isIntlAtext(r) }); bad != "" {
		return "", false, emailError("The email address contains invalid characters before the @-sign: " + bad + ".")
	}
	if err := checkDotAtom(local, "An email address cannot start with a %s.", "An email address cannot have a %s immediately before the @-sign.", false); err != nil {
		return "", false, err
	}
	return "", false, emailError("The email address contains invalid characters before the @-sign.")
}

// checkDotAtom refuses periods (and, in a host name, hyphens) at the ends
// of s or doubled, with the reference's wording for where they are.
func checkDotAtom(s, startFmt, endFmt string, hostname bool) error {
	switch {
	case strings.HasSuffix(s, "."):
		return emailErrorf(endFmt, "period")
	case strings.HasPrefix(s, "."):
		return emailErrorf(startFmt, "period")
	case strings.Contains(s, ".."):
		return emailError("An email address cannot have two periods in a row.")
	case !hostname:
		return nil
	case strings.HasSuffix(s, "-"):
		return emailErrorf(endFmt, "hyphen")
	case strings.HasPrefix(s, "-"):
		return emailErrorf(startFmt, "hyphen")
	case strings.Contains(s, ".-") || strings.Contains(s, "-."):
		return emailError("An email address cannot have a period and a hyphen next to each other.")
	}
	return nil
}
