package config

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// hintOf returns the parenthesised hint of the first problem in msg.
var hintOf = regexp.MustCompile(`unknown (?:key|table) "[^"]*"(?: \(([^)]*)\))?`)

// TestRuntimeLoaderHintsAsGenerator: a misspelt or misplaced key gets
// the same hint from regstack-gen and from the generated package's
// run-time loader (auth.LoadConfig), which share the rule.
func TestRuntimeLoaderHintsAsGenerator(t *testing.T) {
	docs := []string{
		"enable_admin_routr = true\n",
		"enable_oath = true\n",
		"enable_sms = true\n",
		"[email]\nsmtp_hots = \"h\"\n",
		"[emial]\nbackend = \"console\"\n",
		"smtp_port = 25\n",
		"[email]\nbackend = \"console\"\njwt_ttl_seconds = 60\n",
		"colour = \"blue\"\n",
	}
	dir := t.TempDir()
	t.Chdir(dir) // no secrets file, as in CI
	t.Setenv("REGSTACK_CONFIG", "")
	for _, doc := range docs {
		path := filepath.Join(dir, "regstack.toml")
		if err := os.WriteFile(path, []byte(`backend = "sqlite"`+"\n"+doc), 0o600); err != nil {
			t.Fatal(err)
		}
		_, genErr := Parse("regstack.toml", []byte(`backend = "sqlite"`+"\n"+doc))
		_, runErr := auth.LoadConfig(path)
		if genErr == nil || runErr == nil {
			t.Fatalf("%q: generator %v, run time %v; want both to refuse it", doc, genErr, runErr)
		}
		g, r := hintOf.FindStringSubmatch(genErr.Error()), hintOf.FindStringSubmatch(runErr.Error())
		if g == nil || r == nil || g[1] != r[1] {
			t.Errorf("%q:\ngenerator: %v\nrun time:  %v", doc, genErr, runErr)
		}
	}
}
