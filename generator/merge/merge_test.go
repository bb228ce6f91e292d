package merge

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// text joins lines, each ending with a newline.
func text(lines ...string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// mergeCase is one three-way merge with its expected result.
type mergeCase struct {
	name                string
	base, host, gen     string
	want                string
	wantConflicts       int
	goImports           bool
	skipGit             bool // inputs git would not see the same way (CRLF)
	hostLabel, genLabel string
}

func mergeCases() []mergeCase {
	base := text("package p", "", "func A() {", "\treturn 1", "}", "", "func B() {", "\treturn 2", "}", "", "func C() {", "\treturn 3", "}")
	return []mergeCase{
		{
			name: "edits in different hunks merge cleanly",
			base: base,
			host: strings.Replace(base, "return 1", "return 10", 1),
			gen:  strings.Replace(base, "return 3", "return 30", 1),
			want: strings.Replace(strings.Replace(base, "return 1", "return 10", 1), "return 3", "return 30", 1),
		},
		{
			name: "insertions at different places merge cleanly",
			base: base,
			host: strings.Replace(base, "func A() {\n", "func A() {\n\tlog(\"host\")\n", 1),
			gen:  strings.Replace(base, "func C() {\n", "func C() {\n\ttrace(\"gen\")\n", 1),
			want: strings.Replace(strings.Replace(base, "func A() {\n", "func A() {\n\tlog(\"host\")\n", 1), "func C() {\n", "func C() {\n\ttrace(\"gen\")\n", 1),
		},
		{
			name: "overlapping edits conflict with git-style markers",
			base: base,
			host: strings.Replace(base, "return 2", "return 20", 1),
			gen:  strings.Replace(base, "return 2", "return 200", 1),
			want: text("package p", "", "func A() {", "\treturn 1", "}", "", "func B() {",
				"<<<<<<< host", "\treturn 20", "=======", "\treturn 200", ">>>>>>> regstack-gen",
				"}", "", "func C() {", "\treturn 3", "}"),
			wantConflicts: 1,
		},
		{
			name: "identical edits on both sides are not a conflict",
			base: base,
			host: strings.Replace(base, "return 2", "return 22", 1),
			gen:  strings.Replace(base, "return 2", "return 22", 1),
			want: strings.Replace(base, "return 2", "return 22", 1),
		},
		{
			name: "an identical edit among different edits",
			base: text("a", "b", "c", "d", "e", "f", "g", "h", "i"),
			host: text("a", "B", "c", "d", "e", "f", "g", "h", "I"),
			gen:  text("a", "B", "c", "d", "E", "f", "g", "h", "i"),
			want: text("a", "B", "c", "d", "E", "f", "g", "h", "I"),
		},
		{
			name:          "an edit touching the other side's identical edit conflicts, as in git",
			base:          text("a", "b", "c", "d", "e", "f", "g", "h", "i"),
			host:          text("a", "B", "c", "d", "e", "f", "g", "h", "I"),
			gen:           text("A", "B", "c", "d", "e", "f", "g", "h", "i"),
			want:          text("<<<<<<< host", "a", "=======", "A", ">>>>>>> regstack-gen", "B", "c", "d", "e", "f", "g", "h", "I"),
			wantConflicts: 1,
		},
		{
			name:          "edits on adjacent lines conflict, as in git",
			base:          text("a", "b", "c", "d"),
			host:          text("a", "B", "c", "d"),
			gen:           text("a", "b", "C", "d"),
			want:          text("a", "<<<<<<< host", "B", "c", "=======", "b", "C", ">>>>>>> regstack-gen", "d"),
			wantConflicts: 1,
		},
		{
			name:          "both sides insert different lines at the same place",
			base:          text("a", "b"),
			host:          text("a", "h", "b"),
			gen:           text("a", "g", "b"),
			want:          text("a", "<<<<<<< host", "h", "=======", "g", ">>>>>>> regstack-gen", "b"),
			wantConflicts: 1,
		},
		{
			name:          "a conflict is narrowed to the lines that differ",
			base:          text("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
			host:          text("a", "B", "C", "x1", "E", "F", "G", "H", "I", "j"),
			gen:           text("a", "B", "C", "y1", "E", "F", "G", "H", "I", "j"),
			want:          text("a", "B", "C", "<<<<<<< host", "x1", "=======", "y1", ">>>>>>> regstack-gen", "E", "F", "G", "H", "I", "j"),
			wantConflicts: 1,
		},
		{
			name:          "conflicts three lines apart are joined",
			base:          text("a", "b", "c", "d", "e", "f", "g", "h"),
			host:          text("a", "B1", "c", "d", "e", "F1", "g", "h"),
			gen:           text("a", "B2", "c", "d", "e", "F2", "g", "h"),
			want:          text("a", "<<<<<<< host", "B1", "c", "d", "e", "F1", "=======", "B2", "c", "d", "e", "F2", ">>>>>>> regstack-gen", "g", "h"),
			wantConflicts: 1,
		},
		{
			name: "conflicts four lines apart stay two",
			base: text("a", "b", "c", "d", "e", "f", "g", "h", "i"),
			host: text("a", "B1", "c", "d", "e", "f", "G1", "h", "i"),
			gen:  text("a", "B2", "c", "d", "e", "f", "G2", "h", "i"),
			want: text("a", "<<<<<<< host", "B1", "=======", "B2", ">>>>>>> regstack-gen", "c", "d", "e", "f",
				"<<<<<<< host", "G1", "=======", "G2", ">>>>>>> regstack-gen", "h", "i"),
			wantConflicts: 2,
		},
		{
			name:          "conflicts separated only by braces and blank lines are joined",
			base:          text("a", "b", "}", "}", "", "}", "g", "h"),
			host:          text("a", "B1", "}", "}", "", "}", "G1", "h"),
			gen:           text("a", "B2", "}", "}", "", "}", "G2", "h"),
			want:          text("a", "<<<<<<< host", "B1", "}", "}", "", "}", "G1", "=======", "B2", "}", "}", "", "}", "G2", ">>>>>>> regstack-gen", "h"),
			wantConflicts: 1,
		},
		{
			name:          "custom labels",
			base:          text("a"),
			host:          text("b"),
			gen:           text("c"),
			hostLabel:     "mine",
			genLabel:      "theirs",
			want:          text("<<<<<<< mine", "b", "=======", "c", ">>>>>>> theirs"),
			wantConflicts: 1,
		},
		{
			name:    "CRLF host file: compared without CR, written back with CRLF",
			base:    text("one", "two", "three", "four", "five"),
			host:    "ONE\r\ntwo\r\nthree\r\nfour\r\nfive\r\n",
			gen:     text("one", "two", "three", "four", "FIVE"),
			want:    "ONE\r\ntwo\r\nthree\r\nfour\r\nFIVE\r\n",
			skipGit: true,
		},
		{
			name:          "CRLF host file with a conflict: markers use CRLF too",
			base:          text("one", "two"),
			host:          "ONE\r\ntwo\r\n",
			gen:           text("uno", "two"),
			want:          "<<<<<<< host\r\nONE\r\n=======\r\nuno\r\n>>>>>>> regstack-gen\r\ntwo\r\n",
			wantConflicts: 1,
			skipGit:       true,
		},
		{
			name: "host removed the final newline; it stays removed",
			base: text("a", "b", "c", "d", "e"),
			host: "a\nb\nc\nd\ne",
			gen:  text("A", "b", "c", "d", "e"),
			want: "A\nb\nc\nd\ne",
		},
		{
			name: "generator removed the final newline; it stays removed",
			base: text("a", "b", "c", "d", "e"),
			host: text("A", "b", "c", "d", "e"),
			gen:  "a\nb\nc\nd\ne",
			want: "A\nb\nc\nd\ne",
		},
		{
			name: "base without final newline, generator appends: its newline wins",
			base: "a\nb\nc\nd\ne",
			host: "A\nb\nc\nd\ne",
			gen:  text("a", "b", "c", "d", "e", "f"),
			want: text("A", "b", "c", "d", "e", "f"),
		},
		{
			name: "base without final newline, host appends: its newline wins",
			base: "a\nb\nc\nd\ne",
			host: text("a", "b", "c", "d", "e", "host"),
			gen:  "A\nb\nc\nd\ne",
			want: text("A", "b", "c", "d", "e", "host"),
		},
		{
			name: "no final newline on either side, untouched last line",
			base: "a\nb\nc\nd\ne",
			host: "A\nb\nc\nd\ne",
			gen:  "a\nb\nc\nD\ne",
			want: "A\nb\nc\nD\ne",
		},
		{
			name:          "conflict on a last line without newline: markers on lines of their own",
			base:          "a\nb\nc\nd\nlast",
			host:          "a\nb\nc\nd\nhost last",
			gen:           text("a", "b", "c", "d", "gen last"),
			want:          text("a", "b", "c", "d", "<<<<<<< host", "host last", "=======", "gen last", ">>>>>>> regstack-gen"),
			wantConflicts: 1,
		},
		{
			name: "empty files",
			want: "",
		},
		{
			name: "empty base and host: the generated file",
			gen:  text("a", "b"),
			want: text("a", "b"),
		},
		{
			name: "host emptied the file, generator unchanged: stays empty",
			base: text("a", "b"),
			gen:  text("a", "b"),
			want: "",
		},
		{
			name:          "host emptied the file, generator changed it: conflict",
			base:          text("a", "b"),
			gen:           text("a", "B"),
			want:          text("<<<<<<< host", "=======", "a", "B", ">>>>>>> regstack-gen"),
			wantConflicts: 1,
		},
		{
			name:          "empty base: differences conflict, shared lines do not",
			host:          text("package p", "", "// hand-written", "func A() {}"),
			gen:           text("package p", "", "func A() {}"),
			want:          text("package p", "", "<<<<<<< host", "// hand-written", "=======", ">>>>>>> regstack-gen", "func A() {}"),
			wantConflicts: 1,
		},
		{
			name:      "Go imports added on both sides merge as a set",
			goImports: true,
			base:      text("package p", "", "import (", "\t\"fmt\"", ")", "", "func F() { fmt.Println() }"),
			host:      text("package p", "", "import (", "\t\"fmt\"", "\t\"os\"", ")", "", "func F() { fmt.Println() }", "", "func H() { os.Exit(0) }"),
			gen:       text("package p", "", "import (", "\t\"fmt\"", "\t\"strings\"", ")", "", "func F() { fmt.Println() }", "", "func G() { _ = strings.ToUpper }"),
			want: text("package p", "", "import (", "\t\"fmt\"", "\t\"os\"", "\t\"strings\"", ")", "", "func F() { fmt.Println() }", "",
				"<<<<<<< host", "func H() { os.Exit(0) }", "=======", "func G() { _ = strings.ToUpper }", ">>>>>>> regstack-gen"),
			wantConflicts: 1,
			skipGit:       true,
		},
		{
			name:      "Go imports: additions go to the matching group, removals stick",
			goImports: true,
			base: text("package p", "", "import (", "\t\"fmt\"", "\t\"io\"", "", "\t\"example.com/app/db\"", ")", "",
				"func A() {}", "", "func B() {}", "", "func C() {}"),
			host: text("package p", "", "import (", "\t\"fmt\"", "\t\"io\"", "", "\t\"example.com/app/db\"", "\t\"example.com/app/log\"", ")", "",
				"func A() { log.X() }", "", "func B() {}", "", "func C() {}"),
			gen: text("package p", "", "import (", "\t\"errors\"", "\t\"fmt\"", "", "\t\"example.com/app/db\"", ")", "",
				"func A() {}", "", "func B() {}", "", "func C() { errors.New() }"),
			want: text("package p", "", "import (", "\t\"errors\"", "\t\"fmt\"", "", "\t\"example.com/app/db\"", "\t\"example.com/app/log\"", ")", "",
				"func A() { log.X() }", "", "func B() {}", "", "func C() { errors.New() }"),
			skipGit: true,
		},
		{
			name:          "without GoImports the same import edits conflict",
			base:          text("package p", "", "import (", "\t\"fmt\"", ")", "", "func F() {}"),
			host:          text("package p", "", "import (", "\t\"fmt\"", "\t\"os\"", ")", "", "func F() {}"),
			gen:           text("package p", "", "import (", "\t\"fmt\"", "\t\"strings\"", ")", "", "func F() {}"),
			want:          text("package p", "", "import (", "\t\"fmt\"", "<<<<<<< host", "\t\"os\"", "=======", "\t\"strings\"", ">>>>>>> regstack-gen", ")", "", "func F() {}"),
			wantConflicts: 1,
		},
		{
			name:      "GoImports falls back to lines when a version does not parse",
			goImports: true,
			base:      text("package p", "", "import \"fmt\"", "", "func F() {}"),
			host:      text("package p", "", "import \"fmt\"", "", "func F() {}", "", "func H() {}"),
			gen:       text("pkg p", "", "import \"fmt\"", "", "func F() {}"),
			want:      text("pkg p", "", "import \"fmt\"", "", "func F() {}", "", "func H() {}"),
		},
	}
}

func TestThreeWay(t *testing.T) {
	for _, tc := range mergeCases() {
		t.Run(tc.name, func(t *testing.T) {
			got, n := ThreeWay([]byte(tc.base), []byte(tc.host), []byte(tc.gen), Options{GoImports: tc.goImports, HostLabel: tc.hostLabel, GenLabel: tc.genLabel})
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("merged text (-want +got):\n%s", diff)
			}
			if n != tc.wantConflicts {
				t.Errorf("conflicts = %d, want %d", n, tc.wantConflicts)
			}
			if c := CountConflicts(got); c != n {
				t.Errorf("CountConflicts(result) = %d, ThreeWay said %d", c, n)
			}
		})
	}
}

// TestThreeWayMatchesGit runs every case (and the randomized scenarios)
// through git merge-file and requires the same number of conflicts and,
// for clean merges, the same text.
func TestThreeWayMatchesGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("git is not installed; the cross-check needs git merge-file")
	}
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, tc := range mergeCases() {
		if tc.skipGit || tc.hostLabel != "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			wantText, wantN := gitMergeFile(t, gitPath, dir, tc.base, tc.host, tc.gen)
			got, n := ThreeWay([]byte(tc.base), []byte(tc.host), []byte(tc.gen), Options{})
			if n != wantN {
				t.Errorf("conflicts = %d, git merge-file: %d", n, wantN)
			}
			if diff := cmp.Diff(wantText, string(got)); diff != "" {
				t.Errorf("merge differs from git merge-file (-git +ours):\n%s", diff)
			}
		})
	}
}

