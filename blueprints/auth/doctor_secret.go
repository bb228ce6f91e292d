package auth

import (
	"fmt"
	"math"
)

// Thresholds of the JWT secret check. Every signing key is derived from the
// secret, so whoever guesses it can mint sessions for any account.
const (
	// minSecretLength is upstream's rule: at least 32 characters.
	minSecretLength = 32
	// minSecretBits is the least estimated entropy a secret of legal length
	// may have without a warning. A random 32-character hex string
	// measures about 115 bits by the estimate below; a long secret made of
	// a few repeated characters measures far less.
	minSecretBits = 96
)

// checkJWTSecret judges the secret by its length (too short fails) and by
// an estimate of its entropy (too little warns). The estimate is the
// Shannon entropy of the secret's own character frequencies times its
// length: it cannot prove a secret random, but it catches the usual
// mistakes, such as "aaaa…" or a word repeated to reach the length.
func checkJWTSecret(secret string) Check {
	n := len([]rune(secret))
	switch {
	case n == 0:
		return Check{Name: "jwt secret", Status: CheckFail, Detail: "missing — set REGSTACK_JWT_SECRET in regstack.secrets.env"}
	case n < minSecretLength:
		return Check{Name: "jwt secret", Status: CheckFail, Detail: fmt.Sprintf("too short (%d chars; need ≥%d)", n, minSecretLength)}
	}
	if bits := secretEntropyBits(secret); bits < minSecretBits {
		return Check{Name: "jwt secret", Status: CheckWarn,
			Detail: fmt.Sprintf("present (%d chars) but low in entropy (about %.0f bits; want ≥%d): use a random secret such as `openssl rand -base64 48`", n, bits, minSecretBits)}
	}
	return Check{Name: "jwt secret", Status: CheckPass, Detail: fmt.Sprintf("present (%d chars)", n)}
}

// secretEntropyBits estimates the entropy of s in bits from the frequency
// of each character in s.
func secretEntropyBits(s string) float64 {
	counts := map[rune]int{}
	total := 0
	for _, r := range s {
		counts[r]++
		total++
	}
	if total == 0 {
		return 0
	}
	perChar := 0.0
	for _, c := range counts {
		p := float64(c) / float64(total)
		perChar -= p * math.Log2(p)
	}
	return perChar * float64(total)
}
