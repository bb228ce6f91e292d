package auth

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalizeEmail validates an address and returns it in the form the
// reference stores: surrounding space trimmed, a "Name <addr>" display form
// reduced to addr, both parts in Unicode NFC (so a composed "é" and an "e"
// with a combining accent name one mailbox), the domain lower-cased, the
// local part's case kept (except the RFC 2142 role names such as
// Postmaster, lower-cased as email-validator does).
// Lookups afterwards are exact string matches. The rules follow the Python
// email-validator library (syntax only; no DNS). The error text is the
// reason shown after "value is not a valid email address: ".
func normalizeEmail(s string) (string, error) {
	if len(s) > 2048 {
		return "", errors.New("The email address is too long.")
	}
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ">") && strings.Contains(s, "<") {
		if a, err := mail.ParseAddress(s); err == nil {
			s = a.Address
		}
	}
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return "", errors.New("An email address must have an @-sign.")
	}
	local, domain := s[:at], s[at+1:]
	if err := checkLocalPart(local); err != nil {
		return "", err
	}
	local, err := normalizeLocalPart(local)
	if err != nil {
		return "", err
	}
	// Full UTS-46 mapping of the domain (IDNA) is not done here yet; NFC and
	// lower case give the same result for every domain that mapping leaves
	// alone.
	domain = norm.NFC.String(strings.ToLower(norm.NFC.String(domain)))
	if err := checkDomain(domain); err != nil {
		return "", err
	}
	addr := local + "@" + domain
	if len(addr) > 254 {
		return "", errors.New("The email address is too long.")
	}
	return addr, nil
}

// normalizeLocalPart applies what email-validator does after the syntax
// check: Unicode NFC (RFC 6532 section 3.1), checked again because
// normalising can change the length, and lower case for the RFC 2142 role
// mailboxes, which are case-insensitive by definition.
func normalizeLocalPart(local string) (string, error) {
	if nfc := norm.NFC.String(local); nfc != local {
		if err := checkLocalPart(nfc); err != nil {
			return "", fmt.Errorf("After Unicode normalization: %w", err)
		}
		local = nfc
	}
	if slices.Contains(caseInsensitiveMailboxes(), strings.ToLower(local)) {
		local = strings.ToLower(local)
	}
	return local, nil
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

func checkLocalPart(local string) error {
	switch {
	case local == "":
		return errors.New("There must be something before the @-sign.")
	case len(local) > 64:
		return errors.New("The email address is too long before the @-sign.")
	case strings.HasPrefix(local, "."):
		return errors.New("An email address cannot start with a period.")
	case strings.HasSuffix(local, "."):
		return errors.New("An email address cannot have a period immediately before the @-sign.")
	case strings.Contains(local, ".."):
		return errors.New("An email address cannot have two periods in a row.")
	}
	var bad []rune
	for _, r := range local {
		ok := r == '.' || r < utf8.RuneSelf && isAtext(r) ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
		if !ok && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	if len(bad) > 0 {
		return errors.New("The email address contains invalid characters before the @-sign: " + quoteRunes(bad) + ".")
	}
	return nil
}

// specialUseDomains cannot receive mail (RFC 6761 and friends); the
// reference rejects them and their subdomains.
func specialUseDomains() []string {
	return []string{"arpa", "invalid", "local", "localhost", "onion", "test"}
}

func checkDomain(domain string) error {
	switch {
	case domain == "":
		return errors.New("There must be something after the @-sign.")
	case strings.HasPrefix(domain, "["):
		return errors.New("The part after the @-sign cannot be an IP address literal.")
	case !strings.Contains(domain, "."):
		return errors.New("The part after the @-sign is not valid. It should have a period.")
	case len(domain) > 253:
		return errors.New("The email address is too long after the @-sign.")
	}
	labels := strings.Split(domain, ".")
	for _, l := range labels {
		if l == "" {
			return errors.New("An email address cannot have two periods in a row.")
		}
		if len(l) > 63 {
			return errors.New("The part after the @-sign is not valid. A label is too long.")
		}
		if strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return errors.New("An email address cannot have a hyphen immediately before or after a period.")
		}
		for _, r := range l {
			if !(r == '-' || r < utf8.RuneSelf && isASCIIAlnum(r) || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))) {
				return errors.New("The part after the @-sign contains invalid characters: " + quoteRunes([]rune{r}) + ".")
			}
		}
	}
	tld := labels[len(labels)-1]
	if strings.Trim(tld, "0123456789") == "" {
		return errors.New("The part after the @-sign is not valid. It is not within a valid top-level domain.")
	}
	for _, d := range specialUseDomains() {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return errors.New("The part after the @-sign is a special-use or reserved name that cannot be used with email.")
		}
	}
	return nil
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func quoteRunes(rs []rune) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = "'" + string(r) + "'"
	}
	return strings.Join(parts, ", ")
}
