package gomod

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
)

func TestPinnedMatchesGoMod(t *testing.T) {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse("go.mod", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]string{}
	for _, r := range f.Require {
		have[r.Mod.Path] = r.Mod.Version
	}
	for _, m := range Pinned() {
		if have[m.Path] != m.Version {
			t.Errorf("Pinned() has %s %s, go.mod has %q", m.Path, m.Version, have[m.Path])
		}
	}
}

func TestRequires(t *testing.T) {
	got, err := Requires([]string{
		"context", "net/http", "example.com/app/internal/auth/internal/sqlitedb",
		"modernc.org/sqlite", "modernc.org/sqlite/lib", "github.com/golang-jwt/jwt/v5", "golang.org/x/crypto/argon2",
	}, "example.com/app")
	if err != nil {
		t.Fatal(err)
	}
	want := []module.Version{
		{Path: "github.com/golang-jwt/jwt/v5", Version: "v5.3.1"},
		{Path: "golang.org/x/crypto", Version: "v0.59.0"},
		{Path: "modernc.org/sqlite", Version: "v1.62.0"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Requires (-want +got):\n%s", d)
	}
	if _, err := Requires([]string{"example.org/unknown/pkg"}, "example.com/app"); err == nil || !strings.Contains(err.Error(), "example.org/unknown/pkg") {
		t.Errorf("unknown import: err = %v, want one naming the path", err)
	}
}

func TestAddRequires(t *testing.T) {
	tests := []struct {
		name, in    string
		wantChanged bool
		wantSubstr  string
	}{
		{"adds", "module example.com/app\n\ngo 1.26\n", true, "modernc.org/sqlite v1.62.0"},
		{"keeps newer", "module example.com/app\n\ngo 1.26\n\nrequire modernc.org/sqlite v1.99.0\n", false, "modernc.org/sqlite v1.99.0"},
		{"raises older", "module example.com/app\n\ngo 1.26\n\nrequire modernc.org/sqlite v1.0.0\n", true, "modernc.org/sqlite v1.62.0"},
		{"same", "module example.com/app\n\ngo 1.26\n\nrequire modernc.org/sqlite v1.62.0\n", false, "modernc.org/sqlite v1.62.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, changed, err := AddRequires("go.mod", []byte(tt.in), []module.Version{{Path: "modernc.org/sqlite", Version: "v1.62.0"}})
			if err != nil {
				t.Fatal(err)
			}
			if changed != tt.wantChanged || !strings.Contains(string(out), tt.wantSubstr) {
				t.Errorf("changed=%v out=\n%s\nwant changed=%v containing %q", changed, out, tt.wantChanged, tt.wantSubstr)
			}
		})
	}
}

// TestAddRequiresDirectBlock: a module the generated code imports is a
// direct requirement, so it never lands in (or stays in) the "// indirect"
// block; go mod tidy would have nothing to move.
func TestAddRequiresDirectBlock(t *testing.T) {
	in := "module example.com/app\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.2\n\nrequire (\n\tgithub.com/spf13/pflag v1.0.9 // indirect\n\tgolang.org/x/sys v0.50.0 // indirect\n)\n"
	for _, tt := range []struct {
		name string
		in   string
	}{
		{"new module", in},
		{"indirect before", strings.Replace(in, "golang.org/x/sys v0.50.0 // indirect", "golang.org/x/sys v0.50.0 // indirect\n\tgithub.com/jackc/pgx/v5 v5.13.0 // indirect", 1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, changed, err := AddRequires("go.mod", []byte(tt.in), []module.Version{{Path: "github.com/jackc/pgx/v5", Version: "v5.13.0"}})
			if err != nil || !changed {
				t.Fatalf("changed=%v err=%v", changed, err)
			}
			f, err := modfile.Parse("go.mod", out, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, r := range f.Require {
				if r.Mod.Path == "github.com/jackc/pgx/v5" {
					n++
					if r.Indirect {
						t.Errorf("pgx is marked indirect:\n%s", out)
					}
				}
			}
			if n != 1 {
				t.Errorf("pgx required %d times:\n%s", n, out)
			}
			direct, indirect, _ := strings.Cut(string(out), "// indirect")
			if !strings.Contains(direct, "github.com/jackc/pgx/v5 v5.13.0") || strings.Contains(indirect, "jackc/pgx") {
				t.Errorf("pgx is not in the direct block:\n%s", out)
			}
		})
	}
}
