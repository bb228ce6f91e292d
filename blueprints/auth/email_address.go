package auth

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// emailError is a reason email-validator gives; it is shown after
// "value is not a valid email address: ".
func emailError(reason string) error { return errors.New(reason) }

func emailErrorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// prettyEmail is pydantic's "Display Name <addr>" form, which it reduces to
// addr before email-validator sees it.
var prettyEmail = regexp.MustCompile(`^\s*(?:(?:[\w!#$%&'*+\-/=?^_` + "`" + `{|}~]+\s+)*[\w!#$%&'*+\-/=?^_` + "`" + `{|}~]+|"(?:[^"]|\")+")?\s*<(.+)>\s*$`)

// normalizeEmail validates an address and returns the form the reference
// stores, doing what pydantic's EmailStr does: the display-name form
// reduced to the address, then email-validator 2.3 (syntax only, no DNS,
// non-strict): the local part in Unicode NFC (lower case for the RFC 2142
// role names), the domain UTS-46 mapped (lower case) and with its xn--
// labels turned into Unicode. Lookups afterwards are exact string matches.
// The error is email-validator's reason, in its order of checks.
func normalizeEmail(s string) (string, error) {
	if utf8.RuneCountInString(s) > 2048 {
		return "", emailError("Length must not exceed 2048 characters")
	}
	if m := prettyEmail.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	s = strings.TrimFunc(s, isPySpace)
	p, err := splitEmail(s)
	if err != nil {
		return "", err
	}
	original := p.local
	if p.quotedLocal {
		original = `"` + p.local + `"`
	}
	original += "@" + p.domain
	local, asciiLocal, err := validateLocalPart(p.local, p.quotedLocal)
	if err != nil {
		return "", err
	}
	if nfc := norm.NFC.String(local); nfc != local {
		if _, _, err := validateLocalPart(nfc, p.quotedLocal); err != nil {
			return "", fmt.Errorf("After Unicode normalization: %w", err)
		}
		local = nfc
	}
	if p.quotedLocal {
		return "", emailError("Quoting the part before the @-sign is not allowed here.")
	}
	if asciiLocal && slices.Contains(caseInsensitiveMailboxes(), strings.ToLower(local)) {
		local = strings.ToLower(local)
	}
	var domain, asciiDomain string
	switch {
	case p.domain == "":
		return "", emailError("There must be something after the @-sign.")
	case strings.HasPrefix(p.domain, "[") && strings.HasSuffix(p.domain, "]"):
		if err := validateDomainLiteral(p.domain[1 : len(p.domain)-1]); err != nil {
			return "", err
		}
		return "", emailError("A bracketed IP address after the @-sign is not allowed here.")
	default:
		if domain, asciiDomain, err = validateDomainName(p.domain); err != nil {
			return "", err
		}
	}
	normalized := local + "@" + domain
	if err := checkEmailLength(original, normalized, local+"@"+asciiDomain); err != nil {
		return "", err
	}
	if p.displayName != nil {
		return "", emailError("A display name and angle brackets around the email address are not permitted here.")
	}
	return normalized, nil
}

// caseInsensitiveMailboxes are the role mailboxes of RFC 2142, which
// email-validator lower-cases.
func caseInsensitiveMailboxes() []string {
	return []string{
		"info", "marketing", "sales", "support",
		"abuse", "noc", "security",
		"postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp", "ftp",
	}
}

// checkEmailLength applies the 254-octet limit of RFC 3696 (errata 1690)
// to the address as given, as normalised, and with an IDNA domain.
func checkEmailLength(original, normalized, ascii string) error {
	for i, addr := range []string{original, normalized, ascii} {
		n := len(addr) - 254
		if n <= 0 {
			continue
		}
		chars := utf8.RuneCountInString(addr)
		switch {
		case i == 0 && chars == len(addr):
			return emailErrorf("The email address is too long %s.", lengthReason(n))
		case i == 0:
			widest := 1
			for _, r := range addr {
				widest = max(widest, utf8.RuneLen(r))
			}
			if m := max(1, n/widest); m != n {
				return emailErrorf("The email address is too long (%d-%d %s too many).", m, n, pluralWord(n, "character"))
			}
			return emailErrorf("The email address is too long %s.", lengthReason(n))
		case i == 1:
			return emailErrorf("The email address is too long after normalization (%d %s too many).", n, pluralWord(n, "byte"))
		default:
			return emailErrorf("The email address is too long when the part after the @-sign is converted to IDNA ASCII (%d %s too many).", n, pluralWord(n, "byte"))
		}
	}
	return nil
}

// lengthReason is "(N character(s) too many)".
func lengthReason(n int) string {
	return fmt.Sprintf("(%d %s too many)", n, pluralWord(n, "character"))
}

func pluralWord(n int, word string) string {
	if n > 1 {
		return word + "s"
	}
	return word
}
