package auth

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
)

// faithfulDecode is Decode without the fast path: PyJWT's reading.
func faithfulDecode(c *TokenCodec, token string, purpose Purpose) (TokenClaims, string) {
	payload, reason := c.decodeJWS(token, c.keys[purpose])
	if reason != "" {
		return TokenClaims{}, reason
	}
	return c.checkClaims(payload, purpose)
}

// TestDecodeFastTakesMintedTokens checks that every token Issue mints, for
// every purpose, algorithm and audience setting, takes the fast path with
// the claims the faithful path reads.
func TestDecodeFastTakesMintedTokens(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 123456000, time.UTC)
	for _, alg := range []string{"HS256", "HS384", "HS512"} {
		for _, aud := range []string{"", "my-app"} {
			c := mustCodec(t, refSecret, alg, aud, NewFrozenClock(now))
			for _, p := range purposes() {
				t.Run(fmt.Sprintf("%s/aud=%q/%s", alg, aud, p), func(t *testing.T) {
					tok, issued, err := c.Issue(p, "0123456789abcdef0123456789abcdef", time.Hour,
						TokenClaims{NewEmail: "new@example.com", Phone: "+15550100"})
					if err != nil {
						t.Fatal(err)
					}
					fast, ok := c.decodeFast(tok, p)
					if !ok {
						t.Fatalf("minted token %q did not take the fast path", tok)
					}
					slow, reason := faithfulDecode(c, tok, p)
					if reason != "" {
						t.Fatalf("faithful path refused a minted token: %s", reason)
					}
					if diff := cmp.Diff(slow, fast); diff != "" {
						t.Errorf("fast claims differ from faithful ones (-faithful +fast):\n%s", diff)
					}
					if diff := cmp.Diff(issued, fast); diff != "" {
						t.Errorf("fast claims differ from issued ones (-issued +fast):\n%s", diff)
					}
				})
			}
		}
	}
}

// TestDecodeFastOnlyAcceptsWhatFaithfulAccepts signs payloads of many
// shapes and checks that the fast path accepts none the faithful path
// refuses, reads the same claims when it accepts, and accepts the shapes
// this package mints (so it is not silently bypassed).
func TestDecodeFastOnlyAcceptsWhatFaithfulAccepts(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	const header = `{"alg":"HS256","typ":"JWT"}`
	const rest = `"jti":"j","iat":1735689600.5,"exp":1735693200,"purpose":"session"}`
	for _, tc := range []struct {
		name, aud, header, payload string
		wantFast                   bool
	}{
		{"minted shape", "", header, `{"sub":"u",` + rest, true},
		{"minted shape with audience", "a", header, `{"sub":"u","aud":"a",` + rest, true},
		{"whole-second iat", "", header, `{"sub":"u","jti":"j","iat":1735689600,"exp":1735693200,"purpose":"session"}`, true},
		{"keys in another order", "", header, `{"purpose":"session","exp":1735693200,"iat":1735689600.5,"jti":"j","sub":"u"}`, true},
		{"empty audience claim without a configured one", "", header, `{"sub":"u","aud":"",` + rest, true},
		{"audience claim without a configured one", "", header, `{"sub":"u","aud":"a",` + rest, false},
		{"wrong audience", "a", header, `{"sub":"u","aud":"b",` + rest, false},
		{"missing audience", "a", header, `{"sub":"u",` + rest, false},
		{"audience list", "a", header, `{"sub":"u","aud":["a"],` + rest, false},
		{"header with spaces", "", `{"alg": "HS256", "typ": "JWT"}`, `{"sub":"u",` + rest, false},
		{"header without typ", "", `{"alg":"HS256"}`, `{"sub":"u",` + rest, false},
		{"header with kid", "", `{"alg":"HS256","kid":"k","typ":"JWT"}`, `{"sub":"u",` + rest, false},
		{"whitespace in payload", "", header, `{"sub": "u",` + rest, false},
		{"escaped subject", "", header, `{"sub":"\u0075",` + rest, false},
		{"non-ASCII subject", "", header, `{"sub":"ü",` + rest, false},
		{"repeated key", "", header, `{"sub":"x","sub":"u",` + rest, false},
		{"unknown claim", "", header, `{"sub":"u","role":"admin",` + rest, false},
		{"nbf", "", header, `{"sub":"u","nbf":1735689600,` + rest, false},
		{"null subject", "", header, `{"sub":null,` + rest, false},
		{"numeric subject", "", header, `{"sub":1,` + rest, false},
		{"string iat", "", header, `{"sub":"u","jti":"j","iat":"1735689600","exp":1735693200,"purpose":"session"}`, false},
		{"exponent iat", "", header, `{"sub":"u","jti":"j","iat":1.7e9,"exp":1735693200,"purpose":"session"}`, false},
		{"leading zero exp", "", header, `{"sub":"u","jti":"j","iat":1735689600,"exp":01735693200,"purpose":"session"}`, false},
		{"negative exp", "", header, `{"sub":"u","jti":"j","iat":1735689600,"exp":-1,"purpose":"session"}`, false},
		{"expired", "", header, `{"sub":"u","jti":"j","iat":1735686000,"exp":1735689600,"purpose":"session"}`, false},
		{"future iat", "", header, `{"sub":"u","jti":"j","iat":1735690000,"exp":1735693200,"purpose":"session"}`, false},
		{"iat beyond year 9999", "", header, `{"sub":"u","jti":"j","iat":253402300800,"exp":1735693200,"purpose":"session"}`, false},
		{"other purpose", "", header, `{"sub":"u","jti":"j","iat":1735689600,"exp":1735693200,"purpose":"password_reset"}`, false},
		{"missing jti", "", header, `{"sub":"u","iat":1735689600,"exp":1735693200,"purpose":"session"}`, false},
		{"trailing data", "", header, `{"sub":"u",` + rest + ` `, false},
		{"array", "", header, `["sub"]`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCodec(t, refSecret, "HS256", tc.aud, NewFrozenClock(now))
			tok := signRaw(t, jwt.SigningMethodHS256, PurposeSession, tc.header, tc.payload)
			fast, ok := c.decodeFast(tok, PurposeSession)
			slow, reason := faithfulDecode(c, tok, PurposeSession)
			if ok != tc.wantFast {
				t.Errorf("fast path ok = %v, want %v (faithful reason %q)", ok, tc.wantFast, reason)
			}
			if !ok {
				return
			}
			if reason != "" {
				t.Fatalf("fast path accepted a token the faithful path refuses: %s", reason)
			}
			if diff := cmp.Diff(slow, fast); diff != "" {
				t.Errorf("claims differ (-faithful +fast):\n%s", diff)
			}
		})
	}
}

