package config

import (
	"flag"
	"os"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the generated regions of docs/configuration.md")

// TestDocsKeyTables: the key tables of docs/configuration.md are rendered
// from the key declarations; `make docs` rewrites them.
func TestDocsKeyTables(t *testing.T) {
	const path = "../../docs/configuration.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, missing := ReplaceRegions(string(data), DocRegions())
	if len(missing) > 0 {
		t.Fatalf("%s has no generated region %v", path, missing)
	}
	if *updateDocs {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != string(data) {
		t.Errorf("%s is stale: run `make docs` and commit it", path)
	}
}
