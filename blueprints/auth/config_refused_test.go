package auth

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadConfigRefusedFeatureNamesItsLine: a feature enabled in
// regstack.toml that the package was not generated with is refused with
// the file and line of the setting, as every other configuration error.
func TestLoadConfigRefusedFeatureNamesItsLine(t *testing.T) {
	isolate(t)
	writeFile(t, "regstack.toml", sqliteTOML+"app_name = \"x\"\nenable_admin_router = true\n[email]\nbackend = \"console\"\n")
	writeFile(t, secretsFile, "REGSTACK_JWT_SECRET=s\n")
	_, err := loadConfig("regstack.toml", sqliteGeneration(), nil)
	want := "the configuration asks for code this package was not generated with; run `regstack-gen generate` to regenerate it:\n" +
		"\tregstack.toml:4: enable_admin_router: configured true, generated false"
	if err == nil {
		t.Fatal("loadConfig succeeded, want an error")
	}
	if diff := cmp.Diff(want, err.Error()); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}

	// A feature generated but left out of regstack.toml has its default,
	// and the message says so instead of pointing at a line.
	writeFile(t, "regstack.toml", sqliteTOML)
	withAdmin := sqliteGeneration()
	withAdmin.Flags["enable_admin_router"] = true
	_, err = loadConfig("regstack.toml", withAdmin, nil)
	want = "the configuration asks for code this package was not generated with; run `regstack-gen generate` to regenerate it:\n" +
		"\tenable_admin_router: configured false (not set: the default), generated true"
	if err == nil || err.Error() != want {
		t.Errorf("loadConfig = %v, want %q", err, want)
	}
}
