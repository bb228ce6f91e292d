package config

import (
	"fmt"
	"math"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// DocRegions returns the generated regions of docs/configuration.md by
// name: each lies between "<!-- keys:NAME begin -->" and
// "<!-- keys:NAME end -->" and is rendered from the key declarations, and
// TestDocsKeyTables fails when the file is stale.
func DocRegions() map[string]string {
	return map[string]string{
		"secrets":    secretsTable(),
		"generation": generationTable(),
		"keys":       keyTables(),
	}
}

// docKey is how the docs name a key: `backend`, `[email] backend`.
func docKey(name string) string {
	if table, key, ok := strings.Cut(name, "."); ok {
		return "`[" + table + "] " + key + "`"
	}
	return "`" + name + "`"
}

func secretsTable() string {
	var b strings.Builder
	b.WriteString("| Key | Variable |\n|---|---|\n")
	for _, k := range auth.Keys() {
		if k.Secret {
			fmt.Fprintf(&b, "| %s | `%s` |\n", docKey(k.Name), k.Env)
		}
	}
	return b.String()
}

func generationTable() string {
	var b strings.Builder
	b.WriteString("| Key | Selects | Blueprint feature |\n|---|---|---|\n")
	for _, k := range auth.Keys() {
		if !k.Generation {
			continue
		}
		feature := "—"
		if k.Feature != "" {
			feature = "`" + k.Feature + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", docKey(k.Name), k.Doc, feature)
	}
	b.WriteString("| `[generate] output`, `package`, `cli`, `hooks` | where the code goes and which hook stubs exist | — |\n")
	return b.String()
}

// keyTables renders one table per TOML table, top-level keys first.
func keyTables() string {
	var b strings.Builder
	table := "-"
	for _, k := range auth.Keys() {
		t, name, ok := strings.Cut(k.Name, ".")
		if !ok {
			t, name = "", k.Name
		}
		if t != table {
			if table != "-" {
				b.WriteString("\n")
			}
			table = t
			if t == "" {
				b.WriteString("### Top-level keys\n\n")
			} else {
				b.WriteString("### `[" + t + "]`\n\n")
			}
			b.WriteString("| Key | Type | Default | Variable | Constraint / meaning |\n|---|---|---|---|---|\n")
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` | `%s` | %s |\n", name, k.Type, k.Default, k.Env, keyNotes(k))
	}
	return b.String()
}

// keyNotes is the last column: the rule, the role and the doc line.
func keyNotes(k auth.Key) string {
	var parts []string
	switch {
	case k.Ranged && k.Max == math.MaxInt64:
		parts = append(parts, fmt.Sprintf("≥ %d", k.Min))
	case k.Ranged:
		parts = append(parts, fmt.Sprintf("%d … %d", k.Min, k.Max))
	}
	if k.OneOf != nil {
		q := make([]string, len(k.OneOf))
		for i, v := range k.OneOf {
			q[i] = "`" + quote(v) + "`"
		}
		parts = append(parts, "one of "+strings.Join(q, ", "))
	}
	parts = append(parts, k.Doc)
	switch {
	case k.Feature != "":
		parts = append(parts, "**Generation key** (feature `"+k.Feature+"`)")
	case k.Generation:
		parts = append(parts, "**Generation key**")
	case k.Secret:
		parts = append(parts, "secret: keep it in the secrets file or the environment")
	}
	return strings.Join(parts, "; ")
}

// ReplaceRegions returns doc with each generated region replaced by its
// rendering, and the names of regions it did not find.
func ReplaceRegions(doc string, regions map[string]string) (string, []string) {
	var missing []string
	for name, body := range regions {
		begin, end := "<!-- keys:"+name+" begin -->\n", "<!-- keys:"+name+" end -->"
		i := strings.Index(doc, begin)
		j := strings.Index(doc, end)
		if i < 0 || j < i {
			missing = append(missing, name)
			continue
		}
		doc = doc[:i+len(begin)] + body + doc[j:]
	}
	return doc, missing
}
