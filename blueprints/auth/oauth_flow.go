//regstack:feature oauth

package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
)

// oauthSecrets are the per-sign-in random values: the state (the row's
// key and the OAuth state parameter), the PKCE verifier and the nonce, of
// the reference's lengths (token_urlsafe(32), (64) and (16)).
type oauthSecrets struct {
	state, verifier, nonce string
}

func newOAuthSecrets() (oauthSecrets, error) {
	var s oauthSecrets
	for _, f := range []struct {
		dst *string
		n   int
	}{{&s.state, 32}, {&s.verifier, 64}, {&s.nonce, 16}} {
		b := make([]byte, f.n)
		if _, err := rand.Read(b); err != nil {
			return oauthSecrets{}, fmt.Errorf("auth: oauth random: %w", err)
		}
		*f.dst = base64.RawURLEncoding.EncodeToString(b)
	}
	return s, nil
}

// pkceChallenge is the S256 code challenge of verifier (RFC 7636 §4.2).
func pkceChallenge(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// safeRedirect checks a redirect_to value and returns where to go after
// the sign-in: def when empty; a path on this site ("/…", but not "//…"
// or "/\…", which browsers read as another host); or an absolute URL of
// base_url's origin. Anything else (another origin, "https:evil", control
// characters or backslashes, which browsers rewrite) is refused.
func safeRedirect(raw, baseURL, def string) (string, bool) {
	if raw == "" {
		return def, true
	}
	if strings.ContainsAny(raw, "\\") || strings.IndexFunc(raw, func(r rune) bool { return r < 0x21 || r == 0x7f }) >= 0 {
		return "", false
	}
	if strings.HasPrefix(raw, "/") {
		if strings.HasPrefix(raw, "//") {
			return "", false
		}
		return raw, true
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	base, err := url.Parse(baseURL)
	if err != nil {
		return "", false
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
		return "", false
	}
	return raw, true
}
