package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"
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

// newNumericCode returns a uniformly random code of exactly digits decimal
// digits, leading zeros included, like Python's secrets.randbelow(10**n)
// zero-padded. digits must be between 1 and 18.
func newNumericCode(digits int) (string, error) {
	if digits < 1 || digits > 18 {
		return "", fmt.Errorf("auth: numeric code length %d is out of range 1–18", digits)
	}
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(digits)), nil)
	// rand.Int draws uniformly from [0, limit), without modulo bias.
	n, err := rand.Int(rand.Reader, limit)
	if err != nil {
		return "", fmt.Errorf("auth: random code: %w", err)
	}
	return fmt.Sprintf("%0*d", digits, n.Int64()), nil
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

// equalConstantTime reports whether a and b are equal, taking time that
// depends only on their lengths, so a guess at a secret learns nothing from
// how long the comparison took. Compare fixed-length values (hex digests)
// so that the lengths give nothing away either.
func equalConstantTime(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
