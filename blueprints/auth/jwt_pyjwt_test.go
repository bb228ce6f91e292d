package auth

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// pyjwtReasons is testdata/pyjwt_reasons.json, written by
// testdata/make_pyjwt_vectors.py with PyJWT 2.12.1 (the version the
// reference pins) and Python's base64 and json modules.
type pyjwtReasons struct {
	Tokens []struct {
		Name     string `json:"name"`
		Token    string `json:"token"`
		Audience string `json:"audience"`
		Reason   string `json:"reason"`
	} `json:"tokens"`
	Base64 []struct {
		In  string  `json:"in"`
		Out *string `json:"out"`
	} `json:"base64"`
	JSON []struct {
		In    string `json:"in"`
		Error string `json:"error"`
	} `json:"json"`
}

func loadPyJWTReasons(t *testing.T) pyjwtReasons {
	t.Helper()
	data, err := os.ReadFile("testdata/pyjwt_reasons.json")
	if err != nil {
		t.Fatal(err)
	}
	var v pyjwtReasons
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Tokens) == 0 || len(v.Base64) == 0 || len(v.JSON) == 0 {
		t.Fatal("testdata/pyjwt_reasons.json has an empty table")
	}
	return v
}

// TestTokenDecodePyJWTReasons decodes every token of the PyJWT table as a
// session token and expects PyJWT's reason, word for word, in PyJWT's order
// of checks (or success where PyJWT and the reference accept the token).
func TestTokenDecodePyJWTReasons(t *testing.T) {
	v := loadPyJWTReasons(t)
	// Before every token's exp (2100) and after its iat (2025).
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range v.Tokens {
		name := tc.Name
		if tc.Audience != "" {
			name += " aud=" + tc.Audience
		}
		t.Run(name, func(t *testing.T) {
			c := mustCodec(t, refSecret, "", tc.Audience, NewFrozenClock(now))
			_, err := c.Decode(tc.Token, PurposeSession)
			switch {
			case tc.Reason == "" && err != nil:
				t.Fatalf("Decode(%q) = %v, PyJWT accepts it", tc.Token, err)
			case tc.Reason == "":
			case err == nil:
				t.Fatalf("Decode(%q) succeeded, PyJWT says %q", tc.Token, tc.Reason)
			default:
				if got := decodeReason(t, err); got != tc.Reason {
					t.Errorf("Decode(%q) reason\n got %q\nwant %q", tc.Token, got, tc.Reason)
				}
			}
		})
	}
}

// TestPyBase64URLDecode compares the segment decoder with PyJWT's
// base64url_decode on fixed and random segments.
func TestPyBase64URLDecode(t *testing.T) {
	for _, tc := range loadPyJWTReasons(t).Base64 {
		got, err := pyBase64URLDecode(tc.In)
		switch {
		case tc.Out == nil && err == nil:
			t.Errorf("pyBase64URLDecode(%q) = %x, Python refuses it", tc.In, got)
		case tc.Out != nil && err != nil:
			t.Errorf("pyBase64URLDecode(%q): %v, Python gives %s", tc.In, err, *tc.Out)
		case tc.Out != nil && hex.EncodeToString(got) != *tc.Out:
			t.Errorf("pyBase64URLDecode(%q) = %x, Python gives %s", tc.In, got, *tc.Out)
		}
	}
}

// TestPyJSONLoadsMessages compares pyJSONLoads with json.loads on bytes:
// acceptance and the exact ValueError text.
func TestPyJSONLoadsMessages(t *testing.T) {
	for _, tc := range loadPyJWTReasons(t).JSON {
		in, err := hex.DecodeString(tc.In)
		if err != nil {
			t.Fatal(err)
		}
		if _, got := pyJSONLoads(in); got != tc.Error {
			t.Errorf("pyJSONLoads(%q)\n got %q\nwant %q", in, got, tc.Error)
		}
	}
}
