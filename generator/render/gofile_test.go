package render

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRewriteGo(t *testing.T) {
	src := `package auth

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// F uses pgx and the queries but not database/sql (its region was dropped).
func F(ctx context.Context) (pgx.Rows, *sqlitedb.Queries) { return nil, nil }
`
	got, err := rewriteGo("f.go", []byte(src), goEdit{pkg: "accounts", importPath: "example.com/app/internal/accounts", header: "// hdr\n\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := `// hdr

package accounts

import (
	"context"

	"example.com/app/internal/accounts/internal/sqlitedb"
	"github.com/jackc/pgx/v5"
)

// F uses pgx and the queries but not database/sql (its region was dropped).
func F(ctx context.Context) (pgx.Rows, *sqlitedb.Queries) { return nil, nil }
`
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("rewriteGo (-want +got):\n%s", d)
	}
}

func TestRewriteGoExternalTest(t *testing.T) {
	src := `package auth_test

import (
	"fmt"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

func Example() {
	auth := 1 // a local variable named like the package is left alone
	_ = auth
	fmt.Println(authName())
}

func authName() string { var c auth.Config; return c.AppName }
`
	got, err := rewriteGo("x_test.go", []byte(src), goEdit{pkg: "accounts", importPath: "example.com/app/internal/accounts"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"package accounts_test", `"example.com/app/internal/accounts"`, "var c accounts.Config", "auth := 1"} {
		if !strings.Contains(string(got), want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestRewriteGoCLI(t *testing.T) {
	src := `package main

import (
	"fmt"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

func main() { fmt.Println(auth.MinPasswordLength) }
`
	got, err := rewriteGo("main.go", []byte(src), goEdit{pkg: "accounts", importPath: "example.com/app/internal/accounts", header: "// header\n\n"})
	if err != nil {
		t.Fatal(err)
	}
	want := `// header

package main

import (
	"fmt"

	"example.com/app/internal/accounts"
)

func main() { fmt.Println(accounts.MinPasswordLength) }
`
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("rewriteGo of the command (-want +got):\n%s", d)
	}
}

func TestGoHeaderIsNotGeneratedMarker(t *testing.T) {
	h := goHeader("v1.2.3", "oauth", "")
	if strings.Contains(h, "DO NOT EDIT") || strings.HasPrefix(h, "// Code generated") {
		t.Errorf("header %q matches the generated-code convention; owned code must not", h)
	}
}

// TestImportNames checks the committed table against the blueprints in
// both directions, using go list: every non-standard package a blueprint
// imports is in the table under its real name, and every entry of the
// table is imported by some blueprint.
func TestImportNames(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "-json=ImportPath,Name,Standard", "github.com/regstack/regstack-gen/blueprints/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	direct := blueprintImports(t)
	imported := map[string]bool{}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath, Name string
			Standard         bool
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		// The blueprint packages themselves (auth and the cli command) are
		// rewritten or never imported by generated code.
		if p.Standard || !direct[p.ImportPath] || strings.HasPrefix(p.ImportPath, "github.com/regstack/regstack-gen/blueprints/") {
			continue
		}
		imported[p.ImportPath] = true
		if got, ok := importNames()[p.ImportPath]; !ok || got != p.Name {
			t.Errorf("importNames()[%q] = %q, %v; the package is named %q", p.ImportPath, got, ok, p.Name)
		}
	}
	for path := range importNames() {
		if !imported[path] {
			t.Errorf("importNames() names %q, which no blueprint imports; remove it", path)
		}
	}
}

// blueprintImports lists the paths the blueprint packages import directly.
func blueprintImports(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-test", "-f", `{{join .Imports "\n"}}`+"\n"+`{{join .TestImports "\n"}}`+"\n"+`{{join .XTestImports "\n"}}`, "github.com/regstack/regstack-gen/blueprints/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	m := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		m[l] = true
	}
	return m
}

func TestLastElem(t *testing.T) {
	for p, want := range map[string]string{"math/rand/v2": "rand", "net/http": "http", "fmt": "fmt", "example.com/x/v10": "x", "v2": "v2"} {
		if got := lastElem(p); got != want {
			t.Errorf("lastElem(%q) = %q, want %q", p, got, want)
		}
	}
}
