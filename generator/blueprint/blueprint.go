// Package blueprint reads the embedded blueprint tree: which feature each
// file belongs to (its header directive, or a regstack.feature file in its
// directory) and the feature regions inside shared files.
package blueprint

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/regstack/regstack-gen/generator/feature"
)

// DirMarker is the name of a file whose first line is the feature
// condition of every file in its directory and below. Each further line,
// "name: condition", adds a condition for one file of the directory: that
// is how files that cannot carry a header (sqlc's output) belong to a
// feature. It is never copied to a host.
const DirMarker = "regstack.feature"

// File is one blueprint file and the condition that selects it.
type File struct {
	// Path is the slash-separated path inside the blueprint FS.
	Path string
	// Condition must hold for the file to be generated.
	Condition feature.Condition
	// Omit marks dev-only files that are never generated.
	Omit bool
	// SQLC is set for sqlc's output; SQLCSource is then the query file its
	// header names ("" when it names none).
	SQLC       bool
	SQLCSource string
}

// Index lists every blueprint file in path order.
type Index struct {
	Files []File
	// Mentioned holds every feature name that selects at least one whole
	// file (by its directive or a directory marker): the features this
	// generator version can actually produce. A feature that only appears in
	// regions of shared files (an event type, say) is not enough.
	Mentioned map[string]bool
	// Events is the event table parsed from EventsFile, when the tree has
	// one.
	Events []Event
}

// Load walks fsys and validates every file's directives and regions, so a
// broken blueprint fails here rather than in a host.
func Load(fsys fs.FS) (Index, error) {
	idx := Index{Mentioned: map[string]bool{}}
	dirConds := map[string]string{}
	fileConds := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			data, err := fs.ReadFile(fsys, path.Join(p, DirMarker))
			if err == nil {
				return parseDirMarker(p, string(data), dirConds, fileConds)
			}
			return nil
		}
		if path.Base(p) == DirMarker {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		inherited := strings.TrimSpace(inheritedCondition(p, dirConds) + " " + fileConds[p])
		delete(fileConds, p)
		f, err := parseFile(p, data, inherited, idx.Mentioned)
		if err != nil {
			return err
		}
		idx.Files = append(idx.Files, f)
		return nil
	})
	if err != nil {
		return Index{}, err
	}
	for p := range fileConds {
		return Index{}, fmt.Errorf("%s: names %s, which does not exist", path.Join(path.Dir(p), DirMarker), path.Base(p))
	}
	if _, err := fs.Stat(fsys, EventsFile); err == nil {
		if idx.Events, err = Events(fsys); err != nil {
			return Index{}, err
		}
	}
	return idx, nil
}

// parseDirMarker reads the DirMarker of directory dir: its first line into
// dirConds, its "name: condition" lines into fileConds by file path.
func parseDirMarker(dir, data string, dirConds, fileConds map[string]string) error {
	lines := strings.Split(strings.TrimSpace(data), "\n")
	dirConds[dir] = strings.TrimSpace(lines[0])
	for i, line := range lines[1:] {
		name, cond, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.Contains(name, "/") {
			return fmt.Errorf("%s:%d: want \"file name: condition\", got %q", path.Join(dir, DirMarker), i+2, line)
		}
		fileConds[path.Join(dir, name)] = strings.TrimSpace(cond)
	}
	return nil
}

// inheritedCondition joins the conditions of every directory marker above p.
func inheritedCondition(p string, dirConds map[string]string) string {
	var parts []string
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if c, ok := dirConds[dir]; ok {
			parts = append(parts, c)
		}
		if dir == "." || dir == "/" {
			break
		}
	}
	return strings.Join(parts, " ")
}

func parseFile(p string, data []byte, inherited string, mentioned map[string]bool) (File, error) {
	f := File{Path: p}
	if path.Ext(p) == ".go" {
		_, f.SQLCSource, f.SQLC = SplitSQLCHeader(data)
	}
	cond := inherited
	syn, ok := syntaxFor(p)
	if !ok {
		if bytes.Contains(data, []byte("regstack:if")) || bytes.Contains(data, []byte("regstack:feature")) {
			return File{}, fmt.Errorf("%s: regstack marker in a file type without marker syntax", p)
		}
	} else {
		head, _, _ := strings.Cut(string(data), "\n")
		if d, ok := syn.marker(head); ok {
			switch {
			case d == "omit":
				f.Omit = true
			case strings.HasPrefix(d, "feature "):
				cond = strings.TrimSpace(cond + " " + strings.TrimPrefix(d, "feature "))
			case strings.HasPrefix(d, "if ") || d == "end":
				// A region may start on the first line.
			default:
				return File{}, fmt.Errorf("%s:1: unknown directive %q", p, d)
			}
		}
		if err := checkRegions(p, data, syn); err != nil {
			return File{}, err
		}
	}
	c, err := feature.ParseCondition(cond)
	if err != nil {
		return File{}, fmt.Errorf("%s: %w", p, err)
	}
	if !f.Omit {
		for _, t := range c.Positive() {
			mentioned[t] = true
		}
	}
	f.Condition = c
	return f, nil
}

// checkRegions validates that regions are balanced, not nested and name
// known features, and that feature/omit directives appear only on line 1.
func checkRegions(p string, data []byte, syn syntax) error {
	open := 0
	for i, line := range strings.Split(string(data), "\n") {
		d, ok := syn.marker(line)
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(d, "if "):
			if open != 0 {
				return fmt.Errorf("%s:%d: nested regstack:if (split the file instead)", p, i+1)
			}
			if _, err := feature.ParseCondition(strings.TrimPrefix(d, "if ")); err != nil {
				return fmt.Errorf("%s:%d: %w", p, i+1, err)
			}
			open = i + 1
		case d == "end":
			if open == 0 {
				return fmt.Errorf("%s:%d: regstack:end without regstack:if", p, i+1)
			}
			open = 0
		case (d == "omit" || strings.HasPrefix(d, "feature ")) && i == 0:
		default:
			return fmt.Errorf("%s:%d: unexpected directive %q", p, i+1, d)
		}
	}
	if open != 0 {
		return fmt.Errorf("%s:%d: regstack:if without regstack:end", p, open)
	}
	return nil
}

// Select returns the file's content for the feature set s: the header
// directive (and the blank line after it) and every marker line removed, and
// the regions whose condition does not hold dropped.
func Select(name string, data []byte, s feature.Set) ([]byte, error) {
	syn, ok := syntaxFor(name)
	if !ok {
		return data, nil
	}
	lines := strings.SplitAfter(string(data), "\n")
	var out strings.Builder
	keep := true
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		d, isMarker := syn.marker(line)
		if !isMarker {
			if keep {
				out.WriteString(line)
			}
			continue
		}
		switch {
		case strings.HasPrefix(d, "if "):
			c, err := feature.ParseCondition(strings.TrimPrefix(d, "if "))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %w", name, i+1, err)
			}
			keep = c.Holds(s)
		case d == "end":
			keep = true
		default: // the header directive: drop it and one blank line after it
			if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == "" {
				i++
			}
		}
	}
	return []byte(out.String()), nil
}
