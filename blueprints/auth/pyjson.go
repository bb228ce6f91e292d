package auth

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// pyJSONNumber is a JSON number kept as its text, as a token's NumericDate
// claims need it (see numericDate).
type pyJSONNumber string

// pyJSONLoads parses b as Python's json.loads does for bytes and returns the
// value (map[string]any, []any, string, pyJSONNumber, bool or nil) or the
// message of the ValueError Python raises, so token errors can quote it as
// PyJWT does ("Invalid header string: <message>"). It accepts what Python
// accepts (NaN, Infinity, duplicate keys: the last wins) and reports the
// first fault at Python's offset, counted in characters.
func pyJSONLoads(b []byte) (any, string) {
	doc, msg := pyJSONText(b)
	if msg != "" {
		return nil, msg
	}
	p := &pyJSONParser{s: doc}
	i := p.ws(0)
	v, end, err := p.value(i, 0)
	if err != nil {
		return nil, p.message(err)
	}
	if end = p.ws(end); end != len(doc) {
		return nil, p.message(&pyJSONError{"Extra data", end})
	}
	return v, ""
}

// pyJSONText decodes b as json.loads does: the encoding is guessed from a
// byte-order mark or the pattern of zero bytes, and invalid UTF-8 is the
// codec's UnicodeDecodeError.
func pyJSONText(b []byte) ([]rune, string) {
	switch {
	case len(b) >= 4 && (string(b[:4]) == "\x00\x00\xfe\xff" || string(b[:4]) == "\xff\xfe\x00\x00"),
		len(b) >= 2 && (string(b[:2]) == "\xfe\xff" || string(b[:2]) == "\xff\xfe"),
		len(b) >= 4 && (b[0] == 0 || b[1] == 0),
		len(b) == 2 && (b[0] == 0 || b[1] == 0):
		// UTF-16 and UTF-32 JSON never comes from a token this package
		// minted; read it as UTF-16 without Python's exact codec errors.
		return utf16Runes(b), ""
	}
	b = []byte(strings.TrimPrefix(string(b), "\xef\xbb\xbf"))
	out := make([]rune, 0, len(b))
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 && isEncodedSurrogate(b[i:]) {
			// json.loads decodes with "surrogatepass": an encoded
			// surrogate is a character (a lone one in the value).
			r, n = rune(b[i]&0x0f)<<12|rune(b[i+1]&0x3f)<<6|rune(b[i+2]&0x3f), 3
		} else if r == utf8.RuneError && n <= 1 {
			return nil, utf8ErrorText(b, i)
		}
		out = append(out, r)
		i += n
	}
	return out, ""
}

// isEncodedSurrogate reports whether b starts with the three-byte UTF-8
// form of U+D800…U+DFFF.
func isEncodedSurrogate(b []byte) bool {
	return len(b) >= 3 && b[0] == 0xed && b[1] >= 0xa0 && b[1] <= 0xbf && b[2] >= 0x80 && b[2] <= 0xbf
}

// utf8ErrorText is the message of Python's UTF-8 decoder for the bad
// sequence at b[i].
func utf8ErrorText(b []byte, i int) string {
	c := b[i]
	want := 0
	switch {
	case c >= 0xc2 && c <= 0xdf:
		want = 2
	case c >= 0xe0 && c <= 0xef:
		want = 3
	case c >= 0xf0 && c <= 0xf4:
		want = 4
	}
	if want == 0 {
		return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", c, i)
	}
	// Count the continuation bytes that are valid so far.
	n := 1
	for ; n < want && i+n < len(b); n++ {
		lo, hi := byte(0x80), byte(0xbf)
		if n == 1 {
			switch c {
			case 0xe0:
				lo = 0xa0
			case 0xf0:
				lo = 0x90
			case 0xed:
				hi = 0x9f
			case 0xf4:
				hi = 0x8f
			}
		}
		if b[i+n] < lo || b[i+n] > hi {
			break
		}
	}
	if i+n >= len(b) && n < want {
		if n == 1 {
			return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: unexpected end of data", c, i)
		}
		return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: unexpected end of data", i, i+n-1)
	}
	if n == 1 {
		return fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid continuation byte", c, i)
	}
	return fmt.Sprintf("'utf-8' codec can't decode bytes in position %d-%d: invalid continuation byte", i, i+n-1)
}