// TestDecodeFastRefusesTamperedTokens checks the segment and signature
// handling: only an intact three-segment token with the right key passes.
func TestDecodeFastRefusesTamperedTokens(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := mustCodec(t, refSecret, "", "", NewFrozenClock(now))
	other := mustCodec(t, refSecret+"x", "", "", NewFrozenClock(now))
	tok, _, err := c.Issue(PurposeSession, "u", time.Hour, TokenClaims{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.decodeFast(tok, PurposeSession); !ok {
		t.Fatal("the intact token did not take the fast path")
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	for name, bad := range map[string]string{
		"signature changed":      flip(tok, len(tok)-2),
		"payload changed":        flip(tok, len(tok)/2),
		"fourth segment":         tok + ".x",
		"padded signature":       tok + "=",
		"signature with a space": tok[:len(tok)-1] + " " + tok[len(tok)-1:],
		"no signature":           tok[:len(tok)-44],
	} {
		if _, ok := c.decodeFast(bad, PurposeSession); ok {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, ok := other.decodeFast(tok, PurposeSession); ok {
		t.Error("a codec with another secret accepted the token")
	}
	if _, ok := c.decodeFast(tok, PurposePasswordReset); ok {
		t.Error("a session token passed as a password-reset token")
	}
}

// FuzzDecodeFastAgrees signs arbitrary payloads and checks that whatever
// the fast path accepts, the faithful path accepts with the same claims.
func FuzzDecodeFastAgrees(f *testing.F) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := mustCodec(f, refSecret, "HS256", "", NewFrozenClock(now))
	for _, seed := range []string{
		`{"sub":"u","jti":"j","iat":1735689600.5,"exp":1735693200,"purpose":"session"}`,
		`{"sub":"u","jti":"j","iat":1735689600,"exp":1735693200,"purpose":"session","aud":""}`,
		`{"sub":"u","jti":"j","iat":0,"exp":1735693200,"purpose":"session"}`,
		`{"sub":"","jti":"","iat":1735689600.000001,"exp":99999999999,"purpose":"session"}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, payload string) {
		enc := base64.RawURLEncoding
		input := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
		sig, err := jwt.SigningMethodHS256.Sign(input, deriveKey(refSecret, PurposeSession))
		if err != nil {
			t.Fatal(err)
		}
		tok := input + "." + enc.EncodeToString(sig)
		fast, ok := c.decodeFast(tok, PurposeSession)
		if !ok {
			return
		}
		slow, reason := faithfulDecode(c, tok, PurposeSession)
		if reason != "" {
			t.Fatalf("fast path accepted %q, faithful path refuses: %s", payload, reason)
		}
		if diff := cmp.Diff(slow, fast); diff != "" {
			t.Fatalf("claims of %q differ (-faithful +fast):\n%s", payload, diff)
		}
	})
}

// TestRawURLDecodeMatchesBase64 compares rawURLDecode with
// encoding/base64's unpadded base64url decoder (which is as lenient about
// the unused bits of the last character as PyJWT) on every length up to 40
// and on strings with characters outside the alphabet: it must give the
// same bytes wherever it accepts, and refuse exactly what base64 refuses
// plus newlines, which base64 skips and the fast path leaves to the
// faithful one.
func TestRawURLDecodeMatchesBase64(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	rng := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for n := 0; n <= 40; n++ {
		for range 50 {
			b := make([]byte, n)
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			inputs = append(inputs, string(b))
			if n > 0 {
				for _, bad := range []byte{'=', '+', '/', '\n', '\r', ' ', 0, 0x80, 0xff, '.'} {
					c := slices.Clone(b)
					c[rng.IntN(n)] = bad
					inputs = append(inputs, string(c))
				}
			}
		}
	}
	for _, in := range inputs {
		var dst [64]byte
		got, ok := rawURLDecode(dst[:], in)
		want, err := base64.RawURLEncoding.DecodeString(in)
		switch {
		case strings.ContainsAny(in, "\r\n"):
			if ok {
				t.Errorf("%q: accepted a newline", in)
			}
		case ok != (err == nil):
			t.Errorf("%q: accepted %v, base64's error %v", in, ok, err)
		case ok && !bytes.Equal(got, want):
			t.Errorf("%q: %x, base64 %x", in, got, want)
		}
	}
}
