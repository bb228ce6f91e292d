package apidoc

import (
	"flag"
	"os"
	"testing"
)

var updateDocs = flag.Bool("update-docs", false, "rewrite the generated regions of docs/api.md")

// TestDocsAPI: the endpoint tables, field tables and curl lines of
// docs/api.md are rendered from the blueprint's operation declarations;
// `make docs` rewrites them.
func TestDocsAPI(t *testing.T) {
	const path = "../../docs/api.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	got, missing := Replace(string(data), regions)
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
