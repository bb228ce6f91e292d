package auth

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"unicode/utf8"
)

// fieldError is one request-validation failure in the shape the Python
// library (pydantic v2) answers, so front ends can show it per field.
type fieldError struct {
	Type  string         `json:"type"`
	Loc   []any          `json:"loc"`
	Msg   string         `json:"msg"`
	Input any            `json:"input"`
	Ctx   map[string]any `json:"ctx,omitempty"`
}

// validationErrors is a 422 answer: every problem found in the request.
type validationErrors []fieldError

func (v validationErrors) Error() string {
	if len(v) == 0 {
		return "invalid request"
	}
	return fmt.Sprintf("invalid request: %v: %s", v[0].Loc, v[0].Msg)
}

type validationBody struct {
	Detail validationErrors `json:"detail"`
}

// errBodyTooLarge is answered with 413.
var errBodyTooLarge = errDetail(http.StatusRequestEntityTooLarge, "Request body is too large.")

// msgNotObject is pydantic's message for a body that is not an object.
const msgNotObject = "Input should be a valid dictionary or object to extract fields from"

// field binds one key of a JSON request object to a Go value. decode parses
// and validates raw and stores the result; it returns nil or the failure.
type field struct {
	name     string
	required bool
	decode   func(raw json.RawMessage) *fieldError
}

