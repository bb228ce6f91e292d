package config

import (
	"reflect"
	"slices"
	"strings"
)

// field is one key of the schema: its dotted path and the settable value
// behind it.
type field struct {
	key string
	v   reflect.Value
}

// tableFields lists the keys of a struct in declaration order. The toml
// tags are the single source of truth, so a key added to Config is parsed,
// overridable from the environment and documented-by-test with no other
// change.
func tableFields(v reflect.Value) []field {
	t := v.Type()
	var out []field
	for i := range t.NumField() {
		if t.Field(i).Anonymous {
			// The embedded auth.Config: its keys are top-level keys.
			out = append(out, tableFields(v.Field(i))...)
			continue
		}
		tag := t.Field(i).Tag.Get("toml")
		if tag == "" || tag == "-" {
			continue
		}
		out = append(out, field{key: tag, v: v.Field(i)})
	}
	return out
}

// leafFields lists every scalar and list key of c, with tables flattened
// into dotted paths ("email.smtp_host").
func (c *Config) leafFields() []field {
	var out []field
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		for _, f := range tableFields(v) {
			f.key = prefix + f.key
			if f.v.Kind() == reflect.Struct {
				walk(f.key+".", f.v)
				continue
			}
			out = append(out, f)
		}
	}
	walk("", reflect.ValueOf(c).Elem())
	return out
}

// lookupField finds the leaf key path in c.
func (c *Config) lookupField(key string) (reflect.Value, bool) {
	fields := c.leafFields()
	i := slices.IndexFunc(fields, func(f field) bool { return f.key == key })
	if i < 0 {
		return reflect.Value{}, false
	}
	return fields[i].v, true
}

// tableNames lists the keys of c whose value is a table.
func tableNames() []string {
	var out []string
	for _, f := range tableFields(reflect.ValueOf(Default()).Elem()) {
		if f.v.Kind() == reflect.Struct {
			out = append(out, f.key)
		}
	}
	return out
}

// wantName is how a message names the TOML type a field needs.
func wantName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Slice:
		return "array of " + wantName(t.Elem()) + "s"
	case reflect.Struct:
		return "table"
	}
	return strings.ToLower(t.Kind().String())
}
