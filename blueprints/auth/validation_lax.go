package auth

import (
	"bytes"
	"encoding/json"
	"strings"
)

// The reference's request models validate in pydantic's default lax mode,
// so a field accepts some values of other JSON types and converts them.
// The rules here follow pydantic-core's lax table for JSON input:
//
//   - bool: true/false; the strings "0", "f", "n", "no", "off", "false",
//     "1", "t", "y", "yes", "on", "true" (ASCII case ignored, no trimming);
//     the integers 0 and 1 and the floats 0.0 and 1.0. Any other string or
//     number is bool_parsing; any other type (array, object) is bool_type.
//   - str: strings only. Numbers and booleans are not turned into strings
//     (pydantic's coerce_numbers_to_str is off), so they are string_type.
//   - int: (no request body has one; query integers are strings, see
//     checkIntQuery.)
//
// null never reaches these rules: every optional field treats it itself.

// msgBoolParsing is pydantic's message for a string or number that is not
// one of the boolean spellings above.
const msgBoolParsing = "Input should be a valid boolean, unable to interpret input"

// laxBool converts raw (a JSON value other than null) to a bool as
// pydantic's lax mode does.
func laxBool(raw json.RawMessage) (bool, *fieldError) {
	raw = bytes.TrimSpace(raw)
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return false, &fieldError{Type: "bool_type", Msg: "Input should be a valid boolean", Input: rawInput(raw)}
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(x) {
		case "0", "f", "n", "no", "off", "false":
			return false, nil
		case "1", "t", "y", "yes", "on", "true":
			return true, nil
		}
		// strings.ToLower would also fold non-ASCII letters, which
		// pydantic's ASCII-only comparison does not; none of them maps to
		// an accepted spelling, so the result is the same.
		return false, &fieldError{Type: "bool_parsing", Msg: msgBoolParsing, Input: x}
	case json.Number:
		return laxBoolNumber(x)
	}
	return false, &fieldError{Type: "bool_type", Msg: "Input should be a valid boolean", Input: rawInput(raw)}
}

// laxBoolNumber converts a JSON number: pydantic reads an integer literal
// as an int (0 and 1 pass) and one with a fraction or exponent as a float
// (0.0 and 1.0 pass, whatever their spelling: 1e0, 10e-1, -0.0).
func laxBoolNumber(n json.Number) (bool, *fieldError) {
	s := n.String()
	// The literal is echoed as sent, as Python's repr of the parsed number
	// would print it for the usual spellings (2, 2.5, 0.5).
	fail := &fieldError{Type: "bool_parsing", Msg: msgBoolParsing, Input: n}
	if !strings.ContainsAny(s, ".eE") {
		switch s {
		case "0", "-0":
			return false, nil
		case "1":
			return true, nil
		}
		return false, fail
	}
	f, err := n.Float64()
	switch {
	case err != nil:
		return false, fail
	case f == 0:
		return false, nil
	case f == 1:
		return true, nil
	}
	return false, fail
}