// utf16Runes decodes UTF-16 (big-endian unless a mark or the zero-byte
// pattern says little-endian), leniently.
func utf16Runes(b []byte) []rune {
	le := len(b) >= 2 && (b[1] == 0 || string(b[:2]) == "\xff\xfe")
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		if le {
			u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
		} else {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
	}
	if len(u) > 0 && u[0] == 0xfeff {
		u = u[1:]
	}
	return utf16.Decode(u)
}

// pyJSONError is one of the json module's messages and its offset.
type pyJSONError struct {
	msg string
	pos int
}

func (e *pyJSONError) Error() string { return e.msg }

// pyJSONMaxDepth bounds nesting; Python raises RecursionError (a server
// fault there) far deeper than any token needs.
const pyJSONMaxDepth = 512

type pyJSONParser struct{ s []rune }

// message formats err as JSONDecodeError does: "msg: line L column C (char N)".
func (p *pyJSONParser) message(err *pyJSONError) string {
	line, lastNL := 1, -1
	for i := 0; i < err.pos && i < len(p.s); i++ {
		if p.s[i] == '\n' {
			line++
			lastNL = i
		}
	}
	return fmt.Sprintf("%s: line %d column %d (char %d)", err.msg, line, err.pos-lastNL, err.pos)
}

func (p *pyJSONParser) ws(i int) int {
	for i < len(p.s) && (p.s[i] == ' ' || p.s[i] == '\t' || p.s[i] == '\n' || p.s[i] == '\r') {
		i++
	}
	return i
}

func (p *pyJSONParser) has(i int, lit string) bool {
	return i+len(lit) <= len(p.s) && string(p.s[i:i+len(lit)]) == lit
}

