package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// Load reads and parses the regstack.toml at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading configuration: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes data, the contents of filename, over the defaults and
// validates the result. Every problem it finds is reported: the error is
// Errors, sorted by line. Only data is read: the secrets file and the
// environment set run-time values, never what is generated.
func Parse(filename string, data []byte) (*Config, error) {
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		return nil, Errors{syntaxError(filename, err)}
	}
	c := Default()
	c.file = filename
	c.src = map[string]origin{}
	d := decoder{cfg: c, lines: auth.KeyLines(data), bad: map[string]bool{}}
	d.table("", raw, reflect.ValueOf(c).Elem())
	errs := d.errs
	for _, e := range c.validate() {
		// A key that failed to decode kept its default; rules about it
		// would only repeat the first complaint.
		if !d.bad[e.Key] {
			errs = append(errs, e)
		}
	}
	if err := errs.sorted(); err != nil {
		return nil, err
	}
	return c, nil
}

// syntaxError turns the TOML library's error into an Error at its line.
func syntaxError(file string, err error) *Error {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &Error{File: file, Msg: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
	}
	line, _ := de.Position()
	return &Error{
		File: file,
		Line: line,
		Key:  strings.Join(de.Key(), "."),
		Msg:  "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: "),
	}
}

// decoder copies a decoded TOML document onto a Config, collecting every
// unknown key and wrong type instead of stopping at the first.
type decoder struct {
	cfg   *Config
	lines map[string]int
	bad   map[string]bool
	errs  Errors
}

func (d *decoder) fail(key, msg, hint string) {
	d.bad[key] = true
	d.errs = append(d.errs, &Error{File: d.cfg.file, Line: d.lines[key], Key: key, Msg: msg, Hint: hint})
}

// table decodes m, the table at prefix, onto the struct v.
func (d *decoder) table(prefix string, m map[string]any, v reflect.Value) {
	fields := tableFields(v)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key, val := prefix+k, m[k]
		if key == "oauth.providers" {
			// Named by the user, so not declared keys: decoded as the
			// generated package decodes them.
			providers, probs := auth.DecodeOAuthProviders(val)
			for _, p := range probs {
				d.fail(p[0], p[1], "")
			}
			d.cfg.OAuth.Providers = providers
			for k, line := range d.lines {
				if strings.HasPrefix(k, key+".") {
					d.cfg.src[k] = origin{line: line}
				}
			}
			continue
		}
		i := slices.IndexFunc(fields, func(f field) bool { return f.key == k })
		if i < 0 {
			d.unknown(prefix, k, val, fields)
			continue
		}
		f := fields[i].v
		if f.Kind() == reflect.Struct {
			sub, ok := val.(map[string]any)
			if !ok {
				d.fail(key, key+": expected table, got "+gotName(val), "")
				continue
			}
			d.table(key+".", sub, f)
			continue
		}
		d.cfg.src[key] = origin{line: d.lines[key]}
		if msg := assign(key, f, val); msg != "" {
			d.fail(key, msg, "")
		}
	}
}

// unknown reports a key that is not in the schema, with the nearest known
// key at the same level, or the table where the key does belong.
func (d *decoder) unknown(prefix, name string, val any, fields []field) {
	key := prefix + name
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.key
	}
	kind := "key"
	if _, ok := val.(map[string]any); ok {
		kind = "table"
	}
	hint := ""
	if s := suggest(name, names); s != "" {
		hint = didYouMean(prefix + s)
	} else {
		hint = misplacedHint(prefix, name)
	}
	d.fail(key, "unknown "+kind+" "+quote(key), hint)
}

// misplacedHint explains a known key written at the wrong level: after a
// [table] header a top-level key silently joins that table, a common slip.
func misplacedHint(prefix, name string) string {
	c := Default()
	if prefix != "" {
		if _, ok := c.lookupField(name); ok {
			return quote(name) + " is a top-level key: move it above the first [table]"
		}
		return ""
	}
	for _, t := range tableNames() {
		if _, ok := c.lookupField(t + "." + name); ok {
			return quote(name) + " belongs in the [" + t + "] table"
		}
	}
	return ""
}

// assign stores val in f, or says why it cannot.
func assign(key string, f reflect.Value, val any) string {
	switch f.Kind() {
	case reflect.String:
		if s, ok := val.(string); ok {
			f.SetString(s)
			return ""
		}
	case reflect.Bool:
		if b, ok := val.(bool); ok {
			f.SetBool(b)
			return ""
		}
	case reflect.Int, reflect.Int64:
		if n, ok := val.(int64); ok {
			f.SetInt(n)
			return ""
		}
	case reflect.Uint8, reflect.Uint32:
		if n, ok := val.(int64); ok {
			if n < 0 || f.OverflowUint(uint64(n)) {
				lo, hi := typeBounds(key, f.Type())
				return fmt.Sprintf("%s must be between %d and %d, got %d", key, lo, hi, n)
			}
			f.SetUint(uint64(n))
			return ""
		}
	case reflect.Slice:
		if list, ok := val.([]any); ok {
			out := make([]string, len(list))
			for i, e := range list {
				s, ok := e.(string)
				if !ok {
					return key + ": expected array of strings, got array containing " + gotName(e)
				}
				out[i] = s
			}
			f.Set(reflect.ValueOf(out))
			return ""
		}
	}
	return key + ": expected " + wantName(f.Type()) + ", got " + gotName(val)
}

// typeBounds is the range a message gives for a value that does not fit
// an unsigned field: the key's rule when it has one, else the type's.
func typeBounds(key string, t reflect.Type) (int64, int64) {
	hi := int64(uint64(1)<<t.Bits() - 1)
	for _, k := range auth.Keys() {
		if k.Name == key && k.Ranged {
			return k.Min, min(k.Max, hi)
		}
	}
	return 0, hi
}

// gotName names the TOML type of a decoded value, as the generated
// package does.
func gotName(val any) string { return auth.TOMLTypeName(val) }
