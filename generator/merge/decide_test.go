package merge

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDecide(t *testing.T) {
	const (
		pristine = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n}\n"
		// newer is what the generator writes now: C changed upstream.
		newer = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 33\n}\n"
		// edited is the host's copy: A changed locally.
		edited = "package auth\n\nfunc A() int {\n\treturn 100\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n}\n"
		// both is edited and newer merged.
		both = "package auth\n\nfunc A() int {\n\treturn 100\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 33\n}\n"
		// clashing changes the line newer changed, differently.
		clashing  = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 300\n}\n"
		clashed   = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n<<<<<<< host\n\treturn 300\n=======\n\treturn 33\n>>>>>>> regstack-gen\n}\n"
		crlf      = "\r\n"
		markedOld = "package auth\n<<<<<<< host\nvar x = 1\n=======\nvar x = 2\n>>>>>>> regstack-gen\n"
	)
	toCRLFs := func(s string) string { return strings.ReplaceAll(s, "\n", crlf) }
	type want struct {
		action    Action
		content   *string // nil: Decision.Content must be nil
		conflicts int
		warning   string // a substring the warning must contain; "" means no warning
		keepBase  bool
	}
	str := func(s string) *string { return &s }
	for _, tc := range []struct {
		name string
		in   Inputs
		opts Options
		want want
	}{
		// The DESIGN §4.4 table, row by row.
		{
			name: "§4.4 host unchanged, new changed: overwrite",
			in:   Inputs{Host: []byte(pristine), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Update, content: str(newer)},
		},
		{
			name: "§4.4 host changed, new unchanged: keep host file",
			in:   Inputs{Host: []byte(edited), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(pristine), Selected: true},
			want: want{action: Keep},
		},
		{
			name: "§4.4 both changed, different hunks: merge",
			in:   Inputs{Host: []byte(edited), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Merge, content: str(both)},
		},
		{
			name: "§4.4 both changed, same lines: conflict markers",
			in:   Inputs{Host: []byte(clashing), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Conflict, content: str(clashed), conflicts: 1},
		},
		{
			name: "§4.4 host unchanged, no longer selected: delete",
			in:   Inputs{Host: []byte(pristine), HostExists: true, Pristine: []byte(pristine), PristineExists: true},
			want: want{action: Delete},
		},
		{
			name: "§4.4 host changed, no longer selected: keep, warn",
			in:   Inputs{Host: []byte(edited), HostExists: true, Pristine: []byte(pristine), PristineExists: true},
			want: want{action: KeepOrphan, warning: "you edited it, so it is kept"},
		},
		{
			name: "§4.4 host deleted, still selected: leave deleted, warn",
			in:   Inputs{Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: SkipDeleted, warning: "--restore"},
		},
		{
			name: "§4.4 host deleted, still selected, --restore: recreate",
			in:   Inputs{Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true, Restore: true},
			want: want{action: Restore, content: str(newer)},
		},
		// The rows the table leaves implicit.
		{
			name: "no pristine, no host file: create",
			in:   Inputs{New: []byte(newer), Selected: true},
			want: want{action: Create, content: str(newer)},
		},
		{
			name: "no pristine, host file identical: unchanged",
			in:   Inputs{Host: []byte(newer), HostExists: true, New: []byte(newer), Selected: true},
			want: want{action: Unchanged},
		},
		{
			name: "no pristine, hand-written host file: merge against an empty base, conflict",
			in:   Inputs{Host: []byte(edited), HostExists: true, New: []byte(newer), Selected: true},
			want: want{
				action:    Conflict,
				content:   str("package auth\n\nfunc A() int {\n<<<<<<< host\n\treturn 100\n=======\n\treturn 1\n>>>>>>> regstack-gen\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n<<<<<<< host\n\treturn 3\n=======\n\treturn 33\n>>>>>>> regstack-gen\n}\n"),
				conflicts: 2,
				warning:   "no pristine copy",
			},
		},
		{
			name: "host already equals the new output: unchanged",
			in:   Inputs{Host: []byte(newer), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Unchanged},
		},
		{
			name: "host unchanged and new output unchanged: unchanged",
			in:   Inputs{Host: []byte(pristine), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(pristine), Selected: true},
			want: want{action: Unchanged},
		},
		{
			name: "host made the upstream change and more: keep, nothing to write",
			in:   Inputs{Host: []byte(both), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Keep},
		},
		{
			name: "host renamed the file: the old path is host-deleted, skip-deleted",
			in:   Inputs{Pristine: []byte(pristine), PristineExists: true, New: []byte(pristine), Selected: true},
			want: want{action: SkipDeleted, warning: "you deleted it"},
		},
		{
			name: "host deleted it and its feature is off: delete (forget it)",
			in:   Inputs{Pristine: []byte(pristine), PristineExists: true},
			want: want{action: Delete},
		},
		{
			name: "feature off, no pristine copy: keep, warn",
			in:   Inputs{Host: []byte(edited), HostExists: true},
			want: want{action: KeepOrphan, warning: "no pristine copy"},
		},
		// --force.
		{
			name: "--force over both-changed: new output, the discarded edit named",
			in:   Inputs{Host: []byte(clashing), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true, Force: true},
			want: want{action: Update, content: str(newer), warning: "1 line(s) added, 1 removed against the last generated version, first at line 12"},
		},
		{
			name: "--force over a kept edit: new output, the discarded edit named",
			in:   Inputs{Host: []byte(edited), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(pristine), Selected: true, Force: true},
			want: want{action: Update, content: str(pristine), warning: "first at line 4"},
		},
		{
			name: "--force over an untouched file: a plain update",
			in:   Inputs{Host: []byte(pristine), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true, Force: true},
			want: want{action: Update, content: str(newer)},
		},
		{
			name: "--force without a pristine copy: new output, warned",
			in:   Inputs{Host: []byte(edited), HostExists: true, New: []byte(newer), Selected: true, Force: true},
			want: want{action: Update, content: str(newer), warning: "no pristine copy"},
		},
		{
			name: "--force on an edited file whose feature is off: delete, warned",
			in:   Inputs{Host: []byte(edited), HostExists: true, Pristine: []byte(pristine), PristineExists: true, Force: true},
			want: want{action: Delete, warning: "your edits were discarded"},
		},
		{
			name: "--force does not bring back a deleted file",
			in:   Inputs{Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true, Force: true},
			want: want{action: SkipDeleted, warning: "--restore"},
		},
		// Line endings.
		{
			name: "CRLF host otherwise unchanged: counts as unchanged, updated in CRLF",
			in:   Inputs{Host: []byte(toCRLFs(pristine)), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Update, content: str(toCRLFs(newer))},
		},
		{
			name: "CRLF host equal to the new output but for line endings: unchanged",
			in:   Inputs{Host: []byte(toCRLFs(newer)), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Unchanged},
		},
		{
			name: "CRLF host with an edit: merged and written in CRLF",
			in:   Inputs{Host: []byte(toCRLFs(edited)), HostExists: true, Pristine: []byte(pristine), PristineExists: true, New: []byte(newer), Selected: true},
			want: want{action: Merge, content: str(toCRLFs(both))},
		},
		{
			name: "CRLF host untouched, feature off: delete",
			in:   Inputs{Host: []byte(toCRLFs(pristine)), HostExists: true, Pristine: []byte(pristine), PristineExists: true},
			want: want{action: Delete},
		},
		// Trailing newline.
		{
			name: "host removed the final newline, upstream changed elsewhere: stays without",
			in: Inputs{
				Host: []byte(strings.TrimSuffix(edited, "\n")), HostExists: true,
				Pristine: []byte(pristine), PristineExists: true, New: []byte(strings.Replace(pristine, "return 2", "return 22", 1)), Selected: true,
			},
			want: want{action: Merge, content: str(strings.TrimSuffix(strings.Replace(edited, "return 2", "return 22", 1), "\n"))},
		},
		// Leftover markers.
		{
			name: "unresolved markers from an earlier generate: not merged again",
			in:   Inputs{Host: []byte(markedOld), HostExists: true, Pristine: []byte("package auth\nvar x = 0\n"), PristineExists: true, New: []byte("package auth\nvar x = 0\nvar y = 1\n"), Selected: true},
			want: want{action: Conflict, content: str(markedOld), conflicts: 1, warning: "unresolved conflict", keepBase: true},
		},
		{
			name: "unresolved markers, upstream unchanged: keep",
			in:   Inputs{Host: []byte(markedOld), HostExists: true, Pristine: []byte("package auth\nvar x = 0\n"), PristineExists: true, New: []byte("package auth\nvar x = 0\n"), Selected: true},
			want: want{action: Keep},
		},
		// Go imports.
		{
			name: "Go file: both sides add an import",
			opts: Options{GoImports: true},
			in: Inputs{
				Host:       []byte("package auth\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nvar _ = fmt.Sprint\n\nvar _ = os.Exit\n"),
				HostExists: true,
				Pristine:   []byte("package auth\n\nimport (\n\t\"fmt\"\n)\n\nvar _ = fmt.Sprint\n"), PristineExists: true,
				New:      []byte("package auth\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nvar _ = fmt.Sprint\n\nvar _ = strings.ToUpper\n"),
				Selected: true,
			},
			want: want{
				action:    Conflict, // both appended a declaration at the end; the imports themselves merged
				content:   str("package auth\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nvar _ = fmt.Sprint\n\n<<<<<<< host\nvar _ = os.Exit\n=======\nvar _ = strings.ToUpper\n>>>>>>> regstack-gen\n"),
				conflicts: 1,
			},
		},
		{
			name: "Go file: both sides add an import, code edits apart",
			opts: Options{GoImports: true},
			in: Inputs{
				Host:       []byte("package auth\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc A() { os.Exit(1) }\n\nfunc B() {}\n\nfunc C() {}\n\nfunc D() { fmt.Print() }\n"),
				HostExists: true,
				Pristine:   []byte("package auth\n\nimport (\n\t\"fmt\"\n)\n\nfunc A() {}\n\nfunc B() {}\n\nfunc C() {}\n\nfunc D() { fmt.Print() }\n"), PristineExists: true,
				New:      []byte("package auth\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc A() {}\n\nfunc B() {}\n\nfunc C() {}\n\nfunc D() { fmt.Print(strings.ToUpper(\"x\")) }\n"),
				Selected: true,
			},
			want: want{action: Merge, content: str("package auth\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nfunc A() { os.Exit(1) }\n\nfunc B() {}\n\nfunc C() {}\n\nfunc D() { fmt.Print(strings.ToUpper(\"x\")) }\n")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Decide(tc.in, tc.opts)
			if d.Action != tc.want.action {
				t.Errorf("Action = %v, want %v", d.Action, tc.want.action)
			}
			switch {
			case tc.want.content == nil && d.Content != nil:
				t.Errorf("Content = %q, want nil", d.Content)
			case tc.want.content != nil:
				if diff := cmp.Diff(*tc.want.content, string(d.Content)); diff != "" || d.Content == nil {
					t.Errorf("Content (-want +got):\n%s", diff)
				}
			}
			if d.KeepPristine != tc.want.keepBase {
				t.Errorf("KeepPristine = %v, want %v", d.KeepPristine, tc.want.keepBase)
			}
			if d.Conflicts != tc.want.conflicts {
				t.Errorf("Conflicts = %d, want %d", d.Conflicts, tc.want.conflicts)
			}
			switch {
			case tc.want.warning == "" && d.Warning != "":
				t.Errorf("Warning = %q, want none", d.Warning)
			case !strings.Contains(d.Warning, tc.want.warning):
				t.Errorf("Warning = %q, want it to contain %q", d.Warning, tc.want.warning)
			}
		})
	}
}

