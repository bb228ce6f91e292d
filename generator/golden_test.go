package generator_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/render"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenVersion keeps the generator version out of the golden bytes.
const goldenVersion = "v0.0.0-golden"

// goldenModule is the host module path goldens are rendered for.
const goldenModule = "example.com/host"

const (
	inputName   = "regstack.toml"
	requireName = "go.mod.require"
)

func goldenPath(name string) string { return filepath.Join("..", "golden", name+".txtar") }

// renderCombination renders c as the golden archive's files.
func renderCombination(t *testing.T, c combination) *txtar.Archive {
	t.Helper()
	cfg, err := config.Parse(inputName, []byte(c.toml))
	if err != nil {
		t.Fatalf("parse %s input: %v", c.name, err)
	}
	_, res, err := generator.Build(cfg, goldenModule, goldenVersion)
	if err != nil {
		t.Fatalf("build %s: %v", c.name, err)
	}
	a := res.Tree.Archive(c.doc + "\n")
	a.Files = append([]txtar.File{{Name: inputName, Data: []byte(c.toml)}}, a.Files...)
	a.Files = append(a.Files, txtar.File{Name: requireName, Data: requireLines(res)})
	return a
}

func requireLines(res render.Result) []byte {
	var b bytes.Buffer
	for _, m := range res.Requires {
		b.WriteString(m.Path + " " + m.Version + "\n")
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for _, c := range combinations() {
		t.Run(c.name, func(t *testing.T) {
			got := renderCombination(t, c)
			if again := renderCombination(t, c); !bytes.Equal(txtar.Format(got), txtar.Format(again)) {
				t.Fatal("rendering twice gave different bytes")
			}
			if *update {
				if err := os.WriteFile(goldenPath(c.name), txtar.Format(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := txtar.ParseFile(goldenPath(c.name))
			if err != nil {
				t.Fatalf("%v (run `go test ./generator/... -update` to create it)", err)
			}
			compareArchives(t, want, got)
		})
	}
}

// compareArchives reports the path sets and then each differing file,
// (-want +got), so a blueprint change shows as a readable diff.
func compareArchives(t *testing.T, want, got *txtar.Archive) {
	t.Helper()
	if d := cmp.Diff(string(want.Comment), string(got.Comment)); d != "" {
		t.Errorf("comment (-want +got):\n%s", d)
	}
	wantFiles, gotFiles := archiveMap(want), archiveMap(got)
	if d := cmp.Diff(sortedKeys(wantFiles), sortedKeys(gotFiles)); d != "" {
		t.Errorf("file list (-want +got):\n%s", d)
	}
	for _, name := range sortedKeys(wantFiles) {
		g, ok := gotFiles[name]
		if !ok {
			continue
		}
		if d := cmp.Diff(wantFiles[name], g); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	if t.Failed() {
		t.Log("if the change is intended, run: go test ./generator/... -update")
	}
}

func archiveMap(a *txtar.Archive) map[string]string {
	m := map[string]string{}
	for _, f := range a.Files {
		m[f.Name] = string(f.Data)
	}
	return m
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestGoldenFilesMatchTable(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "golden", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk, inTable []string
	for _, f := range files {
		onDisk = append(onDisk, strings.TrimSuffix(filepath.Base(f), ".txtar"))
	}
	for _, c := range combinations() {
		inTable = append(inTable, c.name)
	}
	slices.Sort(inTable)
	if d := cmp.Diff(inTable, onDisk); d != "" {
		t.Errorf("golden/*.txtar vs combinations() (-table +disk):\n%s", d)
	}
}
