package auth

import (
	"encoding/binary"
	"errors"
	"net/http"
	"unicode/utf16"
	"unicode/utf8"
)

// errBodyParse is the reference's answer when the body of a JSON request
// cannot be turned into text, or nests deeper than its parser recurses:
// the framework (FastAPI) answers any failure of json.loads other than a
// JSON syntax error with this 400.
var errBodyParse = errDetail(http.StatusBadRequest, "There was an error parsing the body")

// errBodyEncoding reports body bytes that are not text in their encoding.
var errBodyEncoding = errors.New("request body is not valid text in its encoding")

// decodeJSONText turns a JSON body into text as Python's json.loads does
// with bytes: the encoding is detected from a byte-order mark or from the
// pattern of zero bytes at the start (UTF-32 or UTF-16, big or little
// endian, else UTF-8); a UTF-8 byte-order mark is dropped. Bytes that are
// not valid in that encoding fail with errBodyEncoding.
//
// Python decodes with "surrogatepass", so it also lets through encoded
// lone surrogates, which no valid text contains; those fail here
// (docs/compatibility.md).
func decodeJSONText(b []byte) ([]rune, error) {
	switch {
	case hasPrefix(b, 0xef, 0xbb, 0xbf):
		return decodeUTF8(b[3:])
	case hasPrefix(b, 0xff, 0xfe, 0, 0), hasPrefix(b, 0, 0, 0xfe, 0xff):
		return decodeUTF32(b)
	case hasPrefix(b, 0xff, 0xfe), hasPrefix(b, 0xfe, 0xff):
		return decodeUTF16(b)
	}
	if len(b) >= 4 {
		switch {
		case b[0] == 0 && b[1] != 0:
			return decodeUTF16BOMLess(b, binary.BigEndian)
		case b[0] == 0:
			return decodeUTF32BOMLess(b, binary.BigEndian)
		case b[1] == 0 && (b[2] != 0 || b[3] != 0):
			return decodeUTF16BOMLess(b, binary.LittleEndian)
		case b[1] == 0:
			return decodeUTF32BOMLess(b, binary.LittleEndian)
		}
	} else if len(b) == 2 {
		switch {
		case b[0] == 0:
			return decodeUTF16BOMLess(b, binary.BigEndian)
		case b[1] == 0:
			return decodeUTF16BOMLess(b, binary.LittleEndian)
		}
	}
	return decodeUTF8(b)
}

func hasPrefix(b []byte, prefix ...byte) bool {
	if len(b) < len(prefix) {
		return false
	}
	for i, p := range prefix {
		if b[i] != p {
			return false
		}
	}
	return true
}

func decodeUTF8(b []byte) ([]rune, error) {
	if !utf8.Valid(b) {
		return nil, errBodyEncoding
	}
	return []rune(string(b)), nil
}

// decodeUTF16 reads UTF-16 after its byte-order mark, which Python's
// "utf-16" codec consumes.
func decodeUTF16(b []byte) ([]rune, error) {
	if b[0] == 0xff {
		return decodeUTF16BOMLess(b[2:], binary.LittleEndian)
	}
	return decodeUTF16BOMLess(b[2:], binary.BigEndian)
}

func decodeUTF16BOMLess(b []byte, order binary.ByteOrder) ([]rune, error) {
	if len(b)%2 != 0 {
		return nil, errBodyEncoding
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = order.Uint16(b[2*i:])
	}
	out := make([]rune, 0, len(units))
	for i := 0; i < len(units); i++ {
		u := rune(units[i])
		switch {
		case utf16.IsSurrogate(u) && u < 0xdc00 && i+1 < len(units):
			r := utf16.DecodeRune(u, rune(units[i+1]))
			if r == utf8.RuneError {
				return nil, errBodyEncoding
			}
			out = append(out, r)
			i++
		case utf16.IsSurrogate(u):
			return nil, errBodyEncoding
		default:
			out = append(out, u)
		}
	}
	return out, nil
}

// decodeUTF32 reads UTF-32 after its byte-order mark.
func decodeUTF32(b []byte) ([]rune, error) {
	if b[0] == 0xff {
		return decodeUTF32BOMLess(b[4:], binary.LittleEndian)
	}
	return decodeUTF32BOMLess(b[4:], binary.BigEndian)
}

func decodeUTF32BOMLess(b []byte, order binary.ByteOrder) ([]rune, error) {
	if len(b)%4 != 0 {
		return nil, errBodyEncoding
	}
	out := make([]rune, len(b)/4)
	for i := range out {
		r := rune(order.Uint32(b[4*i:]))
		if !utf8.ValidRune(r) {
			return nil, errBodyEncoding
		}
		out[i] = r
	}
	return out, nil
}
