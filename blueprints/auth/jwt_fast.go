package auth

import (
	"crypto/hmac"
	"encoding/base64"
	"hash"
	"strings"
	"sync"
)

// The fast path of Decode. Every session request decodes a token, and the
// PyJWT-faithful path (decodeJWS, checkClaims) builds a generic JSON value
// of the header and the payload for it: about a quarter of the CPU of GET
// /me. decodeFast handles the tokens this package mints — the header Issue
// writes, unpadded base64url, a flat payload of the known claims without
// escapes or whitespace — in one pass over pooled buffers. It only ever
// accepts: any token it does not recognise, and any check that fails,
// goes to the faithful path, which gives the reason (or accepts a token
// another minter wrote in a form this path does not read). So the answers
// are the faithful path's by construction; the signature is checked with
// hmac.Equal, as there.

// fastDecoder is the per-purpose state of the fast path.
type fastDecoder struct {
	// header is the first segment Issue writes for the codec's algorithm.
	header string
	pool   sync.Pool // of *fastScratch
}

// fastScratch is one decode's reusable state: the keyed MAC and room for
// the decoded payload and signature.
type fastScratch struct {
	mac     hash.Hash
	input   []byte // the signing input, copied for the MAC
	payload [512]byte
	sig     [64]byte
	sum     [64]byte
}

