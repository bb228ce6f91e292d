package config

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// ApplySecrets overrides fields from REGSTACK_* names, as found in the
// secrets file and the environment (the caller merges them, environment
// last). REGSTACK_EMAIL__SMTP_PASSWORD sets [email] smtp_password: "__"
// separates a table from its key and names are case-insensitive. Names
// that match no key are ignored, as the Python library ignores them; so
// is [generate], which belongs to regstack.toml alone. The result is
// validated again; errors name the variable.
func (c *Config) ApplySecrets(env map[string]string) error {
	if c.src == nil {
		c.src = map[string]origin{}
	}
	fields := c.leafFields()
	bad := map[string]bool{}
	var errs Errors
	for _, name := range slices.Sorted(maps.Keys(env)) {
		key, ok := envKey(name)
		if !ok {
			continue
		}
		i := slices.IndexFunc(fields, func(f field) bool { return f.key == key })
		if i < 0 {
			continue
		}
		c.src[key] = origin{env: name}
		if msg := setFromString(key, fields[i].v, env[name]); msg != "" {
			bad[key] = true
			errs = append(errs, &Error{File: name, Key: key, Msg: msg})
		}
	}
	for _, e := range c.validate() {
		if !bad[e.Key] {
			errs = append(errs, e)
		}
	}
	return errs.sorted()
}

// envKey turns REGSTACK_EMAIL__SMTP_PASSWORD into "email.smtp_password".
func envKey(name string) (string, bool) {
	upper := strings.ToUpper(name)
	if !strings.HasPrefix(upper, "REGSTACK_") {
		return "", false
	}
	key := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(upper, "REGSTACK_"), "__", "."))
	if strings.HasPrefix(key, "generate.") {
		return "", false
	}
	return key, true
}

// setFromString stores an environment value in f, or says why it cannot.
func setFromString(key string, f reflect.Value, s string) string {
	switch f.Kind() {
	case reflect.String:
		f.SetString(s)
		return ""
	case reflect.Bool:
		b, ok := parseBool(s)
		if !ok {
			return key + ": expected boolean (true/false, 1/0, yes/no, on/off), got " + quote(s)
		}
		f.SetBool(b)
		return ""
	case reflect.Int, reflect.Int64:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, f.Type().Bits())
		if err != nil {
			return key + ": expected integer, got " + quote(s)
		}
		f.SetInt(n)
		return ""
	case reflect.Uint8, reflect.Uint32:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, f.Type().Bits())
		if err != nil {
			return key + ": expected integer between 0 and " + strconv.FormatUint(uint64(1)<<f.Type().Bits()-1, 10) + ", got " + quote(s)
		}
		f.SetUint(n)
		return ""
	case reflect.Slice:
		list, ok := parseList(s)
		if !ok {
			return key + `: expected a JSON array of strings or a comma-separated list, got ` + quote(s)
		}
		f.Set(reflect.ValueOf(list))
		return ""
	}
	return key + ": cannot be set from the environment"
}

// parseBool parses the boolean spellings the Python library accepts from
// the environment: true/false, 1/0, yes/no, on/off, in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "on":
		return true, true
	case "false", "0", "no", "off":
		return false, true
	}
	return false, false
}

// parseList reads a list from the environment: a JSON array of strings, as
// pydantic-settings expects, or a comma-separated list.
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
