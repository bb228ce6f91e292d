package auth

import (
	"maps"
	"slices"
	"unicode/utf8"
)

// The "input" of a 422 echoes what the client sent, as pydantic does, with
// two limits the reference does not have: a secret is never echoed, and no
// value is echoed at more than a short prefix. Error bodies end up in
// browser consoles, proxy logs and support tickets; a password has no
// business there, and a megabyte string need not travel back.
const (
	// secretMask replaces the value of a secret field; it is what pydantic
	// prints for a SecretStr.
	secretMask = "**********"
	// maxEchoRunes is how many characters of a string input are echoed; a
	// longer one is cut there and ends with "…".
	maxEchoRunes = 64
	// maxEchoItems is how many elements of an array, or keys of an object
	// (in key order), are echoed.
	maxEchoItems = 16
)

// secretFields are the request keys whose values are never echoed: the
// passwords and the one-off tokens of every request model.
func secretFields() []string {
	return append(passwordFields(), "token")
}

func isSecretField(name string) bool {
	return slices.Contains(secretFields(), name)
}

// redacted returns v with every input made safe to echo: the value of a
// secret field masked, secret keys of echoed objects masked, and long
// strings and collections cut short.
func (v validationErrors) redacted() validationErrors {
	out := make(validationErrors, len(v))
	for i, fe := range v {
		if len(fe.Loc) == 2 {
			if name, ok := fe.Loc[1].(string); ok && isSecretField(name) {
				fe.Input = secretMask
			}
		}
		fe.Input = echoValue(fe.Input)
		out[i] = fe
	}
	return out
}

// echoValue shortens a decoded JSON value for an error report and masks
// the secret keys of any object in it.
func echoValue(v any) any {
	switch x := v.(type) {
	case string:
		return truncateEcho(x)
	case []any:
		n := min(len(x), maxEchoItems)
		out := make([]any, n)
		for i := range n {
			out[i] = echoValue(x[i])
		}
		return out
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		out := make(map[string]any, min(len(keys), maxEchoItems))
		for _, k := range keys[:min(len(keys), maxEchoItems)] {
			if isSecretField(k) {
				out[k] = secretMask
				continue
			}
			out[k] = echoValue(x[k])
		}
		return out
	}
	return v
}

// truncateEcho returns s cut to maxEchoRunes characters, marked with "…"
// when it was longer.
func truncateEcho(s string) string {
	if utf8.RuneCountInString(s) <= maxEchoRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxEchoRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
