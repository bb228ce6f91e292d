package theme

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.css")

func TestSchemaPartitionsTheManagedVariables(t *testing.T) {
	s := ManagedSchema()
	if len(s.ColorVars) != 12 || len(s.FontVars) != 2 || len(s.RadiusVars) != 1 || len(s.AllVars) != 15 {
		t.Fatalf("schema %+v", s)
	}
	seen := map[string]bool{}
	for _, group := range [][]string{s.ColorVars, s.FontVars, s.RadiusVars} {
		for _, n := range group {
			if seen[n] {
				t.Fatalf("%s in two groups", n)
			}
			seen[n] = true
		}
	}
	if len(seen) != len(s.AllVars) || seen["--rs-shadow"] {
		t.Fatalf("groups %v vs all %v", seen, s.AllVars)
	}
	d := Defaults()
	if d.Light["--rs-accent"] != "#2563eb" || d.Dark["--rs-accent"] != "#60a5fa" || d.Dark["--rs-radius"] != "" {
		t.Fatalf("defaults %+v", d)
	}
	// Every §16.3 variable is declared once, shadow included.
	names := map[string]bool{}
	for _, v := range auth.ThemeVars() {
		if names[v.Name] || !strings.HasPrefix(v.Name, "--rs-") || v.Light == "" {
			t.Fatalf("bad or repeated %+v", v)
		}
		names[v.Name] = true
	}
	if len(names) != 16 {
		t.Fatalf("%d theme variables, want the 16 of §16.3", len(names))
	}
}

func TestValidateColours(t *testing.T) {
	for _, ok := range []string{"#fff", "#FFFFFF", "#0d9488", "#0d948880", "rgba(13, 148, 136, 0.08)", "rgb(13, 148, 136)"} {
		if _, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-accent": ok}); len(errs) != 0 {
			t.Errorf("%q refused: %v", ok, errs)
		}
	}
	for _, bad := range []string{"blue", "#xyz", "#1234", "0d9488", "rgb(1, 2)", "#fff; } body { display: none"} {
		_, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-accent": bad})
		if len(errs) != 1 || errs[0].Field != "--rs-accent" || !strings.Contains(errs[0].Message, "colour") {
			t.Errorf("%q: %v", bad, errs)
		}
	}
}

func TestValidateFontsAndRadius(t *testing.T) {
	for _, ok := range []string{"Inter", `"Inter", -apple-system, sans-serif`} {
		if _, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-font-body": ok}); len(errs) != 0 {
			t.Errorf("font %q refused: %v", ok, errs)
		}
	}
	for _, bad := range []string{strings.Repeat("a", 250), "Inter; } body { color: red"} {
		if _, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-font-body": bad}); len(errs) != 1 {
			t.Errorf("font %.30q accepted", bad)
		}
	}
	for _, ok := range []string{"6", "6px", "10", "0.5rem", "1em", "12px"} {
		if _, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-radius": ok}); len(errs) != 0 {
			t.Errorf("radius %q refused: %v", ok, errs)
		}
	}
	for _, bad := range []string{"medium", "6 px", "px6", "-5px", "auto"} {
		if _, errs := ValidateStrings(ScopeLight, map[string]string{"--rs-radius": bad}); len(errs) != 1 {
			t.Errorf("radius %q accepted", bad)
		}
	}
}

func TestValidateShapes(t *testing.T) {
	kept, errs := Validate(ScopeLight, map[string]any{})
	if len(kept) != 0 || len(errs) != 0 {
		t.Fatal("empty input")
	}
	kept, errs = Validate(ScopeDark, map[string]any{
		"--rs-bg": "", "--rs-fg": nil, "--rs-accent": "#fff", "--rs-shadow": "none",
		"--rs-nope": "#fff", "--rs-radius": 6, "--rs-danger": "red",
	})
	if len(kept) != 1 || kept["--rs-accent"] != "#fff" {
		t.Fatalf("kept %v", kept)
	}
	want := []FieldError{
		{"--rs-danger", "--rs-danger must be a colour: #rgb, #rrggbb, #rrggbbaa, rgb(r, g, b) or rgba(r, g, b, a).", "dark"},
		{"--rs-nope", "Unknown variable in dark scope: '--rs-nope'.", "dark"},
		{"--rs-radius", "--rs-radius must be a string.", "dark"},
		{"--rs-shadow", "Unknown variable in dark scope: '--rs-shadow'.", "dark"},
	}
	if len(errs) != len(want) {
		t.Fatalf("errors %v", errs)
	}
	for i := range want {
		if errs[i] != want[i] {
			t.Errorf("error %d: %+v, want %+v", i, errs[i], want[i])
		}
	}
}

