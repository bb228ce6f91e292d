package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// LoadSecrets reads a regstack.secrets.env file. A missing file is not an
// error: it yields an empty map, as secrets may come from the environment.
func LoadSecrets(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading secrets: %w", err)
	}
	return parseSecrets(data), nil
}

// parseSecrets parses the secrets-file syntax of the Python library: one
// KEY=value per line; blank lines, lines starting with # and lines without
// = are skipped; key and value are trimmed and one pair of matching
// surrounding quotes (' or ") is removed. There is no export keyword, no
// escaping and no interpolation. Keys are returned as written; only those
// starting with REGSTACK_ have any effect.
func parseSecrets(data []byte) map[string]string {
	out := map[string]string{}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		out[strings.TrimSpace(k)] = unquote(strings.TrimSpace(v))
	}
	return out
}

// unquote removes one pair of matching surrounding quotes.
func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// RequireSecret reports the secrets c needs but lacks once the secrets file
// and the environment are applied: jwt_secret always, and the Twilio auth
// token when sms.backend is "twilio". file is the secrets file's name, for
// the message.
func RequireSecret(c *Config, file string) error {
	var errs Errors
	if c.JWTSecret == "" {
		errs = append(errs, &Error{
			File: file,
			Key:  "jwt_secret",
			Msg:  "jwt_secret is empty",
			Hint: "add REGSTACK_JWT_SECRET=<secret> to this file or set it in the environment; `regstack-gen init` writes the file with a fresh secret",
		})
	}
	if c.SMS.Backend == "twilio" && c.SMS.TwilioAuthToken == "" {
		errs = append(errs, &Error{
			File: file,
			Key:  "sms.twilio_auth_token",
			Msg:  `sms.twilio_auth_token is required when sms.backend is "twilio"`,
			Hint: "add REGSTACK_SMS__TWILIO_AUTH_TOKEN=<token> to this file or set it in the environment",
		})
	}
	return errs.sorted()
}
