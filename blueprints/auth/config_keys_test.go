package auth

import (
	"reflect"
	"slices"
	"testing"
)

// TestConfigKeysCoverConfig: every field of Config (tables flattened) is
// declared exactly once in configKeys, in field order, so a key added to
// the struct without a declaration (or the reverse) fails here.
func TestConfigKeysCoverConfig(t *testing.T) {
	var fields []string
	var walk func(prefix string, typ reflect.Type)
	walk = func(prefix string, typ reflect.Type) {
		for f := range typ.Fields() {
			tag := f.Tag.Get("toml")
			if tag == "-" {
				continue // decoded by hand (oauth.providers)
			}
			if f.Type.Kind() == reflect.Struct {
				walk(prefix+tag+".", f.Type)
				continue
			}
			fields = append(fields, prefix+tag)
		}
	}
	walk("", reflect.TypeFor[Config]())
	var keys []string
	for _, k := range configKeys() {
		keys = append(keys, k.key)
	}
	if !slices.Equal(fields, keys) {
		t.Errorf("Config's toml keys and configKeys differ:\nfields: %v\nkeys:   %v", fields, keys)
	}
}

// TestConfigKeyRoles: only booleans select a feature, rules fit their
// types, and secrets are never generation keys.
func TestConfigKeyRoles(t *testing.T) {
	for _, k := range configKeys() {
		if k.feature != "" && k.typ != "boolean" {
			t.Errorf("%s selects feature %q but is a %s", k.key, k.feature, k.typ)
		}
		if k.ranged && k.typ != "integer" {
			t.Errorf("%s has a range but is a %s", k.key, k.typ)
		}
		if k.oneOf != nil && k.typ != "string" {
			t.Errorf("%s has choices but is a %s", k.key, k.typ)
		}
		if k.secret && k.generation {
			t.Errorf("%s is both a secret and a generation key", k.key)
		}
		if k.doc == "" {
			t.Errorf("%s has no documentation line", k.key)
		}
	}
}