// goldenValues is the input of the golden file: every kind, a bare radius,
// an unknown key (dropped) and a blank value (dropped), out of order.
var goldenValues = Values{
	Light: map[string]string{"--rs-radius": "10", "--rs-accent": "#0d9488", "--rs-font-body": `"Inter", sans-serif`,
		"--rs-bg": "#fafafa", "--rs-unknown": "#000", "--rs-fg": "  "},
	Dark: map[string]string{"--rs-accent": "#2dd4bf", "--rs-bg": "rgb(10, 10, 10)"},
}

func TestWriterGoldenAndByteStable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "static")
	res, err := Write(dir, DefaultFilename, goldenValues)
	if err != nil {
		t.Fatal(err)
	}
	first, err := os.ReadFile(res.TargetPath)
	if err != nil {
		t.Fatal(err)
	}
	if res.LightCount != 4 || res.DarkCount != 2 || res.BytesWritten != len(first) || !filepath.IsAbs(res.TargetPath) {
		t.Fatalf("result %+v (%d bytes)", res, len(first))
	}
	for i := 0; i < 5; i++ {
		if _, err := Write(dir, DefaultFilename, goldenValues); err != nil {
			t.Fatal(err)
		}
		again, _ := os.ReadFile(res.TargetPath)
		if string(again) != string(first) {
			t.Fatalf("write %d differs:\n%s\n---\n%s", i, again, first)
		}
	}
	golden := filepath.Join("testdata", "regstack-theme.golden.css")
	if *update {
		if err := os.WriteFile(golden, first, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(want) {
		t.Fatalf("output differs from %s (run go test ./generator/theme -update):\n%s", golden, first)
	}
	if !strings.HasPrefix(string(first), "/* regstack-theme.css") || !strings.Contains(string(first), "regstack theme design") {
		t.Fatalf("header:\n%s", first)
	}
}

func TestWriterWithoutDark(t *testing.T) {
	data, light, dark := Render(Values{Light: map[string]string{"--rs-accent": "#fff"}})
	if light != 1 || dark != 0 || strings.Contains(string(data), "@media") {
		t.Fatalf("%d/%d\n%s", light, dark, data)
	}
	data, _, _ = Render(Values{})
	if !strings.HasSuffix(string(data), "\n\n:root { }\n") {
		t.Fatalf("empty:\n%s", data)
	}
}

func TestLoaderRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, DefaultFilename)
	if got := Load(path); len(got.Light) != 0 || len(got.Dark) != 0 {
		t.Fatalf("missing file: %+v", got)
	}
	light := map[string]string{"--rs-accent": "#0d9488", "--rs-radius": "10px"}
	for _, dark := range []map[string]string{{}, {"--rs-accent": "#2dd4bf"}} {
		if _, err := Write(dir, DefaultFilename, Values{Light: light, Dark: dark}); err != nil {
			t.Fatal(err)
		}
		got := Load(path)
		if len(got.Light) != 2 || got.Light["--rs-radius"] != "10px" || len(got.Dark) != len(dark) || got.Dark["--rs-accent"] != dark["--rs-accent"] {
			t.Fatalf("round trip: %+v", got)
		}
	}
	if err := os.WriteFile(path, []byte("this is { not css"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Load(path); len(got.Light) != 0 || len(got.Dark) != 0 {
		t.Fatalf("corrupt file: %+v", got)
	}
}
