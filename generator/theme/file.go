package theme

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	auth "github.com/regstack/regstack-gen/blueprints/auth"
)

// DefaultFilename is the file the designer writes unless told otherwise.
const DefaultFilename = "regstack-theme.css"

// header opens every written file: three lines, as the reference's.
const header = `/* regstack-theme.css: theme overrides for the regstack account pages.
 * Written by regstack-gen theme (the reference's regstack theme design).
 * Load it after the bundled theme.css with theme_css_url. */
`

// Result is what a write reports.
type Result struct {
	TargetPath   string `json:"target_path"`
	LightCount   int    `json:"light_count"`
	DarkCount    int    `json:"dark_count"`
	BytesWritten int    `json:"bytes_written"`
}

// Render returns the file for v: the managed variables that have a value,
// in canonical order, light in :root and, only when there are dark
// values, dark in a prefers-color-scheme block. Unknown names are dropped;
// a unitless radius gains px. The same input gives the same bytes.
func Render(v Values) (data []byte, light, dark int) {
	var b bytes.Buffer
	b.WriteString(header)
	b.WriteString("\n")
	lightLines := declarations(v.Light, "  ")
	if len(lightLines) == 0 {
		b.WriteString(":root { }\n")
	} else {
		b.WriteString(":root {\n")
		for _, l := range lightLines {
			b.WriteString(l)
		}
		b.WriteString("}\n")
	}
	darkLines := declarations(v.Dark, "    ")
	if len(darkLines) > 0 {
		b.WriteString("\n@media (prefers-color-scheme: dark) {\n  :root {\n")
		for _, l := range darkLines {
			b.WriteString(l)
		}
		b.WriteString("  }\n}\n")
	}
	return b.Bytes(), len(lightLines), len(darkLines)
}

// declarations returns the "name: value;" lines of vals in canonical order.
func declarations(vals map[string]string, indent string) []string {
	var out []string
	for _, mv := range managed() {
		val := strings.TrimSpace(vals[mv.Name])
		if val == "" {
			continue
		}
		if mv.Kind == auth.ThemeRadius && unitless.MatchString(val) {
			val += "px"
		}
		out = append(out, indent+mv.Name+": "+val+";\n")
	}
	return out
}

// Write renders v into dir/filename, creating dir, replacing the file in
// one rename so a reader never sees half a file.
func Write(dir, filename string, v Values) (Result, error) {
	if filename == "" || filepath.Base(filename) != filename {
		return Result{}, fmt.Errorf("file name %q: give a plain name; the directory is --target", filename)
	}
	abs, err := filepath.Abs(filepath.Join(dir, filename))
	if err != nil {
		return Result{}, fmt.Errorf("resolving %s: %w", filename, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return Result{}, fmt.Errorf("creating %s: %w", filepath.Dir(abs), err)
	}
	data, light, dark := Render(v)
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filename+".*")
	if err != nil {
		return Result{}, fmt.Errorf("writing %s: %w", abs, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), abs)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return Result{}, fmt.Errorf("writing %s: %w", abs, werr)
	}
	return Result{TargetPath: abs, LightCount: light, DarkCount: dark, BytesWritten: len(data)}, nil
}

var (
	rootBlock = regexp.MustCompile(`(?s)^\s*:root\s*\{([^{}]*)\}`)
	darkBlock = regexp.MustCompile(`(?s)@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)\s*\{\s*:root\s*\{([^{}]*)\}\s*\}`)
	decl      = regexp.MustCompile(`(--rs-[a-z-]+)\s*:\s*([^;]+);`)
	comments  = regexp.MustCompile(`(?s)/\*.*?\*/`)
)

// Load reads back a file Write wrote (or one edited by hand in the same
// shape): the :root block and the dark :root block. A missing or
// unreadable file, or one in another shape, gives empty maps.
func Load(path string) Values {
	out := Values{Light: map[string]string{}, Dark: map[string]string{}}
	data, err := os.ReadFile(path)
	if err != nil {
		return out
	}
	text := comments.ReplaceAllString(string(data), "")
	m := rootBlock.FindStringSubmatch(text)
	if m == nil {
		return out
	}
	light := map[string]string{}
	for _, d := range decl.FindAllStringSubmatch(m[1], -1) {
		light[d[1]] = strings.TrimSpace(d[2])
	}
	dark := map[string]string{}
	if dm := darkBlock.FindStringSubmatch(text); dm != nil {
		for _, d := range decl.FindAllStringSubmatch(dm[1], -1) {
			dark[d[1]] = strings.TrimSpace(d[2])
		}
	}
	out.Light, out.Dark = light, dark
	return out
}
