package auth

// The reference reads a JSON body with Python's json module, and its 422
// json_invalid answer carries that module's message (ctx.error) and
// position (the second loc item). Go's decoder words its errors
// differently and counts bytes, so the body is first checked by
// scanPythonJSON, a syntax checker that follows the module's scanner
// step by step and reports the first error where, and as, it would.
// Positions are indices into the decoded text in code points, as Python's
// str indices are.

// maxJSONDepth is how deeply arrays and objects may nest. Python's scanner
// recurses once per level and fails with RecursionError past the
// interpreter's limit (1000 frames, some of them already used by the
// server), which the reference answers with 400; see errBodyParse.
const maxJSONDepth = 900

// jsonSyntaxError is a JSON syntax error as Python's json module reports it:
// its message without the line and column suffix, and the offset in code
// points.
type jsonSyntaxError struct {
	msg string
	pos int
}

// pyScanner walks text the way CPython's _json scanner does.
type pyScanner struct {
	s     []rune
	depth int
	// tooDeep records that nesting passed maxJSONDepth.
	tooDeep bool
}

// scanPythonJSON checks text as json.loads does after decoding the bytes.
// It returns nil for a document Python would accept, except that the
// non-standard constants NaN, Infinity and -Infinity are refused with
// "Expecting value" (see docs/compatibility.md). tooDeep is true when the
// reference would fail with RecursionError instead.
func scanPythonJSON(text []rune) (e *jsonSyntaxError, tooDeep bool) {
	sc := &pyScanner{s: text}
	idx := sc.skipSpace(0)
	end, err := sc.value(idx)
	if sc.tooDeep {
		return nil, true
	}
	if err != nil {
		return err, false
	}
	end = sc.skipSpace(end)
	if end != len(text) {
		return &jsonSyntaxError{msg: "Extra data", pos: end}, false
	}
	return nil, false
}

func isJSONSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func (sc *pyScanner) skipSpace(i int) int {
	for i < len(sc.s) && isJSONSpace(sc.s[i]) {
		i++
	}
	return i
}

// expectingValue is the error the module raises wherever no value starts.
func expectingValue(i int) *jsonSyntaxError { return &jsonSyntaxError{msg: "Expecting value", pos: i} }

// hasWord reports whether word starts at i.
func (sc *pyScanner) hasWord(i int, word string) bool {
	w := []rune(word)
	if i+len(w) > len(sc.s) {
		return false
	}
	for k, r := range w {
		if sc.s[i+k] != r {
			return false
		}
	}
	return true
}

// value scans one JSON value starting exactly at i and returns the index
// after it.
func (sc *pyScanner) value(i int) (int, *jsonSyntaxError) {
	if i >= len(sc.s) {
		return 0, expectingValue(i)
	}
	switch sc.s[i] {
	case '"':
		return sc.str(i + 1)
	case '{', '[':
		if sc.depth >= maxJSONDepth {
			sc.tooDeep = true
			return 0, expectingValue(i)
		}
		sc.depth++
		defer func() { sc.depth-- }()
		if sc.s[i] == '{' {
			return sc.object(i + 1)
		}
		return sc.array(i + 1)
	case 'n':
		if sc.hasWord(i, "null") {
			return i + 4, nil
		}
	case 't':
		if sc.hasWord(i, "true") {
			return i + 4, nil
		}
	case 'f':
		if sc.hasWord(i, "false") {
			return i + 5, nil
		}
	}
	return sc.number(i)
}

// number matches -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)? as the
// module does: a fraction or exponent that does not complete is left for
// the caller, which then reports the character after the number.
func (sc *pyScanner) number(start int) (int, *jsonSyntaxError) {
	s, i := sc.s, start
	if s[i] == '-' {
		i++
		if i >= len(s) {
			return 0, expectingValue(start)
		}
	}
	switch {
	case s[i] >= '1' && s[i] <= '9':
		i++
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
	case s[i] == '0':
		i++
	default:
		return 0, expectingValue(start)
	}
	if i+1 < len(s) && s[i] == '.' && isASCIIDigit(s[i+1]) {
		i += 2
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
	}
	if i+1 < len(s) && (s[i] == 'e' || s[i] == 'E') {
		eStart := i
		i++
		if i+1 < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		for i < len(s) && isASCIIDigit(s[i]) {
			i++
		}
		if !isASCIIDigit(s[i-1]) {
			i = eStart
		}
	}
	return i, nil
}

