//regstack:omit

package auth

// This file exists only in the blueprint: the view of the operations of
// openapi_spec.go that regstack-gen renders docs/api.md's tables from.

import (
	"fmt"
	"strings"
)

// Endpoint is one operation as docs/api.md shows it.
type Endpoint struct {
	Feature     string // "" for endpoints every package has
	Method      string
	Path        string // relative to api_prefix
	Summary     string
	Description string
	Auth        string // "none", "bearer" or "admin"
	Params      []Param
	Body        string // the request schema's name; "" for none
	// BodyExample is the example body as one line of JSON, with the
	// fields of ShellVars written as "$VARIABLE".
	BodyExample string
	Answers     []Answer
}

// Param is a query or path parameter.
type Param struct {
	Name, In, Type, Doc string
}

// Answer is one response of an endpoint.
type Answer struct {
	Status int
	Schema string
	Doc    string
	// Example is the example body as one line of JSON.
	Example string
}

// Field is one property of a component schema.
type Field struct {
	Name, Type string
	Required   bool
	Doc        string
}

// Endpoints returns every operation of every feature, in routes.go's order.
func Endpoints() ([]Endpoint, error) {
	var out []Endpoint
	for _, op := range apiOperations() {
		e := Endpoint{
			Feature: op.feature, Method: op.method, Path: op.path, Summary: op.summary,
			Description: op.description, Auth: op.auth, Body: op.body,
		}
		for _, p := range op.query {
			e.Params = append(e.Params, Param{Name: p.name, In: p.in, Type: schemaType(p.schema), Doc: p.doc})
		}
		if op.body != "" {
			ex := obj{}
			for _, m := range op.bodyExample {
				if v, ok := op.shellVars[m.key]; ok {
					m.value = "$" + v
				}
				ex = append(ex, m)
			}
			data, err := marshal(ex)
			if err != nil {
				return nil, fmt.Errorf("%s %s example: %w", op.method, op.path, err)
			}
			e.BodyExample = string(data)
		}
		for _, r := range byStatus(op.responses) {
			if r.schema == "" {
				e.Answers = append(e.Answers, Answer{Status: r.status, Doc: r.doc})
				continue
			}
			data, err := marshal(r.example)
			if err != nil {
				return nil, fmt.Errorf("%s %s %d example: %w", op.method, op.path, r.status, err)
			}
			e.Answers = append(e.Answers, Answer{Status: r.status, Schema: r.schema, Doc: r.doc, Example: string(data)})
		}
		out = append(out, e)
	}
	return out, nil
}

// SchemaFields returns the properties of the component schema name, in
// order, or nil when it has none (a oneOf).
func SchemaFields(name string) []Field {
	for _, s := range apiSchemas() {
		if s.key != name {
			continue
		}
		o := s.value.(obj)
		props, _ := o.get("properties").(obj)
		required := map[string]bool{}
		if req, ok := o.get("required").([]any); ok {
			for _, r := range req {
				required[r.(string)] = true
			}
		}
		var out []Field
		for _, p := range props {
			ps := p.value.(obj)
			doc, _ := ps.get("description").(string)
			out = append(out, Field{Name: p.key, Type: schemaType(ps), Required: required[p.key], Doc: doc})
		}
		return out
	}
	return nil
}

// SchemaDoc returns the description of the component schema name.
func SchemaDoc(name string) string {
	for _, s := range apiSchemas() {
		if s.key == name {
			doc, _ := s.value.(obj).get("description").(string)
			return doc
		}
	}
	return ""
}

// schemaType describes a schema's type in a few words: "string (email)",
// "string or null, ≤ 200", "array of UserPublic", "integer 1–200".
func schemaType(s obj) string {
	var t string
	switch v := s.get("type").(type) {
	case string:
		t = v
	case []any:
		var parts []string
		for _, p := range v {
			parts = append(parts, p.(string))
		}
		t = strings.Join(parts, " or ")
	default:
		t = "any"
	}
	if r, ok := s.get("$ref").(string); ok {
		return strings.TrimPrefix(r, "#/components/schemas/")
	}
	if items, ok := s.get("items").(obj); ok {
		t = "array of " + schemaType(items)
	}
	if f, ok := s.get("format").(string); ok {
		t += " (" + f + ")"
	}
	if c, ok := s.get("const").(string); ok {
		t = fmt.Sprintf("%q", c)
	}
	minLen, hasMin := s.get("minLength").(int)
	maxLen, hasMax := s.get("maxLength").(int)
	switch {
	case hasMin && hasMax:
		t += fmt.Sprintf(", %d–%d characters", minLen, maxLen)
	case hasMax:
		t += fmt.Sprintf(", ≤ %d characters", maxLen)
	}
	lo, hasLo := s.get("minimum").(int)
	hi, hasHi := s.get("maximum").(int)
	switch {
	case hasLo && hasHi:
		t += fmt.Sprintf(" %d–%d", lo, hi)
	case hasLo:
		t += fmt.Sprintf(" ≥ %d", lo)
	}
	if d, ok := s.get("default").(int); ok {
		t += fmt.Sprintf(", default %d", d)
	}
	return t
}
