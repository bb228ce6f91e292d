package auth

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// validateDomainName checks the part after the @-sign as email-validator
// does with globally_deliverable on and returns its Unicode form (xn--
// labels decoded) and its ASCII form (labels IDNA-encoded).
func validateDomainName(domain string) (uni, ascii string, err error) {
	if bad := badCharList(domain, isHostnameChar); bad != "" {
		return "", "", emailError("The part after the @-sign contains invalid characters: " + bad + ".")
	}
	if err := checkUnsafeChars(domain, false); err != nil {
		return "", "", err
	}
	if bad := badCharList(domain, uts46ValidChar); bad != "" {
		return "", "", emailError("The part after the @-sign contains invalid characters: " + bad + ".")
	}
	original := domain
	domain = uts46Remap(domain)
	if bad := badCharList(domain, isHostnameChar); bad != "" {
		return "", "", emailError("The part after the @-sign contains invalid characters after Unicode normalization: " + bad + ".")
	}
	if err := checkDotAtom(domain, "An email address cannot have a %s immediately after the @-sign.", "An email address cannot end with a %s.", true); err != nil {
		return "", "", err
	}
	for _, l := range strings.Split(domain, ".") {
		if r := []rune(l); len(r) >= 4 && r[2] == '-' && r[3] == '-' && !strings.EqualFold(string(r[:2]), "xn") {
			return "", "", emailError("An email address cannot have two letters followed by two dashes immediately after the @-sign or after a period, except Punycode.")
		}
	}
	ascii = domain
	if !isDotAtom(domain, isASCIIAlnumHyphen) {
		labels := strings.Split(domain, ".")
		for i, l := range labels {
			if labels[i], err = idnaALabel(l); err != nil {
				return "", "", emailErrorf("The part after the @-sign is invalid (%s).", err)
			}
		}
		ascii = strings.Join(labels, ".")
	}
	if n := len(ascii) - 253; n > 0 {
		if ascii == original {
			return "", "", emailErrorf("The email address is too long after the @-sign %s.", lengthReason(n))
		}
		return "", "", emailErrorf("The email address is too long after the @-sign (%d %s too many after IDNA encoding).", n, pluralWord(n, "byte"))
	}
	for _, l := range strings.Split(ascii, ".") {
		if n := len(l) - 63; n > 0 {
			return "", "", emailErrorf("After the @-sign, periods cannot be separated by so many characters %s.", lengthReason(n))
		}
	}
	if !strings.Contains(ascii, ".") {
		return "", "", emailError("The part after the @-sign is not valid. It should have a period.")
	}
	if last := ascii[len(ascii)-1]; !(last >= 'a' && last <= 'z' || last >= 'A' && last <= 'Z') {
		return "", "", emailError("The part after the @-sign is not valid. It is not within a valid top-level domain.")
	}
	for _, d := range specialUseDomains() {
		if ascii == d || strings.HasSuffix(ascii, "."+d) {
			return "", "", emailError("The part after the @-sign is a special-use or reserved name that cannot be used with email.")
		}
	}
	labels := strings.Split(ascii, ".")
	for i, l := range labels {
		if labels[i], err = idnaULabel(l); err != nil {
			return "", "", emailErrorf("The part after the @-sign is not valid IDNA (%s).", err)
		}
	}
	uni = strings.Join(labels, ".")
	if err := checkUnsafeChars(uni, false); err != nil {
		return "", "", err
	}
	return uni, ascii, nil
}

// specialUseDomains cannot receive mail (RFC 6761 and friends);
// email-validator rejects them and their subdomains.
func specialUseDomains() []string {
	return []string{"arpa", "invalid", "local", "localhost", "onion", "test"}
}

func isASCIIAlnumHyphen(r rune) bool { return isASCIIAlnum(r) || r == '-' }

