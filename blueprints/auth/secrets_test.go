package auth

import (
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"testing"
)

var (
	urlSafeToken = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)
	lowerHex64   = regexp.MustCompile(`^[0-9a-f]{64}$`)
	uuid4Hex     = regexp.MustCompile(`^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$`)
)

func TestSecretOpaqueToken(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		tok, err := newOpaqueToken()
		if err != nil {
			t.Fatal(err)
		}
		if !urlSafeToken.MatchString(tok) {
			t.Fatalf("token %q: want 43 URL-safe base64 characters", tok)
		}
		if raw, err := base64.RawURLEncoding.DecodeString(tok); err != nil || len(raw) != 32 {
			t.Fatalf("token %q decodes to %d bytes, %v; want 32", tok, len(raw), err)
		}
		if seen[tok] {
			t.Fatalf("token %q generated twice", tok)
		}
		seen[tok] = true
	}
}

func TestSecretOpaqueTokenHash(t *testing.T) {
	tests := []struct{ raw, want string }{
		// FIPS 180-2 test vectors, a code, and a non-ASCII input (hashed
		// as UTF-8, as Python's sha256(raw.encode()) does).
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
		{"123456", "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92"},
		{"é", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"},
	}
	for _, tt := range tests {
		got := hashOpaqueToken(tt.raw)
		if got != tt.want {
			t.Errorf("hashOpaqueToken(%q) = %s, want %s", tt.raw, got, tt.want)
		}
		if !lowerHex64.MatchString(got) {
			t.Errorf("hashOpaqueToken(%q) = %s: want 64 lowercase hex digits", tt.raw, got)
		}
	}
}

func TestSecretUUIDHex(t *testing.T) {
	seen := map[string]bool{}
	for range 500 {
		id, err := newUUIDHex()
		if err != nil {
			t.Fatal(err)
		}
		if !uuid4Hex.MatchString(id) {
			t.Fatalf("id %q: want 32 lowercase hex digits with version 4 and the RFC 4122 variant", id)
		}
		b, _ := hex.DecodeString(id)
		if b[6]>>4 != 4 || b[8]>>6 != 2 {
			t.Fatalf("id %q: version %d, variant bits %b", id, b[6]>>4, b[8]>>6)
		}
		if seen[id] {
			t.Fatalf("id %q generated twice", id)
		}
		seen[id] = true
	}
}
