package auth

import (
	"net/netip"
	"strconv"
	"strings"
)

// validateDomainLiteral checks the text inside [brackets] after the @-sign
// with email-validator's reasons (Python ipaddress's texts for a bad IPv4
// address). A valid literal is still refused by the caller: the reference
// does not allow them.
func validateDomainLiteral(lit string) error {
	if lit != "" && strings.Trim(lit, "0123456789.") == "" {
		if err := checkIPv4(lit); err != nil {
			return emailErrorf("The address in brackets after the @-sign is not valid: It is not an IPv4 address (%s) or is missing an address literal tag.", err)
		}
		return nil
	}
	if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
		if a, err := netip.ParseAddr(v6); err != nil || !a.Is6() || a.Zone() != "" {
			// Python's ipaddress gives a more specific text here.
			return emailErrorf("The IPv6 address in brackets after the @-sign is not valid (%s).", "invalid IPv6 address "+pyRepr(v6))
		}
		return nil
	}
	if !strings.Contains(lit, ":") {
		return emailError("The part after the @-sign in brackets is not an IPv4 address and has no address literal tag.")
	}
	if bad := badCharList(lit, func(r rune) bool { return r >= 0x21 && r <= 0xfa }); bad != "" {
		return emailError("The part after the @-sign contains invalid characters in brackets: " + bad + ".")
	}
	return emailError("The part after the @-sign contains an invalid address literal tag in brackets.")
}

// checkIPv4 parses a dotted quad with Python ipaddress's rules and texts.
func checkIPv4(s string) error {
	octets := strings.Split(s, ".")
	if len(octets) != 4 {
		return emailErrorf("Expected 4 octets in %s", pyRepr(s))
	}
	for _, o := range octets {
		var msg string
		switch {
		case o == "":
			msg = "Empty octet not permitted"
		case len(o) > 3:
			msg = "At most 3 characters permitted in " + pyRepr(o)
		case len(o) > 1 && o[0] == '0':
			msg = "Leading zeros are not permitted in " + pyRepr(o)
		default:
			if v, _ := strconv.Atoi(o); v > 255 {
				msg = "Octet " + strconv.Itoa(v) + " (> 255) not permitted"
			}
		}
		if msg != "" {
			return emailErrorf("%s in %s", msg, pyRepr(s))
		}
	}
	return nil
}