// newFastDecoder returns the fast path for tokens signed with key under
// the algorithm alg (a golang-jwt HMAC method).
func newFastDecoder(alg string, newHash func() hash.Hash, key []byte) *fastDecoder {
	d := &fastDecoder{
		// golang-jwt marshals its header map, so the keys are sorted.
		header: base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"` + alg + `","typ":"JWT"}`)),
	}
	d.pool.New = func() any { return &fastScratch{mac: hmac.New(newHash, key)} }
	return d
}

// decodeFast returns the claims of token when it is a well-formed token
// this package could have minted for purpose and passes every check of
// Decode; otherwise ok is false and Decode takes the faithful path.
func (c *TokenCodec) decodeFast(token string, purpose Purpose) (TokenClaims, bool) {
	d := c.fast[purpose]
	if d == nil {
		return TokenClaims{}, false
	}
	headerSeg, rest, ok := strings.Cut(token, ".")
	if !ok || headerSeg != d.header {
		return TokenClaims{}, false
	}
	payloadSeg, sigSeg, ok := strings.Cut(rest, ".")
	if !ok || strings.IndexByte(sigSeg, '.') >= 0 {
		return TokenClaims{}, false
	}
	s := d.pool.Get().(*fastScratch)
	defer d.pool.Put(s)
	sig, ok := rawURLDecode(s.sig[:], sigSeg)
	if !ok {
		return TokenClaims{}, false
	}
	payload, ok := rawURLDecode(s.payload[:], payloadSeg)
	if !ok {
		return TokenClaims{}, false
	}
	s.input = append(s.input[:0], token[:len(headerSeg)+1+len(payloadSeg)]...)
	s.mac.Reset()
	s.mac.Write(s.input)
	if !hmac.Equal(s.mac.Sum(s.sum[:0]), sig) {
		return TokenClaims{}, false
	}
	w, ok := parseFastPayload(payload)
	if !ok {
		return TokenClaims{}, false
	}
	return c.checkFastClaims(w, purpose)
}

// rawURLDecode decodes unpadded base64url text into dst, and refuses
// anything else (padding, other characters, a length no encoder writes,
// more than dst holds). On the text it accepts, PyJWT's lenient decoder
// gives the same bytes. It reads four characters at a time through a
// table: a character at a time it was the costliest step of the token's
// check after the HMAC itself (docs/performance.md).
func rawURLDecode(dst []byte, s string) ([]byte, bool) {
	if len(s)%4 == 1 || base64.RawURLEncoding.DecodedLen(len(s)) > len(dst) {
		return nil, false
	}
	n := 0
	for len(s) >= 4 {
		a, b, c, d := rawURLValues[s[0]], rawURLValues[s[1]], rawURLValues[s[2]], rawURLValues[s[3]]
		if (a|b|c|d)&0xc0 != 0 {
			return nil, false
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		dst[n], dst[n+1], dst[n+2] = byte(v>>16), byte(v>>8), byte(v)
		n, s = n+3, s[4:]
	}
	var v uint32
	for i := 0; i < len(s); i++ {
		x := rawURLValues[s[i]]
		if x&0xc0 != 0 {
			return nil, false
		}
		v = v<<6 | uint32(x)
	}
	switch len(s) { // the 4 or 2 bits left over are not data
	case 2:
		dst[n] = byte(v >> 4)
		n++
	case 3:
		dst[n], dst[n+1] = byte(v>>10), byte(v>>2)
		n += 2
	}
	return dst[:n], true
}

// rawURLValues maps a byte to its base64url value, or 0xff for a byte
// that is not in the alphabet (padding, "+", "/", newlines included).
const rawURLValues = "" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x3e\xff\xff" +
	"\x34\x35\x36\x37\x38\x39\x3a\x3b\x3c\x3d\xff\xff\xff\xff\xff\xff" +
	"\xff\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e" +
	"\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\xff\xff\xff\xff\x3f" +
	"\xff\x1a\x1b\x1c\x1d\x1e\x1f\x20\x21\x22\x23\x24\x25\x26\x27\x28" +
	"\x29\x2a\x2b\x2c\x2d\x2e\x2f\x30\x31\x32\x33\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff" +
	"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"

// fastPayload is a payload read by parseFastPayload: each claim's raw text
// (a string's contents, a number's digits) and whether it was present. The
// texts point into the decoded payload, which is reused after the decode.
type fastPayload struct {
	sub, jti, purpose, newEmail, phone, aud, iat, exp []byte
	has                                               uint8
}

// Presence bits of fastPayload.has.
const (
	fastSub uint8 = 1 << iota
	fastJTI
	fastPurpose
	fastNewEmail
	fastPhone
	fastAud
	fastIAT
	fastExp
)

// parseFastPayload reads a payload of the shape Issue writes: one JSON
// object without whitespace whose keys are known claims, each once, with
// strings of printable ASCII without escapes for sub, jti, purpose,
// new_email, phone and aud, and unsigned decimal numbers for iat and exp.
// Anything else is refused (ok false), for the faithful path to read.
func parseFastPayload(b []byte) (fastPayload, bool) {
	var p fastPayload
	if len(b) < 2 || b[0] != '{' || b[len(b)-1] != '}' {
		return p, false
	}
	i := 1
	for {
		key, next, ok := fastString(b, i)
		if !ok || next >= len(b) || b[next] != ':' {
			return p, false
		}
		i = next + 1
		var bit uint8
		var dst *[]byte
		number := false
		switch string(key) { // compared without a copy
		case "sub":
			bit, dst = fastSub, &p.sub
		case "jti":
			bit, dst = fastJTI, &p.jti
		case "purpose":
			bit, dst = fastPurpose, &p.purpose
		case "new_email":
			bit, dst = fastNewEmail, &p.newEmail
		case "phone":
			bit, dst = fastPhone, &p.phone
		case "aud":
			bit, dst = fastAud, &p.aud
		case "iat":
			bit, dst, number = fastIAT, &p.iat, true
		case "exp":
			bit, dst, number = fastExp, &p.exp, true
		default:
			return p, false
		}
		if p.has&bit != 0 {
			return p, false // a repeated key: Python keeps the last
		}
		p.has |= bit
		if number {
			*dst, i, ok = fastNumber(b, i)
		} else {
			*dst, i, ok = fastString(b, i)
		}
		if !ok || i >= len(b) {
			return p, false
		}
		switch b[i] {
		case ',':
			i++
		case '}':
			return p, i == len(b)-1
		default:
			return p, false
		}
	}
}

// fastString reads a JSON string without escapes at b[i] and returns its
// contents and the index after the closing quote.
func fastString(b []byte, i int) ([]byte, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, i, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return b[i+1 : j], j + 1, true
		case c < 0x20 || c > 0x7e || c == '\\':
			return nil, j, false
		}
	}
	return nil, len(b), false
}

// fastNumber reads an unsigned JSON number without exponent at b[i]
// ("0", "1735689600", "1735689600.123456") and returns its text and the
// index after it.
func fastNumber(b []byte, i int) ([]byte, int, bool) {
	start := i
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	n := digits()
	if n == 0 || (n > 1 && b[start] == '0') {
		return nil, i, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return nil, i, false
		}
	}
	return b[start:i], i, true
}

// checkFastClaims runs checkClaims's checks on a fast-read payload. It
// only accepts; a token that fails any check is left to checkClaims for
// its reason.
func (c *TokenCodec) checkFastClaims(p fastPayload, purpose Purpose) (TokenClaims, bool) {
	required := fastSub | fastExp | fastIAT | fastJTI | fastPurpose
	switch purpose {
	case PurposeEmailChange:
		required |= fastNewEmail
	case PurposePhoneSetup:
		required |= fastPhone
	}
	if p.has&required != required || string(p.purpose) != string(purpose) {
		return TokenClaims{}, false
	}
	// checkAudience: a string "aud" is truthy when not empty.
	if c.audience == "" {
		if len(p.aud) != 0 {
			return TokenClaims{}, false
		}
	} else if string(p.aud) != c.audience {
		return TokenClaims{}, false
	}
	iatNum := pyJSONNumber(p.iat)
	iat, err := numericDate(iatNum).microseconds()
	if err != nil {
		return TokenClaims{}, false
	}
	exp, err := numericDate(p.exp).seconds()
	if err != nil {
		return TokenClaims{}, false
	}
	if c.checkNotYetValid(iatNum, nil) != "" || !c.clock.Now().Before(exp) {
		return TokenClaims{}, false
	}
	// The claims are copies: the payload buffer is reused.
	claims := TokenClaims{Subject: string(p.sub), ID: string(p.jti), IssuedAt: iat, ExpiresAt: exp, Purpose: purpose}
	switch purpose {
	case PurposeEmailChange:
		claims.NewEmail = string(p.newEmail)
	case PurposePhoneSetup:
		claims.Phone = string(p.phone)
	}
	return claims, true
}
