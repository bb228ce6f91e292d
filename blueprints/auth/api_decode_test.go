package auth

import (
	"net/http"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

// TestJSONDecodeErrors checks the 422 json_invalid item against what
// Python's json module reports for the same body: its message in
// ctx.error and its offset, in characters, as the second loc item.
func TestJSONDecodeErrors(t *testing.T) {
	e := newTestEnv(t)
	obj := `{"email": "alice@example.com", "password": "long enough!!!!"}`
	tests := []struct {
		body string
		msg  string
		pos  int
	}{
		{`{"email":`, "Expecting value", 9},
		{`{'email': 'a@example.com'}`, "Expecting property name enclosed in double quotes", 1},
		{obj + ` xyz`, "Extra data", len(obj) + 1},
		{obj + obj, "Extra data", len(obj)},
		{`   `, "Expecting value", 3},
		{"\n", "Expecting value", 1},
		{`{"email" "a"}`, "Expecting ':' delimiter", 9},
		{`{"email": "a" "password": "b"}`, "Expecting ',' delimiter", 14},
		{`{"email": "a",}`, "Expecting property name enclosed in double quotes", 14},
		{`{"email": "abc`, "Unterminated string starting at", 10},
		{"{\"email\": \"a\tb\"}", "Invalid control character at", 12},
		{`{"email": "a\qb"}`, "Invalid \\escape", 12},
		{`{"email": "a\u12G4"}`, "Invalid \\uXXXX escape", 13},
		{`{"email": "a\u12"}`, "Invalid \\uXXXX escape", 13},
		{`{"full_name": "Zoë 日本 😀" x}`, "Expecting ',' delimiter", 25},
		{`{"email": NaN}`, "Expecting value", 10},
		{`{"email": tru}`, "Expecting value", 10},
		{"\ufeff\ufeff{}", "Expecting value", 0},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			r := e.do("POST", "/register", tt.body, "").want(t, http.StatusUnprocessableEntity, "")
			want := []map[string]any{{
				"type": "json_invalid", "loc": []any{"body", float64(tt.pos)}, "msg": "JSON decode error",
				"input": map[string]any{}, "ctx": map[string]any{"error": tt.msg},
			}}
			if d := cmp.Diff(want, decodeErrorItems(t, r)); d != "" {
				t.Errorf("detail (-want +got):\n%s", d)
			}
		})
	}
	// Nesting deeper than Python's recursion limit: RecursionError, which
	// the reference answers with 400.
	deep := `{"email": ` + strings.Repeat("[", maxJSONDepth+5) + strings.Repeat("]", maxJSONDepth+5) + `}`
	e.do("POST", "/register", deep, "").want(t, http.StatusBadRequest, "There was an error parsing the body")
}

// TestBodyEncodings checks the bytes-to-text step: bodies that are not
// text in their encoding are 400 as in the reference, and the encodings
// json.loads detects (UTF-8 with a byte-order mark, UTF-16, UTF-32) are
// read like UTF-8.
func TestBodyEncodings(t *testing.T) {
	e := newTestEnv(t)
	for _, body := range []string{
		`{"email": "a@example.com", "password": "long enough", "full_name": "` + "\xff" + `"}`,
		"\xc3\x28",
		`{"email": "a@example.com"}` + "\x80",
		"\xed\xa0\x80",      // an encoded surrogate
		"\xc0\xaf",          // an overlong encoding
		"\xff\xfe{\x00\x00", // UTF-16 of odd length
	} {
		t.Run(strings.ToValidUTF8(body, "?"), func(t *testing.T) {
			e.do("POST", "/register", body, "").want(t, http.StatusBadRequest, "There was an error parsing the body")
		})
	}

	doc := func(local string) string {
		return `{"email": "` + local + `@example.com", "password": "long enough", "full_name": "Zoë 😀"}`
	}
	utf16le := func(s string, bom bool) string {
		var b []byte
		if bom {
			b = append(b, 0xff, 0xfe)
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return string(b)
	}
	utf32be := func(s string) string {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r>>24), byte(r>>16), byte(r>>8), byte(r))
		}
		return string(b)
	}
	bodies := map[string]string{
		"utf-8 with bom":  "\xef\xbb\xbf" + doc("zoë1"),
		"utf-16 with bom": utf16le(doc("zoë2"), true),
		"utf-16le":        utf16le(doc("zoë3"), false),
		"utf-32be":        utf32be(doc("zoë4")),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			r := e.do("POST", "/register", body, "").want(t, http.StatusCreated, "")
			if r.str("full_name") != "Zoë 😀" {
				t.Errorf("full_name: %s", r.body)
			}
		})
	}
	// Offsets count characters of the decoded text, after the BOM.
	r := e.do("POST", "/register", utf16le(`{"é": 1 x}`, true), "").want(t, http.StatusUnprocessableEntity, "")
	if d := decodeErrorItems(t, r); len(d) != 1 || !cmp.Equal(d[0]["loc"], []any{"body", float64(8)}) {
		t.Errorf("utf-16 offset: %s", r.body)
	}
}

// decodeErrorItems returns the items of a 422 answer. (api_admin_test.go
// has the same helper, but only a package with the admin API has it.)
func decodeErrorItems(t *testing.T, r response) []map[string]any {
	t.Helper()
	list, ok := r.json["detail"].([]any)
	if !ok {
		t.Fatalf("detail is not a list: %s", r.body)
	}
	out := make([]map[string]any, len(list))
	for i, d := range list {
		out[i] = d.(map[string]any)
	}
	return out
}
