package generator

import (
	"strings"
	"testing"

	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/plan"
)

// TestUnavailableSettingNamesItsLine: a setting that selects code this
// version cannot generate is refused at its file and line, like every
// other configuration error. (Every key of this version has its code, so
// the plan's error is built here rather than from a real regstack.toml.)
func TestUnavailableSettingNamesItsLine(t *testing.T) {
	cfg, err := config.Parse("regstack.toml", []byte("backend = \"sqlite\"\napp_name = \"x\"\nenable_oauth = true\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = locateUnavailable(cfg, &plan.UnavailableError{Settings: []plan.Unavailable{{Key: "enable_oauth", What: "OAuth sign-in endpoints"}}})
	if err == nil || !strings.Contains(err.Error(), "regstack.toml:3: enable_oauth: OAuth sign-in endpoints is not available in this version of regstack-gen") {
		t.Fatalf("err = %v", err)
	}
}