// decodeBody reads r's JSON object body (at most limit bytes) into fields.
// Unknown keys, missing required keys, wrong types and rule violations are
// all reported together, in field order then unknown keys, like the
// reference. An empty body counts as missing.
func decodeBody(r *http.Request, limit int64, fields ...field) error {
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return errDetail(http.StatusBadRequest, "Could not read the request body.")
	}
	if int64(len(data)) > limit {
		return errBodyTooLarge
	}
	if len(data) == 0 {
		return validationErrors{{Type: "missing", Loc: []any{"body"}, Msg: "Field required", Input: nil}}
	}
	if !isJSONMediaType(r.Header.Get("Content-Type")) {
		if len(bytes.TrimSpace(data)) == 0 {
			return validationErrors{{Type: "missing", Loc: []any{"body"}, Msg: "Field required", Input: nil}}
		}
		// The reference hands a body of any other type to the model as raw
		// text, which is not an object. Its input is the raw text, unless
		// the request model has a secret field, whose value it may hold.
		input := any(string(data))
		if slices.ContainsFunc(fields, func(f field) bool { return isSecretField(f.name) }) {
			input = secretMask
		}
		return validationErrors{{Type: "model_attributes_type", Loc: []any{"body"}, Msg: msgNotObject, Input: input}}
	}
	text, err := decodeJSONText(data)
	if err != nil {
		return errBodyParse
	}
	if syntaxErr, tooDeep := scanPythonJSON(text); tooDeep {
		return errBodyParse
	} else if syntaxErr != nil {
		return validationErrors{{
			Type: "json_invalid", Loc: []any{"body", syntaxErr.pos}, Msg: "JSON decode error",
			Input: map[string]any{}, Ctx: map[string]any{"error": syntaxErr.msg},
		}}
	}
	// The text is valid JSON now, in UTF-8 whatever encoding it came in.
	data = []byte(string(text))
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		// Valid JSON that is not an object. Its echo is null when Go
		// cannot hold it (a number beyond float64).
		return validationErrors{{Type: "model_attributes_type", Loc: []any{"body"}, Msg: msgNotObject, Input: rawInput(data)}}
	}
	if raw == nil { // the body was the JSON literal null
		return validationErrors{{Type: "missing", Loc: []any{"body"}, Msg: "Field required", Input: nil}}
	}
	var errs validationErrors
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		known[f.name] = true
		v, present := raw[f.name]
		if !present {
			if f.required {
				errs = append(errs, fieldError{Type: "missing", Loc: []any{"body", f.name}, Msg: "Field required", Input: rawObject(raw)})
			}
			continue
		}
		if fe := f.decode(v); fe != nil {
			fe.Loc = []any{"body", f.name}
			errs = append(errs, *fe)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(raw)) {
		if !known[k] {
			errs = append(errs, fieldError{Type: "extra_forbidden", Loc: []any{"body", k}, Msg: "Extra inputs are not permitted", Input: rawInput(raw[k])})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// rawObject decodes a whole request object, for error reports.
func rawObject(raw map[string]json.RawMessage) map[string]any {
	out := make(map[string]any, len(raw))
	for k, v := range raw {
		out[k] = rawInput(v)
	}
	return out
}

// rawInput returns the decoded JSON value of raw, for error reports.
func rawInput(raw json.RawMessage) any {
	var v any
	_ = json.Unmarshal(raw, &v)
	return v
}

// decodeString parses a JSON string; null and other types are rejected.
func decodeString(raw json.RawMessage) (string, *fieldError) {
	var s string
	if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) || json.Unmarshal(raw, &s) != nil {
		return "", &fieldError{Type: "string_type", Msg: "Input should be a valid string", Input: rawInput(raw)}
	}
	return s, nil
}

// lengthRule checks a string's length in Unicode code points (pydantic
// counts characters, not bytes).
func lengthRule(s string, minLen, maxLen int) *fieldError {
	n := utf8.RuneCountInString(s)
	switch {
	case minLen > 0 && n < minLen:
		return &fieldError{
			Type: "string_too_short", Input: s, Ctx: map[string]any{"min_length": minLen},
			Msg: fmt.Sprintf("String should have at least %d character%s", minLen, plural(minLen)),
		}
	case maxLen > 0 && n > maxLen:
		return &fieldError{
			Type: "string_too_long", Input: s, Ctx: map[string]any{"max_length": maxLen},
			Msg: fmt.Sprintf("String should have at most %d character%s", maxLen, plural(maxLen)),
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// stringField is a required or optional string with a length range
// (0 = unbounded).
func stringField(name string, dst *string, required bool, minLen, maxLen int) field {
	return field{name: name, required: required, decode: func(raw json.RawMessage) *fieldError {
		s, fe := decodeString(raw)
		if fe != nil {
			return fe
		}
		if fe := lengthRule(s, minLen, maxLen); fe != nil {
			return fe
		}
		if !isPasswordField(name) {
			if fe := controlCharRule(s); fe != nil {
				return fe
			}
		}
		*dst = s
		return nil
	}}
}

// passwordField is a password in the reference's PasswordStr sense:
// 8–128 characters.
func passwordField(name string, dst *string) field {
	return stringField(name, dst, true, 8, 128)
}

// nullableStringField is an optional string that may be null; *set records
// whether the key was present at all.
func nullableStringField(name string, dst **string, set *bool, maxLen int) field {
	return field{name: name, decode: func(raw json.RawMessage) *fieldError {
		*set = true
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			*dst = nil
			return nil
		}
		s, fe := decodeString(raw)
		if fe != nil {
			return fe
		}
		if fe := lengthRule(s, 0, maxLen); fe != nil {
			return fe
		}
		if fe := controlCharRule(s); fe != nil {
			return fe
		}
		*dst = &s
		return nil
	}}
}

// emailField is a required email address, normalised as the reference does.
func emailField(name string, dst *string) field {
	return field{name: name, required: true, decode: func(raw json.RawMessage) *fieldError {
		s, fe := decodeString(raw)
		if fe != nil {
			return fe
		}
		norm, err := normalizeEmail(s)
		if err != nil {
			return &fieldError{
				Type: "value_error", Input: s, Ctx: map[string]any{"reason": err.Error()},
				Msg: "value is not a valid email address: " + err.Error(),
			}
		}
		*dst = norm
		return nil
	}}
}

// boolField is an optional boolean that may be null (skipped), read with
// pydantic's lax rules (validation_lax.go).
func boolField(name string, dst **bool) field {
	return field{name: name, decode: func(raw json.RawMessage) *fieldError {
		if bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
			return nil
		}
		b, fe := laxBool(raw)
		if fe != nil {
			return fe
		}
		*dst = &b
		return nil
	}}
}
