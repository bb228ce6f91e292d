package blueprint

import (
	"go/format"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/blueprints"
	"github.com/regstack/regstack-gen/generator/feature"
)

func mustSet(t *testing.T, names ...string) feature.Set {
	t.Helper()
	s, err := feature.NewSet(names...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSelect(t *testing.T) {
	src := `//regstack:feature admin

package auth

func a() {}

//regstack:if password_reset

func b() {}

//regstack:end

//regstack:if !password_reset

func c() {}

//regstack:end
`
	tests := []struct {
		name string
		set  feature.Set
		want string
	}{
		{"reset on", mustSet(t, "admin", "password_reset"), "package auth\n\nfunc a() {}\n\n\nfunc b() {}\n\n\n"},
		{"reset off", mustSet(t, "admin"), "package auth\n\nfunc a() {}\n\n\n\nfunc c() {}\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select("x.go", []byte(src), tt.set)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, string(got)); d != "" {
				t.Errorf("Select (-want +got):\n%s", d)
			}
		})
	}
}

func TestSelectOtherSyntaxes(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"a.sql", "-- regstack:if admin\nCREATE TABLE x;\n-- regstack:end\nSELECT 1;\n", "SELECT 1;\n"},
		{"a.html", "<p>\n{{/* regstack:if admin */}}\n<a>\n{{/* regstack:end */}}\n</p>\n", "<p>\n</p>\n"},
		{"a.css", "/* regstack:if !admin */\n.x{}\n/* regstack:end */\n", ".x{}\n"},
		{"a.js", "// regstack:feature admin\n\nlet x;\n", "let x;\n"},
		{"README", "no markers here\n", "no markers here\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Select(tt.name, []byte(tt.src), mustSet(t))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, string(got)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct{ name, file, src, wantErr string }{
		{"unknown feature", "a.go", "//regstack:feature oath\n\npackage a\n", `unknown feature "oath"`},
		{"unknown region feature", "a.go", "package a\n//regstack:if smss\n//regstack:end\n", `a.go:2: unknown feature "smss"`},
		{"nested", "a.go", "package a\n//regstack:if password_reset\n//regstack:if admin\n//regstack:end\n", "a.go:3: nested"},
		{"unbalanced end", "a.go", "package a\n//regstack:end\n", "a.go:2: regstack:end without"},
		{"unclosed", "a.go", "package a\n//regstack:if admin\n", "a.go:2: regstack:if without"},
		{"late directive", "a.go", "package a\n//regstack:feature admin\n", "a.go:2: unexpected directive"},
		{"unknown directive", "a.go", "//regstack:maybe admin\npackage a\n", `unknown directive "maybe admin"`},
		{"no syntax", "a.yaml", "# regstack:if admin\n", "without marker syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{tt.file: {Data: []byte(tt.src)}})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Load error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadDirectoryMarkerAndMentions(t *testing.T) {
	idx, err := Load(fstest.MapFS{
		"auth/internal/pgdb/regstack.feature": {Data: []byte("backend=postgres\nadmin.sql.go: admin\n")},
		"auth/internal/pgdb/db.go":            {Data: []byte("package pgdb\n")},
		"auth/internal/pgdb/admin.sql.go":     {Data: []byte("package pgdb\n")},
		"auth/core.go":                        {Data: []byte("package auth\n//regstack:if admin\n//regstack:end\n")},
		"auth/admin.go":                       {Data: []byte("//regstack:feature admin\n\npackage auth\n")},
		"auth/regions.go":                     {Data: []byte("package auth\n//regstack:if password_reset\n//regstack:end\n")},
		"auth/dev.go":                         {Data: []byte("//regstack:omit\n\npackage auth\n//regstack:if account_deletion\n//regstack:end\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range idx.Files {
		got[f.Path] = f.Condition.String()
		if f.Omit {
			got[f.Path] = "omit"
		}
	}
	want := map[string]string{"auth/admin.go": "admin", "auth/core.go": "", "auth/internal/pgdb/admin.sql.go": "backend=postgres admin", "auth/dev.go": "omit", "auth/internal/pgdb/db.go": "backend=postgres", "auth/regions.go": ""}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("conditions (-want +got):\n%s", d)
	}
	if !idx.Mentioned["admin"] || !idx.Mentioned["backend=postgres"] || idx.Mentioned["account_deletion"] || idx.Mentioned["password_reset"] {
		t.Errorf("Mentioned = %v: want admin and backend=postgres; not account_deletion (only a region of an omitted file) nor password_reset (only a region)", idx.Mentioned)
	}
}

// TestLoadDirectoryMarkerErrors: a per-file line must name a file of the
// directory, so a typo cannot leave a file ungated.
func TestLoadDirectoryMarkerErrors(t *testing.T) {
	tests := []struct{ marker, wantErr string }{
		{"backend=postgres\nadmn.sql.go: admin\n", "auth/internal/pgdb/regstack.feature: names admn.sql.go, which does not exist"},
		{"backend=postgres\nadmin.sql.go admin\n", `regstack.feature:2: want "file name: condition"`},
		{"backend=postgres\nadmin.sql.go: admn\n", `unknown feature "admn"`},
	}
	for _, tt := range tests {
		_, err := Load(fstest.MapFS{
			"auth/internal/pgdb/regstack.feature": {Data: []byte(tt.marker)},
			"auth/internal/pgdb/admin.sql.go":     {Data: []byte("package pgdb\n")},
		})
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("marker %q: err = %v, want one containing %q", tt.marker, err, tt.wantErr)
		}
	}
}

// txtarMarker matches a line txtar would take as a file header; such a
// line in a blueprint would corrupt the golden archives.
var txtarMarker = regexp.MustCompile(`(?m)^-- .* --$`)

// TestBlueprintLint checks the real, embedded blueprints: directives and
// regions are valid (Load), Go files are gofmt-clean, and no line looks
// like a txtar file marker.
func TestBlueprintLint(t *testing.T) {
	if _, err := Load(blueprints.FS); err != nil {
		t.Fatal(err)
	}
	err := fs.WalkDir(blueprints.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(blueprints.FS, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".go") {
			if out, err := format.Source(data); err != nil || string(out) != string(data) {
				t.Errorf("%s is not gofmt-clean (%v)", p, err)
			}
		}
		if m := txtarMarker.Find(data); m != nil {
			t.Errorf("%s: line %q would be read as a txtar file marker", p, m)
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			t.Errorf("%s does not end with a newline (txtar would add one)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
