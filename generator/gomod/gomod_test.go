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
