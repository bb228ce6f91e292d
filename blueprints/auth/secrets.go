package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

// newOpaqueToken returns 32 random bytes as URL-safe base64 without padding
// (43 characters), like Python's secrets.token_urlsafe(32). Such tokens go
// out in links; only their hashOpaqueToken digest is stored.
func newOpaqueToken() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("auth: random token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// hashOpaqueToken returns the lowercase hex SHA-256 of raw's UTF-8 bytes,
// the form in which one-time tokens and SMS codes are stored, so a database
// leak does not hand out usable tokens.
func hashOpaqueToken(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// newUUIDHex returns a random (version 4) UUID as 32 lowercase hex digits
// without dashes, the form of Python's uuid4().hex that the SQL backends use
// for ids.
func newUUIDHex() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("auth: random id: %w", err)
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return hex.EncodeToString(b[:]), nil
}