// str scans a string whose opening quote is at begin-1.
func (sc *pyScanner) str(begin int) (int, *jsonSyntaxError) {
	s := sc.s
	unterminated := &jsonSyntaxError{msg: "Unterminated string starting at", pos: begin - 1}
	i := begin
	for {
		for i < len(s) && s[i] != '"' && s[i] != '\\' {
			if s[i] <= 0x1f {
				return 0, &jsonSyntaxError{msg: "Invalid control character at", pos: i}
			}
			i++
		}
		if i >= len(s) {
			return 0, unterminated
		}
		if s[i] == '"' {
			return i + 1, nil
		}
		i++ // the backslash
		if i >= len(s) {
			return 0, unterminated
		}
		if s[i] != 'u' {
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
				continue
			}
			return 0, &jsonSyntaxError{msg: "Invalid \\escape", pos: i - 1}
		}
		next, err := sc.unicodeEscape(i + 1)
		if err != nil {
			return 0, err
		}
		i = next
	}
}

// unicodeEscape scans the four hex digits of a \u escape starting at i,
// and a second \uXXXX after a high surrogate as the module does; it
// returns the index after the escape.
func (sc *pyScanner) unicodeEscape(i int) (int, *jsonSyntaxError) {
	s := sc.s
	end := i + 4
	if end >= len(s) {
		return 0, &jsonSyntaxError{msg: "Invalid \\uXXXX escape", pos: i - 1}
	}
	c, ok := hex4(s[i:end])
	if !ok {
		return 0, &jsonSyntaxError{msg: "Invalid \\uXXXX escape", pos: end - 5}
	}
	if c >= 0xd800 && c <= 0xdbff && end+6 < len(s) && s[end] == '\\' && s[end+1] == 'u' {
		if _, ok := hex4(s[end+2 : end+6]); !ok {
			return 0, &jsonSyntaxError{msg: "Invalid \\uXXXX escape", pos: end + 1}
		}
		// A second escape that is not a low surrogate is read again as
		// its own escape; either way it is valid.
	}
	return end, nil
}

func hex4(rs []rune) (int, bool) {
	n := 0
	for _, r := range rs {
		n <<= 4
		switch {
		case r >= '0' && r <= '9':
			n |= int(r - '0')
		case r >= 'a' && r <= 'f':
			n |= int(r-'a') + 10
		case r >= 'A' && r <= 'F':
			n |= int(r-'A') + 10
		default:
			return 0, false
		}
	}
	return n, true
}

// object scans the members of an object whose '{' is at i-1.
func (sc *pyScanner) object(i int) (int, *jsonSyntaxError) {
	s := sc.s
	i = sc.skipSpace(i)
	if i < len(s) && s[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return 0, &jsonSyntaxError{msg: "Expecting property name enclosed in double quotes", pos: i}
		}
		next, err := sc.str(i + 1)
		if err != nil {
			return 0, err
		}
		i = sc.skipSpace(next)
		if i >= len(s) || s[i] != ':' {
			return 0, &jsonSyntaxError{msg: "Expecting ':' delimiter", pos: i}
		}
		i = sc.skipSpace(i + 1)
		if i, err = sc.value(i); err != nil {
			return 0, err
		}
		i = sc.skipSpace(i)
		if i < len(s) && s[i] == '}' {
			return i + 1, nil
		}
		if i >= len(s) || s[i] != ',' {
			return 0, &jsonSyntaxError{msg: "Expecting ',' delimiter", pos: i}
		}
		i = sc.skipSpace(i + 1)
	}
}

// array scans the elements of an array whose '[' is at i-1.
func (sc *pyScanner) array(i int) (int, *jsonSyntaxError) {
	s := sc.s
	i = sc.skipSpace(i)
	if i < len(s) && s[i] == ']' {
		return i + 1, nil
	}
	for {
		next, err := sc.value(i)
		if err != nil {
			return 0, err
		}
		i = sc.skipSpace(next)
		if i < len(s) && s[i] == ']' {
			return i + 1, nil
		}
		if i >= len(s) || s[i] != ',' {
			return 0, &jsonSyntaxError{msg: "Expecting ',' delimiter", pos: i}
		}
		i = sc.skipSpace(i + 1)
	}
}
