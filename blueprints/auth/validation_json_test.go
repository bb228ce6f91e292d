package auth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
)

// jsonVector is one body and what Python's json.loads does with it
// (testdata/make_json_vectors.py).
type jsonVector struct {
	Body string `json:"body"`
	Want struct {
		Kind string `json:"kind"`
		Msg  string `json:"msg"`
		Pos  int    `json:"pos"`
	} `json:"want"`
}

// TestPythonJSONVectors checks the body decoding against what Python's
// json module (the version the reference pins) did with the same bytes:
// the same bodies accepted, the same message and character offset for
// each syntax error, and an encoding failure where Python had one.
func TestPythonJSONVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/json_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []jsonVector `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 500 {
		t.Fatalf("only %d vectors", len(file.Vectors))
	}
	for _, v := range file.Vectors {
		body, err := base64.StdEncoding.DecodeString(v.Body)
		if err != nil {
			t.Fatal(err)
		}
		got := describePythonJSON(body)
		want := v.Want.Kind
		if want == "json_invalid" {
			want = v.Want.Msg + " @" + strconv.Itoa(v.Want.Pos)
		}
		if got != want {
			t.Errorf("body %q: got %s, Python %s", body, got, want)
		}
	}
}

// describePythonJSON runs the decoding steps and names the outcome the
// way the vectors do.
func describePythonJSON(body []byte) string {
	text, err := decodeJSONText(body)
	if errors.Is(err, errBodyEncoding) {
		return "encoding"
	}
	e, tooDeep := scanPythonJSON(text)
	switch {
	case tooDeep:
		return "too deep"
	case e != nil:
		return e.msg + " @" + strconv.Itoa(e.pos)
	}
	return "ok"
}

// TestPythonJSONRefusedOnPurpose covers what the vectors leave out: the
// non-standard constants Python accepts (refused here with its own
// "Expecting value", see docs/compatibility.md) and nesting past
// maxJSONDepth (Python's RecursionError).
func TestPythonJSONRefusedOnPurpose(t *testing.T) {
	cases := map[string]string{
		`{"a": NaN}`:       "Expecting value @6",
		`[Infinity]`:       "Expecting value @1",
		`{"a": -Infinity}`: "Expecting value @6",
		`NaN`:              "Expecting value @0",
		strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth):     "ok",
		strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1): "too deep",
		strings.Repeat(`{"a":`, maxJSONDepth+1) + "x":                             "too deep",
		"\xed\xa0\x80": "encoding", // an encoded lone surrogate
	}
	for body, want := range cases {
		if got := describePythonJSON([]byte(body)); got != want {
			t.Errorf("body %.40q: got %s, want %s", body, got, want)
		}
	}
}
