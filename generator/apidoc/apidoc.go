// Package apidoc renders the generated regions of docs/api.md (the
// endpoint reference) from the blueprint's one declaration of the API's
// operations, the same declaration regstack-gen writes each host's
// openapi.json from. TestDocsAPI fails when docs/api.md is stale; `make
// docs` rewrites it.
package apidoc

import (
	"fmt"
	"slices"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// Regions returns the generated regions of docs/api.md by name: each lies
// between "<!-- api:NAME begin -->" and "<!-- api:NAME end -->".
func Regions() (map[string]string, error) {
	eps, err := auth.Endpoints()
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"overview":  overview(eps),
		"reference": reference(eps),
		"schemas":   schemas(eps),
	}, nil
}

// Replace rewrites the regions of doc; missing lists the regions doc lacks.
func Replace(doc string, regions map[string]string) (string, []string) {
	var missing []string
	names := make([]string, 0, len(regions))
	for name := range regions {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		begin, end := "<!-- api:"+name+" begin -->\n", "<!-- api:"+name+" end -->"
		i, j := strings.Index(doc, begin), strings.Index(doc, end)
		if i < 0 || j < i {
			missing = append(missing, name)
			continue
		}
		doc = doc[:i+len(begin)] + regions[name] + doc[j:]
	}
	return doc, missing
}

// featureDoc names what generates an endpoint.
func featureDoc(feature string) string {
	switch feature {
	case "":
		return "always"
	case "account_deletion":
		return "`enable_account_deletion`"
	case "password_reset":
		return "`enable_password_reset`"
	case "admin":
		return "`enable_admin_router`"
	case "oauth":
		return "`enable_oauth`"
	}
	return "`" + feature + "`"
}

// authDoc says what an endpoint requires.
func authDoc(a string) string {
	switch a {
	case "bearer":
		return "bearer"
	case "admin":
		return "bearer, superuser"
	}
	return "—"
}

// anchor is the heading anchor of an endpoint's section.
func anchor(e auth.Endpoint) string {
	s := strings.ToLower(e.Method + "-" + e.Path)
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return -1
	}, strings.ReplaceAll(s, "/", "-"))
}

func overview(eps []auth.Endpoint) string {
	var b strings.Builder
	b.WriteString("| Method | Path | Auth | Generated | Body | Success | Errors |\n|---|---|---|---|---|---|---|\n")
	for _, e := range eps {
		body := "—"
		if e.Body != "" {
			body = "[" + e.Body + "](#" + strings.ToLower(e.Body) + ")"
		}
		var ok, errs []string
		for _, a := range e.Answers {
			if a.Status < 400 {
				ok = append(ok, strings.TrimSpace(fmt.Sprintf("%d %s", a.Status, a.Schema)))
			} else {
				errs = append(errs, fmt.Sprint(a.Status))
			}
		}
		fmt.Fprintf(&b, "| %s | [`%s`](#%s) | %s | %s | %s | %s | %s |\n",
			e.Method, e.Path, anchor(e), authDoc(e.Auth), featureDoc(e.Feature), body, strings.Join(ok, ", "), strings.Join(errs, ", "))
	}
	return b.String()
}

func reference(eps []auth.Endpoint) string {
	var b strings.Builder
	for i, e := range eps {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "### %s %s\n\n", e.Method, e.Path)
		fmt.Fprintf(&b, "<a id=\"%s\"></a>%s.", anchor(e), e.Summary)
		if e.Description != "" {
			b.WriteString(" " + e.Description)
		}
		fmt.Fprintf(&b, "\nAuth: %s. Generated: %s.\n\n", authDoc(e.Auth), featureDoc(e.Feature))
		if len(e.Params) > 0 {
			b.WriteString("| Parameter | In | Type | Meaning |\n|---|---|---|---|\n")
			for _, p := range e.Params {
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", p.Name, p.In, p.Type, p.Doc)
			}
			b.WriteString("\n")
		}
		if e.Body != "" {
			fmt.Fprintf(&b, "Body: `%s`\n\n", e.Body)
			fieldTable(&b, auth.SchemaFields(e.Body))
			b.WriteString("\n")
		}
		b.WriteString("| Status | Body | When | Example |\n|---|---|---|---|\n")
		for _, a := range e.Answers {
			if a.Schema == "" {
				// A redirect: no body, a Location header.
				fmt.Fprintf(&b, "| %d | — (Location) | %s | — |\n", a.Status, a.Doc)
				continue
			}
			fmt.Fprintf(&b, "| %d | %s | %s | `%s` |\n", a.Status, a.Schema, a.Doc, escapeCell(a.Example))
		}
		b.WriteString("\n```sh\n" + curl(e) + "```\n")
	}
	return b.String()
}

// curl is the endpoint's example call; $API is the API's URL, $TOKEN a
// session token, $ADMIN_TOKEN a superuser's, $USER_ID a user's _id.
func curl(e auth.Endpoint) string {
	var b strings.Builder
	path := strings.ReplaceAll(e.Path, "{user_id}", "$USER_ID")
	fmt.Fprintf(&b, "curl -s -X %s \"$API%s", e.Method, path)
	if len(e.Params) > 0 && e.Params[0].In == "query" {
		b.WriteString("?skip=0&limit=50")
	}
	b.WriteString("\"")
	switch e.Auth {
	case "bearer":
		b.WriteString(" \\\n  -H \"Authorization: Bearer $TOKEN\"")
	case "admin":
		b.WriteString(" \\\n  -H \"Authorization: Bearer $ADMIN_TOKEN\"")
	}
	if e.Body == "" {
		b.WriteString("\n")
		return b.String()
	}
	if !strings.Contains(e.BodyExample, "$") {
		fmt.Fprintf(&b, " \\\n  -H 'Content-Type: application/json' -d '%s'\n", e.BodyExample)
		return b.String()
	}
	// A here-document expands the $VARIABLE a token field names.
	fmt.Fprintf(&b, " \\\n  -H 'Content-Type: application/json' -d @- <<EOF\n%s\nEOF\n", e.BodyExample)
	return b.String()
}

// fieldTable writes a schema's properties.
func fieldTable(b *strings.Builder, fields []auth.Field) {
	b.WriteString("| Field | Type | Required | Meaning |\n|---|---|---|---|\n")
	for _, f := range fields {
		req := "no"
		if f.Required {
			req = "yes"
		}
		fmt.Fprintf(b, "| `%s` | %s | %s | %s |\n", f.Name, escapeCell(f.Type), req, escapeCell(f.Doc))
	}
}

// schemas documents every request and response schema the endpoints use,
// in first-use order.
func schemas(eps []auth.Endpoint) string {
	var names []string
	add := func(n string) {
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, e := range eps {
		add(e.Body)
		for _, a := range e.Answers {
			add(a.Schema)
			if a.Schema == "RegisterResponse" {
				add("PendingResponse")
				add("UserPublic")
			}
			if a.Schema == "ValidationError" {
				add("ValidationErrorItem")
			}
		}
	}
	var sections []string
	for _, n := range names {
		var b strings.Builder
		fmt.Fprintf(&b, "#### %s\n\n", n)
		if d := auth.SchemaDoc(n); d != "" {
			b.WriteString(strings.ToUpper(d[:1]) + d[1:] + ".\n\n")
		}
		if fields := auth.SchemaFields(n); len(fields) > 0 {
			fieldTable(&b, fields)
		}
		sections = append(sections, strings.TrimRight(b.String(), "\n")+"\n")
	}
	return strings.Join(sections, "\n")
}

// escapeCell keeps a value inside one Markdown table cell.
func escapeCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
