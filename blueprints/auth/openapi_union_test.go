//regstack:omit

package auth

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite the blueprint's openapi.json")

// TestBlueprintOpenAPIDocument: the blueprint's openapi.json, which its
// union build embeds, is the document of every feature; a generated
// package gets the one of its own features instead. `make golden`
// rewrites it with -update-openapi.
func TestBlueprintOpenAPIDocument(t *testing.T) {
	want, err := OpenAPI(func(string) bool { return true }, "blueprint")
	if err != nil {
		t.Fatal(err)
	}
	if *updateOpenAPI {
		if err := os.WriteFile("openapi.json", want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("openapi.json is stale: run `make golden` and commit it")
	}
}
