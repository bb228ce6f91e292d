package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"
)

// configField is one key of the configuration and the field it sets.
type configField struct {
	key string // the dotted TOML key, e.g. "email.smtp_host"
	ptr any    // *string, *bool, *int, *int64, *uint8, *uint32 or *[]string
}

// fields lists every key of c, in the order of configKeys. The TOML file,
// the secrets file and the environment all set fields through it.
func (c *Config) fields() []configField {
	keys := configKeys()
	out := make([]configField, len(keys))
	for i, k := range keys {
		out[i] = configField{key: k.key, ptr: k.ptr(c)}
	}
	return out
}

// value returns the field's current value.
func (f configField) value() any {
	switch p := f.ptr.(type) {
	case *string:
		return *p
	case *bool:
		return *p
	case *int:
		return *p
	case *int64:
		return *p
	case *uint8:
		return *p
	case *uint32:
		return *p
	case *[]string:
		return *p
	}
	return nil
}

// field returns the field for key.
func (c *Config) field(key string) (configField, bool) {
	fields := c.fields()
	i := slices.IndexFunc(fields, func(f configField) bool { return f.key == key })
	if i < 0 {
		return configField{}, false
	}
	return fields[i], true
}

// secretsFile is read from the current directory, as the Python library
// does (not from next to regstack.toml).
const secretsFile = "regstack.secrets.env"

// readSecretsFile returns the entries of the secrets file at path, in file
// order; a missing file has none.
func readSecretsFile(path string) ([][2]string, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return parseSecrets(data), nil
}

// parseSecrets parses the secrets-file syntax: one KEY=value per line;
// blank lines, lines starting with # and lines without = are skipped; key
// and value are trimmed and one pair of matching surrounding quotes (' or
// ") is removed. There is no export keyword, escaping or interpolation.
func parseSecrets(data []byte) [][2]string {
	var out [][2]string
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		out = append(out, [2]string{strings.TrimSpace(k), v})
	}
	return out
}

// environ returns the REGSTACK_* variables of the process environment,
// sorted by name so that the result does not depend on the OS's order.
func environ() [][2]string {
	var out [][2]string
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(k), "REGSTACK_") {
			out = append(out, [2]string{k, v})
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// applyVariables sets fields from REGSTACK_* names: "__" separates a table
// from its key (REGSTACK_EMAIL__SMTP_PASSWORD) and names are
// case-insensitive. Names that match no key are ignored, as the Python
// library ignores them. describe says where a name came from, for errors;
// src records it for each key set.
func (c *Config) applyVariables(vars [][2]string, describe func(name string) string, src map[string]string) []*configError {
	var errs []*configError
	for _, kv := range vars {
		key, ok := envKey(kv[0])
		if !ok {
			continue
		}
		if name, ok := providerSecretKey(key); ok {
			// A provider's secret; one for a provider regstack.toml does
			// not name is ignored like any unknown variable.
			c.setProviderSecret(name, kv[1], describe(kv[0]), src)
			continue
		}
		f, ok := c.field(key)
		if !ok {
			continue
		}
		src[key] = describe(kv[0])
		if msg := setFromString(f, kv[1]); msg != "" {
			errs = append(errs, &configError{where: src[key], key: key, msg: msg})
		}
	}
	return errs
}

// envKey turns REGSTACK_EMAIL__SMTP_PASSWORD into "email.smtp_password".
func envKey(name string) (string, bool) {
	upper := strings.ToUpper(name)
	if !strings.HasPrefix(upper, "REGSTACK_") {
		return "", false
	}
	return strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(upper, "REGSTACK_"), "__", ".")), true
}

// setFromString stores a secrets-file or environment value in f, or says
// why it cannot.
func setFromString(f configField, s string) string {
	bad := func(want string) string { return fmt.Sprintf("%s: expected %s, got %q", f.key, want, s) }
	switch p := f.ptr.(type) {
	case *string:
		*p = s
	case *bool:
		b, ok := parseBool(s)
		if !ok {
			return bad("boolean (true/false, 1/0, yes/no, on/off)")
		}
		*p = b
	case *int:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, strconv.IntSize)
		if err != nil {
			return bad("integer")
		}
		*p = int(n)
	case *int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return bad("integer")
		}
		*p = n
	case *uint8:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 8)
		if err != nil {
			return bad("integer between 0 and 255")
		}
		*p = uint8(n)
	case *uint32:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
		if err != nil {
			return bad("integer between 0 and 4294967295")
		}
		*p = uint32(n)
	case *[]string:
		list, ok := parseList(s)
		if !ok {
			return bad("a JSON array of strings or a comma-separated list")
		}
		*p = list
	}
	return ""
}

// parseBool accepts the spellings the Python library accepts from the
// environment: true/false, 1/0, yes/no, on/off, in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

// parseList reads a list: a JSON array of strings, as the Python library
// expects, or a comma-separated list.
func parseList(s string) ([]string, bool) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		var out []string
		if err := json.Unmarshal([]byte(s), &out); err != nil {
			return nil, false
		}
		return out, true
	}
	var out []string
	for part := range strings.SplitSeq(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out, true
}
