package generator_test

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// TestPagesOnlyWithUI: a host generated without enable_ui_router holds no
// page template, stylesheet or script, and no UI code; one with it holds
// them all, under the generated package (where its go:embed can reach
// them).
func TestPagesOnlyWithUI(t *testing.T) {
	isUI := func(name string) bool {
		return strings.Contains(name, "/templates/pages/") || strings.Contains(name, "/static/") ||
			path.Ext(name) == ".css" || path.Ext(name) == ".js" || strings.HasPrefix(path.Base(name), "ui")
	}
	for _, c := range combinations() {
		a := renderCombination(t, c)
		var ui []string
		for _, f := range a.Files {
			if isUI(f.Name) {
				ui = append(ui, f.Name)
			}
		}
		withUI := strings.Contains(c.toml, "enable_ui_router = true")
		if !withUI && len(ui) > 0 {
			t.Errorf("%s (no enable_ui_router) has UI files: %v", c.name, ui)
		}
		if withUI {
			for _, want := range []string{"internal/auth/static/css/core.css", "internal/auth/static/css/theme.css",
				"internal/auth/static/js/regstack.js", "internal/auth/templates/pages/base.html",
				"internal/auth/templates/pages/auth/me.html", "internal/auth/ui.go"} {
				if !slices.Contains(ui, want) {
					t.Errorf("%s lacks %s (has %v)", c.name, want, ui)
				}
			}
		}
	}
}