// value is scan_once: the value at i, and the offset after it.
func (p *pyJSONParser) value(i, depth int) (any, int, *pyJSONError) {
	expect := &pyJSONError{"Expecting value", i}
	if i >= len(p.s) || depth > pyJSONMaxDepth {
		return nil, i, expect
	}
	switch c := p.s[i]; {
	case c == '"':
		return p.str(i + 1)
	case c == '{':
		return p.object(i+1, depth+1)
	case c == '[':
		return p.array(i+1, depth+1)
	case p.has(i, "null"):
		return nil, i + 4, nil
	case p.has(i, "true"):
		return true, i + 4, nil
	case p.has(i, "false"):
		return false, i + 5, nil
	case p.has(i, "NaN"):
		return pyJSONNumber("NaN"), i + 3, nil
	case p.has(i, "Infinity"):
		return pyJSONNumber("Infinity"), i + 8, nil
	case p.has(i, "-Infinity"):
		return pyJSONNumber("-Infinity"), i + 9, nil
	}
	if end := p.number(i); end > i {
		return pyJSONNumber(string(p.s[i:end])), end, nil
	}
	return nil, i, expect
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? at i and returns its
// end, or i.
func (p *pyJSONParser) number(i int) int {
	digits := func(j int) int {
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		return j
	}
	j := i
	if j < len(p.s) && p.s[j] == '-' {
		j++
	}
	switch {
	case j < len(p.s) && p.s[j] == '0':
		j++
	case j < len(p.s) && p.s[j] >= '1' && p.s[j] <= '9':
		j = digits(j)
	default:
		return i
	}
	if j+1 < len(p.s) && p.s[j] == '.' && p.s[j+1] >= '0' && p.s[j+1] <= '9' {
		j = digits(j + 1)
	}
	if j < len(p.s) && (p.s[j] == 'e' || p.s[j] == 'E') {
		k := j + 1
		if k < len(p.s) && (p.s[k] == '+' || p.s[k] == '-') {
			k++
		}
		if e := digits(k); e > k {
			j = e
		}
	}
	return j
}

var pyJSONEscapes = map[rune]rune{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// str is scanstring in strict mode; i is just after the opening quote.
func (p *pyJSONParser) str(i int) (any, int, *pyJSONError) {
	begin := i - 1
	var sb strings.Builder
	for {
		if i >= len(p.s) {
			return nil, i, &pyJSONError{"Unterminated string starting at", begin}
		}
		c := p.s[i]
		switch {
		case c == '"':
			return sb.String(), i + 1, nil
		case c < 0x20:
			return nil, i, &pyJSONError{"Invalid control character at", i}
		case c != '\\':
			sb.WriteRune(c)
			i++
			continue
		}
		if i+1 >= len(p.s) {
			return nil, i, &pyJSONError{"Unterminated string starting at", begin}
		}
		esc := p.s[i+1]
		if esc != 'u' {
			r, ok := pyJSONEscapes[esc]
			if !ok {
				return nil, i, &pyJSONError{"Invalid \\escape", i}
			}
			sb.WriteRune(r)
			i += 2
			continue
		}
		r, ok := p.hex4(i + 2)
		if !ok {
			return nil, i, &pyJSONError{"Invalid \\uXXXX escape", i + 1}
		}
		i += 6
		if utf16.IsSurrogate(r) && r < 0xdc00 && p.has(i, "\\u") {
			if lo, ok := p.hex4(i + 2); ok && lo >= 0xdc00 && lo <= 0xdfff {
				r = utf16.DecodeRune(r, lo)
				i += 6
			}
		}
		sb.WriteRune(r)
	}
}

func (p *pyJSONParser) hex4(i int) (rune, bool) {
	if i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range p.s[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | (c - '0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | (c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | (c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

// object is JSONObject; i is just after '{'.
func (p *pyJSONParser) object(i, depth int) (any, int, *pyJSONError) {
	obj := map[string]any{}
	i = p.ws(i)
	if i < len(p.s) && p.s[i] == '}' {
		return obj, i + 1, nil
	}
	for {
		if i >= len(p.s) || p.s[i] != '"' {
			return nil, i, &pyJSONError{"Expecting property name enclosed in double quotes", i}
		}
		k, end, err := p.str(i + 1)
		if err != nil {
			return nil, end, err
		}
		i = p.ws(end)
		if i >= len(p.s) || p.s[i] != ':' {
			return nil, i, &pyJSONError{"Expecting ':' delimiter", i}
		}
		v, end, err := p.value(p.ws(i+1), depth)
		if err != nil {
			return nil, end, err
		}
		obj[k.(string)] = v
		i = p.ws(end)
		if i < len(p.s) && p.s[i] == '}' {
			return obj, i + 1, nil
		}
		if i >= len(p.s) || p.s[i] != ',' {
			return nil, i, &pyJSONError{"Expecting ',' delimiter", i}
		}
		i = p.ws(i + 1)
	}
}

// array is JSONArray; i is just after '['.
func (p *pyJSONParser) array(i, depth int) (any, int, *pyJSONError) {
	arr := []any{}
	i = p.ws(i)
	if i < len(p.s) && p.s[i] == ']' {
		return arr, i + 1, nil
	}
	for {
		v, end, err := p.value(i, depth)
		if err != nil {
			return nil, end, err
		}
		arr = append(arr, v)
		i = p.ws(end)
		if i < len(p.s) && p.s[i] == ']' {
			return arr, i + 1, nil
		}
		if i >= len(p.s) || p.s[i] != ',' {
			return nil, i, &pyJSONError{"Expecting ',' delimiter", i}
		}
		i = p.ws(i + 1)
	}
}
