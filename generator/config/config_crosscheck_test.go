package config

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// tomlValues flattens a config struct into dotted toml key → value, tables
// included, skipping fields without a toml tag.
func tomlValues(v reflect.Value) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, v reflect.Value)
	walk = func(prefix string, v reflect.Value) {
		t := v.Type()
		for i := range t.NumField() {
			tag := t.Field(i).Tag.Get("toml")
			if tag == "" || tag == "-" {
				continue
			}
			f := v.Field(i)
			if f.Kind() == reflect.Struct {
				walk(prefix+tag+".", f)
				continue
			}
			out[prefix+tag] = f.Interface()
		}
	}
	walk("", v)
	return out
}

// TestSchemaMatchesGeneratedPackage keeps the generator's schema and the
// generated package's Config from drifting apart: the same keys, the same
// Go types and the same defaults. [generate] is the generator's alone.
func TestSchemaMatchesGeneratedPackage(t *testing.T) {
	gen := tomlValues(reflect.ValueOf(Default()).Elem())
	for k := range gen {
		if strings.HasPrefix(k, "generate.") {
			delete(gen, k)
		}
	}
	run := tomlValues(reflect.ValueOf(auth.DefaultConfig()).Elem())
	if len(gen) < 70 {
		t.Fatalf("only %d keys found; the walk is broken", len(gen))
	}
	if diff := cmp.Diff(gen, run); diff != "" {
		t.Errorf("generator/config vs auth.DefaultConfig (-generator +auth):\n%s", diff)
	}
}

// TestTablesMatchGeneratedPackage checks the table names too, which the
// flattened comparison only sees through their keys.
func TestTablesMatchGeneratedPackage(t *testing.T) {
	tables := func(v any) []string {
		var out []string
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Type.Kind() == reflect.Struct && f.Tag.Get("toml") != "generate" {
				out = append(out, f.Tag.Get("toml"))
			}
		}
		return out
	}
	if diff := cmp.Diff(tables(Config{}), tables(auth.Config{})); diff != "" {
		t.Errorf("tables (-generator +auth):\n%s", diff)
	}
}
