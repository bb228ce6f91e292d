package scaffold

import "strings"

// secretsHeader opens a new secrets file.
var secretsHeader = []string{
	"# Secrets for regstack; keep this file out of version control.\n",
	"# Every key here can also be set as an environment variable. Run-time\n",
	"# keys only: regstack-gen never reads this file.\n",
}

// SetSecret returns the secrets file existing (nil when there is none)
// with name set to value, and whether a value was replaced. The first
// line setting name is rewritten in place and later ones (which would
// override it) are dropped; without one the line is appended. Every other
// line is kept as it is, and the file ends with a newline.
func SetSecret(existing []byte, name, value string) ([]byte, bool) {
	lines := splitKeepingNewline(existing)
	if len(lines) == 0 {
		lines = append([]string(nil), secretsHeader...)
	}
	line := name + "=" + value + "\n"
	var out []string
	replaced := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		k, _, ok := strings.Cut(t, "=")
		if !ok || strings.HasPrefix(t, "#") || strings.TrimSpace(k) != name {
			out = append(out, l)
			continue
		}
		if !replaced {
			out = append(out, line)
		}
		replaced = true
	}
	if !replaced {
		out = appendLine(out, line)
	}
	if n := len(out); !strings.HasSuffix(out[n-1], "\n") {
		out[n-1] += "\n"
	}
	return []byte(strings.Join(out, "")), replaced
}
