package scaffold

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/regstack/regstack-gen/generator/config"
)

// SecretsFile is the name of the git-ignored file holding secrets.
const SecretsFile = "regstack.secrets.env"

// The secrets-file variables init writes.
const (
	jwtSecretVar    = "REGSTACK_JWT_SECRET"
	databaseURLVar  = "REGSTACK_DATABASE_URL"
	smtpPasswordVar = "REGSTACK_EMAIL__SMTP_PASSWORD"
)

// SecretsOptions say which existing values init may replace.
type SecretsOptions struct {
	// RotateJWTSecret replaces an existing JWT secret with a fresh one,
	// which invalidates every token already issued.
	RotateJWTSecret bool
	// DatabaseURLGiven means the database URL was given (a flag or an
	// answer), so it replaces an existing REGSTACK_DATABASE_URL.
	DatabaseURLGiven bool
}

// Secrets returns a new secrets file: a fresh JWT secret, and the database
// URL when a.DatabaseURLInSecrets.
func Secrets(a Answers) ([]byte, error) {
	data, _, err := MergeSecrets(nil, a, SecretsOptions{})
	return data, err
}

// MergeSecrets returns the secrets file for a, built on the existing one
// (nil when there is none) and a note for the user on each change. Every
// existing line is kept as it is (hand-added keys such as
// REGSTACK_EMAIL__SMTP_PASSWORD, comments, order) except:
//
//   - REGSTACK_JWT_SECRET is added when missing or empty, and replaced only
//     with opts.RotateJWTSecret: a new secret signs every user out;
//   - REGSTACK_DATABASE_URL is added when a server backend needs one and
//     none is set; it is replaced when opts.DatabaseURLGiven or when its
//     scheme selects another backend than a.Backend (it would fail at run
//     time), and commented out for SQLite, whose URL lives in
//     regstack.toml and which the old entry would override.
func MergeSecrets(existing []byte, a Answers, opts SecretsOptions) ([]byte, []string, error) {
	var notes []string
	lines := splitKeepingNewline(existing)
	if len(lines) == 0 {
		lines = append([]string(nil), secretsHeader...)
	}
	jwtAt, jwtValue := findVar(lines, jwtSecretVar)
	switch {
	case jwtAt >= 0 && jwtValue != "" && !opts.RotateJWTSecret:
		notes = append(notes, "kept "+jwtSecretVar+" (--rotate-jwt-secret replaces it)")
	default:
		secret, err := newJWTSecret()
		if err != nil {
			return nil, nil, err
		}
		line := jwtSecretVar + "=" + secret + "\n"
		if jwtAt >= 0 {
			lines[jwtAt] = line
			if jwtValue != "" {
				notes = append(notes, "rotated "+jwtSecretVar+": every token issued with the old secret is now invalid")
			} else {
				notes = append(notes, "set the empty "+jwtSecretVar+" to a fresh secret")
			}
		} else {
			lines = appendLine(lines, line)
			notes = append(notes, "added "+jwtSecretVar+" (a fresh secret)")
		}
	}

	urlAt, urlValue := findVar(lines, databaseURLVar)
	urlBackend, _ := config.BackendOfURL(urlValue)
	switch {
	case !a.DatabaseURLInSecrets() && urlAt >= 0 && urlBackend != a.Backend:
		lines[urlAt] = "# " + strings.TrimRight(lines[urlAt], "\n") + "  # commented out by regstack-gen init: the backend is " + a.Backend + "\n"
		notes = append(notes, "commented out "+databaseURLVar+": it selects "+urlBackend+", the backend is "+a.Backend)
	case !a.DatabaseURLInSecrets():
	case urlAt < 0:
		lines = appendLine(lines, databaseURLVar+"="+a.DatabaseURL+"\n")
		notes = append(notes, "added "+databaseURLVar)
	case urlValue == a.DatabaseURL:
		notes = append(notes, "kept "+databaseURLVar)
	case opts.DatabaseURLGiven || urlBackend != a.Backend:
		lines[urlAt] = databaseURLVar + "=" + a.DatabaseURL + "\n"
		notes = append(notes, "replaced "+databaseURLVar)
	default:
		notes = append(notes, "kept "+databaseURLVar+" (--database-url replaces it)")
	}

	// An SMTP password given to init is written, replacing an old one; none
	// given keeps what the file has.
	if a.EmailBackend == "smtp" && a.SMTPPassword != "" {
		line := smtpPasswordVar + "=" + a.SMTPPassword + "\n"
		if at, _ := findVar(lines, smtpPasswordVar); at >= 0 {
			lines[at] = line
			notes = append(notes, "replaced "+smtpPasswordVar)
		} else {
			lines = appendLine(lines, line)
			notes = append(notes, "added "+smtpPasswordVar)
		}
	}
	return []byte(strings.Join(lines, "")), notes, nil
}

// newJWTSecret returns a fresh 64-byte URL-safe secret (86 characters), as
// the Python library's init makes.
func newJWTSecret() (string, error) {
	b := make([]byte, 64)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating the JWT secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// findVar returns the index of the last line setting name (the one the
// run-time loader uses) and its value, or -1. The syntax is the loader's:
// KEY=value, trimmed, one pair of matching quotes removed.
func findVar(lines []string, name string) (int, string) {
	at, value := -1, ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok || strings.TrimSpace(k) != name {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		at, value = i, v
	}
	return at, value
}

func splitKeepingNewline(data []byte) []string {
	var out []string
	for l := range strings.Lines(string(data)) {
		out = append(out, l)
	}
	return out
}

// appendLine adds line, first ending an unterminated last line.
func appendLine(lines []string, line string) []string {
	if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
		lines[n-1] += "\n"
	}
	return append(lines, line)
}
