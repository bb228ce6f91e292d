package auth

import "errors"

// errPyBase64 stands for binascii.Error: PyJWT reports it as "Invalid
// header padding", "Invalid payload padding" or "Invalid crypto padding".
var errPyBase64 = errors.New("binascii.Error")

// pyB64Alphabet maps a base64 character to its value; -1 marks characters
// Python's lenient decoder skips.
var pyB64Alphabet = func() [256]int8 {
	var t [256]int8
	for i := range t {
		t[i] = -1
	}
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = int8(i)
	}
	return t
}()

// pyBase64URLDecode decodes a token segment as PyJWT's base64url_decode
// does: it pads the segment with "=" to a multiple of four, maps "-" and
// "_" to "+" and "/" (so both alphabets decode) and runs Python's lenient
// base64 decoder, which skips characters outside the alphabet and stops at
// the padding that completes a quantum. A segment PyJWT accepts decodes to
// the same bytes here; one it refuses gives errPyBase64.
func pyBase64URLDecode(seg string) ([]byte, error) {
	if rem := len(seg) % 4; rem > 0 {
		seg += "===="[rem:]
	}
	out := make([]byte, 0, len(seg)*3/4)
	quad, pads := 0, 0
	var left byte
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch c {
		case '=':
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, nil
				}
			}
			continue
		case '-':
			c = '+'
		case '_':
			c = '/'
		}
		v := pyB64Alphabet[c]
		if v < 0 {
			continue
		}
		pads = 0
		b := byte(v)
		switch quad {
		case 0:
			left = b
		case 1:
			out = append(out, left<<2|b>>4)
			left = b & 0x0f
		case 2:
			out = append(out, left<<4|b>>2)
			left = b & 0x03
		case 3:
			out = append(out, left<<6|b)
		}
		quad = (quad + 1) % 4
	}
	if quad != 0 {
		return nil, errPyBase64
	}
	return out, nil
}