// TestDecideConflictRoundTrip plays a conflict through to the next
// generate: the host resolves it by keeping its own line, the caller has
// recorded New as the pristine copy (KeepPristine was false), and the next
// generate keeps the resolution instead of raising the conflict again.
// Had the pristine copy stayed at the old base, the resolution would
// conflict with New once more, for ever.
func TestDecideConflictRoundTrip(t *testing.T) {
	base := []byte("a\nb\nc\nd\ne\n")
	host := []byte("a\nb\nHOST\nd\ne\n")
	newer := []byte("a\nb\nGEN\nd\ne\n")
	first := Decide(Inputs{Host: host, HostExists: true, Pristine: base, PristineExists: true, New: newer, Selected: true}, Options{})
	if first.Action != Conflict || first.KeepPristine {
		t.Fatalf("first generate: %v (KeepPristine %v), want a conflict that advances the pristine copy", first.Action, first.KeepPristine)
	}
	resolved := host // the host keeps its line and deletes the markers
	second := Decide(Inputs{Host: resolved, HostExists: true, Pristine: newer, PristineExists: true, New: newer, Selected: true}, Options{})
	if second.Action != Keep {
		t.Errorf("second generate: %v, want keep", second.Action)
	}
	stale := Decide(Inputs{Host: resolved, HostExists: true, Pristine: base, PristineExists: true, New: newer, Selected: true}, Options{})
	if stale.Action != Conflict {
		t.Errorf("with the pristine copy left at the old base: %v; the test's premise (a repeated conflict) no longer holds", stale.Action)
	}
}

// TestDecideDoesNotAlias makes sure a decision's content is a copy: the
// caller may reuse its buffers.
func TestDecideDoesNotAlias(t *testing.T) {
	newer := []byte("a\n")
	d := Decide(Inputs{New: newer, Selected: true}, Options{})
	newer[0] = 'X'
	if string(d.Content) != "a\n" {
		t.Errorf("Content changed with the input buffer: %q", d.Content)
	}
}

func TestActionString(t *testing.T) {
	got := map[string]Action{}
	for a := Create; a <= SetAside; a++ {
		got[a.String()] = a
	}
	want := map[string]Action{
		"create": Create, "update": Update, "keep": Keep, "merge": Merge, "conflict": Conflict,
		"delete": Delete, "keep-orphan": KeepOrphan, "skip-deleted": SkipDeleted, "unchanged": Unchanged, "restore": Restore, "set-aside": SetAside,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("action names (-want +got):\n%s", diff)
	}
	if s := Action(0).String(); s != "Action(0)" {
		t.Errorf("Action(0).String() = %q", s)
	}
}