// gitMergeFile returns git merge-file's result and conflict count.
func gitMergeFile(t *testing.T, gitPath, dir, base, host, gen string) (string, int) {
	t.Helper()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	h, b, g := write("host", host), write("base", base), write("gen", gen)
	cmd := exec.Command(gitPath, "merge-file", "-p", "-L", "host", "-L", "base", "-L", "regstack-gen", h, b, g)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit) && exit.ExitCode() > 0 && exit.ExitCode() < 127:
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("git merge-file: %v: %s", err, stderr.String())
	return "", 0
}

// TestImportEditedByHostRemovedByGenerator: the host commented an import
// the generator dropped. The edit must survive or be reported, never
// vanish.
func TestImportEditedByHostRemovedByGenerator(t *testing.T) {
	base := "package a\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nvar _ = fmt.Sprint\nvar _ = http.Get\n"
	host := "package a\n\nimport (\n\t\"fmt\" // host note\n\t\"net/http\"\n)\n\nvar _ = fmt.Sprint\nvar _ = http.Get\n"
	gen := "package a\n\nimport (\n\t\"net/http\"\n)\n\nvar _ = http.Get\n"
	got, conflicts := ThreeWay([]byte(base), []byte(host), []byte(gen), Options{GoImports: true})
	if !strings.Contains(string(got), "host note") {
		t.Fatalf("host's import comment lost (conflicts=%d):\n%s", conflicts, got)
	}
}