// uts46ValidChar is email-validator's filter of characters that UTS-46
// would silently drop or turn into a period, which it refuses instead.
func uts46ValidChar(r rune) bool {
	switch {
	case r >= 0x80 && r <= 0x9f:
		return false
	case r >= 0x2010 && r <= 0x2060 && !(r >= 0x2024 && r <= 0x2026) && !(r >= 0x2028 && r <= 0x202e),
		r == 0xad, r == 0x2064, r == 0xff0e, r >= 0x200b && r <= 0x200d, r >= 0x1bca0 && r <= 0x1bca3:
		return true
	case unicode.In(r, unicode.Cf, unicode.Co, unicode.Cs, unicode.Zs, unicode.Zl, unicode.Zp),
		unicodeMajorCategory(r) == 'C' && !unicode.Is(unicode.Cc, r):
		return false
	case r >= 0x80 && strings.ContainsRune(norm.NFKD.String(string(r)), '.'):
		return false
	}
	return true
}

// uts46Remap approximates the UTS-46 mapping (non-transitional): case
// folding and compatibility normalisation, so "ＥＸＡＭＰＬＥ.com" and
// "Example.COM" both become "example.com".
func uts46Remap(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return r >= 0x80 }) < 0 {
		return strings.ToLower(s)
	}
	return norm.NFC.String(strings.ToLower(norm.NFKC.String(s)))
}

// idnaALabel encodes one Unicode label as an xn-- label (ASCII labels are
// returned as they are).
func idnaALabel(l string) (string, error) {
	if strings.IndexFunc(l, func(r rune) bool { return r >= 0x80 }) < 0 {
		return l, nil
	}
	if err := idnaCheckLabel(l); err != nil {
		return "", err
	}
	a := "xn--" + punycodeEncode(l)
	if len(a) > 63 {
		return "", fmt.Errorf("Label too long")
	}
	return a, nil
}

// idnaULabel decodes an xn-- label to Unicode and checks the result.
func idnaULabel(l string) (string, error) {
	if !strings.HasPrefix(l, "xn--") {
		return l, nil
	}
	body := l[len("xn--"):]
	if body == "" {
		return "", fmt.Errorf("Malformed A-label, no Punycode eligible content found")
	}
	if strings.HasSuffix(body, "-") {
		return "", fmt.Errorf("A-label must not end with a hyphen")
	}
	u, err := punycodeDecode(body)
	if err != nil {
		return "", fmt.Errorf("Invalid A-label")
	}
	if err := idnaCheckLabel(u); err != nil {
		return "", err
	}
	return u, nil
}

// idnaCheckLabel applies the IDNA 2008 label rules the idna package checks
// first: NFC, no hyphens in positions 3 and 4 or at the ends, no leading
// combining mark, and (approximately) only PVALID code points: lower-case
// letters, marks, digits and the hyphen.
func idnaCheckLabel(l string) error {
	rs := []rune(l)
	switch {
	case !norm.NFC.IsNormalString(l):
		return fmt.Errorf("Label must be in Normalization Form C")
	case len(rs) >= 4 && rs[2] == '-' && rs[3] == '-':
		return fmt.Errorf("Label has disallowed hyphens in 3rd and 4th position")
	case rs[0] == '-' || rs[len(rs)-1] == '-':
		return fmt.Errorf("Label must not start or end with a hyphen")
	case unicode.IsMark(rs[0]):
		return fmt.Errorf("Label begins with an illegal combining character")
	}
	for i, r := range rs {
		ok := r == '-' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' ||
			r >= 0x80 && (unicode.In(r, unicode.Ll, unicode.Lo, unicode.Lm, unicode.Mn, unicode.Mc, unicode.Nd))
		if !ok {
			return fmt.Errorf("Codepoint U+%04X at position %d of %s not allowed", r, i+1, pyRepr(l))
		}
	}
	return nil
}

// pyRepr quotes s as Python's repr does for a printable string.
func pyRepr(s string) string {
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		return `"` + s + `"`
	}
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}
