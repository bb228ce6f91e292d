package write_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/generator/manifest"
	"github.com/regstack/regstack-gen/generator/merge"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/render"
	"github.com/regstack/regstack-gen/generator/write"
)

// The versions of a small Go file the table uses. v1 is the first
// generation; the generator then changes C (v2), then B (v3), or A (genA);
// the host changes A (disjoint from the generator's C) or C (the same line).
const (
	v1     = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n}\n"
	v2     = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 33\n}\n"
	v3     = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 22\n}\n\nfunc C() int {\n\treturn 33\n}\n"
	genA   = "package auth\n\nfunc A() int {\n\treturn 11\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n}\n"
	hostA  = "package auth\n\nfunc A() int {\n\treturn 100\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n}\n"
	hostC  = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 300\n}\n"
	merged = "package auth\n\nfunc A() int {\n\treturn 100\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 33\n}\n"
	// conflictC is hostC against v2: both changed C's return line.
	conflictC = "package auth\n\nfunc A() int {\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n" +
		"<<<<<<< host\n\treturn 300\n=======\n\treturn 33\n>>>>>>> regstack-gen\n}\n"
	handWritten = "package auth\n\nfunc A() int {\n\treturn 7\n}\n"
	// handConflict is handWritten merged with v1 against an empty base, as
	// git merge-file writes it.
	handConflict = "package auth\n\nfunc A() int {\n" +
		"<<<<<<< host\n\treturn 7\n=======\n\treturn 1\n}\n\nfunc B() int {\n\treturn 2\n}\n\nfunc C() int {\n\treturn 3\n>>>>>>> regstack-gen\n}\n"
	stub1    = "package auth\n\n// onUserRegistered runs after registration.\nfunc onUserRegistered() {}\n"
	stub2    = "package auth\n\n// onUserRegistered runs after a registration.\nfunc onUserRegistered() {}\n"
	hostStub = "package auth\n\n// onUserRegistered sends a welcome email.\nfunc onUserRegistered() { welcome() }\n"
	// funcD is appended by the generator after a last line without a newline.
	funcD = "\n\nfunc D() {}"
)

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func ptr(s string) *string { return &s }

// gen is one generator output: managed files plus the paths of stubs.
type gen struct {
	files map[string]string
	stubs map[string]string
}

func (g gen) result() render.Result {
	res := render.Result{Policies: map[string]plan.Policy{}}
	for p, c := range g.files {
		res.Tree.Set(p, []byte(c))
		res.Policies[p] = plan.Managed
	}
	for p, c := range g.stubs {
		res.Tree.Set(p, []byte(c))
		res.Policies[p] = plan.Stub
	}
	return res
}

// step is one `generate`: the host's edits since the last one, then the
// generator's output and flags.
type step struct {
	edit func(t *testing.T, root string)
	gen  gen
	opts write.Options
}

func one(p, content string) gen { return gen{files: map[string]string{p: content}} }

func stubGen(p, content string) gen { return gen{stubs: map[string]string{p: content}} }

// lockEntry is the lock entry a row expects: the pristine content it hashes.
type lockEntry struct {
	pristine string
	policy   plan.Policy
	orphan   bool
}

// want is the state of one file after the last step.
type want struct {
	action    merge.Action
	conflicts int
	warning   string  // a substring of the warning; "" means no warning
	disk      *string // nil: the file is absent
	pristine  *string // nil: no pristine copy
	lock      *lockEntry
}

func testMeta() write.Meta {
	return write.Meta{Version: "v0.0.0-test", Fingerprint: "sha256:test", Features: []string{"backend=sqlite"}}
}

func writeFile(t *testing.T, root, p, content string) {
	t.Helper()
	name := filepath.Join(root, filepath.FromSlash(p))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func edit(p, content string) func(*testing.T, string) {
	return func(t *testing.T, root string) { t.Helper(); writeFile(t, root, p, content) }
}

func remove(p string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		t.Helper()
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
}

func rename(from, to string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		t.Helper()
		if err := os.Rename(filepath.Join(root, filepath.FromSlash(from)), filepath.Join(root, filepath.FromSlash(to))); err != nil {
			t.Fatal(err)
		}
	}
}

// apply runs one step against root and checks the invariants every
// generate must keep.
func apply(t *testing.T, root string, s step) write.Report {
	t.Helper()
	if s.edit != nil {
		s.edit(t, root)
	}
	rep, err := write.Apply(root, s.gen.result(), testMeta(), s.opts)
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	checkRecord(t, root)
	return rep
}

// readOpt returns a file's content, or nil when it is absent.
func readOpt(t *testing.T, name string) *string {
	t.Helper()
	data, err := os.ReadFile(name)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	return &s
}

// checkRecord checks that regstack.lock and the pristine copies describe
// each other: one pristine file per lock entry, with the entry's hash, and
// that no temporary file is left anywhere.
func checkRecord(t *testing.T, root string) {
	t.Helper()
	lock, err := write.ReadLock(root)
	if err != nil {
		t.Fatal(err)
	}
	if lock == nil {
		t.Fatal("no regstack.lock after Apply")
	}
	want := map[string]string{}
	for _, f := range lock.Files {
		want[f.Path] = f.SHA256
	}
	got := map[string]string{}
	pristineRoot := filepath.Join(root, filepath.FromSlash(manifest.PristineDir))
	err = filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.Contains(d.Name(), ".regstack-") {
			t.Errorf("temporary file left behind: %s", name)
		}
		if d.IsDir() {
			return nil
		}
		if rel, err := filepath.Rel(pristineRoot, name); err == nil && !strings.HasPrefix(rel, "..") {
			data, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			got[filepath.ToSlash(rel)] = manifest.Hash(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lock entries (-) and pristine copies (+) disagree:\n%s", diff)
	}
}

func fileResult(rep write.Report, p string) (write.FileResult, bool) {
	for _, f := range rep.Files {
		if f.Path == p {
			return f, true
		}
	}
	return write.FileResult{}, false
}

// snapshot records every file (with its content) and directory below root.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = "(dir)"
			return nil
		}
		data, err := os.ReadFile(name)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestApplyTable runs the regeneration table of DESIGN §4.4 (and the cases
// docs/regeneration.md adds) against a real directory: each row generates
// one or more times with host edits in between, then checks the file on
// disk, its pristine copy, its lock entry and the reported action.
func TestApplyTable(t *testing.T) {
	const f = "internal/auth/handler.go"
	// o is a file that is not Go: switched off while edited, it stays
	// where it is (keep-orphan), where a Go file is set aside.
	const o = "internal/auth/templates/page.txt"
	managed := func(pristine string) *lockEntry { return &lockEntry{pristine: pristine, policy: plan.Managed} }
	for _, tc := range []struct {
		name  string
		path  string // the file the row is about; f when empty
		steps []step
		want  want
		check func(t *testing.T, root string, rep write.Report)
	}{
		{
			name:  "new file: create",
			steps: []step{{gen: one(f, v1)}},
			want:  want{action: merge.Create, disk: ptr(v1), pristine: ptr(v1), lock: managed(v1)},
		},
		{
			name:  "§4.4 host unchanged, new changed: overwrite",
			steps: []step{{gen: one(f, v1)}, {gen: one(f, v2)}},
			want:  want{action: merge.Update, disk: ptr(v2), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "§4.4 host changed, new unchanged: keep the host file",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostA), gen: one(f, v1)}},
			want:  want{action: merge.Keep, disk: ptr(hostA), pristine: ptr(v1), lock: managed(v1)},
		},
		{
			name:  "§4.4 both changed, disjoint lines: clean merge with both edits",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostA), gen: one(f, v2)}},
			want:  want{action: merge.Merge, disk: ptr(merged), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			// The pristine copy moves on to the new output (the markers hold
			// the generator's side); see the resolution rows below.
			name:  "§4.4 both changed, same line: conflict markers, reported",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostC), gen: one(f, v2)}},
			want:  want{action: merge.Conflict, conflicts: 1, disk: ptr(conflictC), pristine: ptr(v2), lock: managed(v2)},
			check: func(t *testing.T, _ string, rep write.Report) {
				if diff := cmp.Diff([]string{f}, rep.Conflicted()); diff != "" {
					t.Errorf("Conflicted() (-want +got):\n%s", diff)
				}
			},
		},
		{
			name: "conflict resolved with the host's line: the next generate keeps it, no new conflict",
			steps: []step{
				{gen: one(f, v1)},
				{edit: edit(f, hostC), gen: one(f, v2)},
				{edit: edit(f, hostC), gen: one(f, v2)},
			},
			want: want{action: merge.Keep, disk: ptr(hostC), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name: "markers left unresolved and the generator changed again: not merged again, record stays at its base",
			steps: []step{
				{gen: one(f, v1)},
				{edit: edit(f, hostC), gen: one(f, v2)},
				{gen: one(f, v3)},
			},
			want: want{action: merge.Conflict, conflicts: 1, warning: "unresolved conflict", disk: ptr(conflictC), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name: "markers left unresolved while the feature was off, back on with newer output: conflict, no longer an orphan",
			path: o,
			steps: []step{
				{gen: one(o, v1)},
				{edit: edit(o, hostC), gen: one(o, v2)},
				{gen: gen{}},
				{gen: one(o, v3)},
			},
			want: want{action: merge.Conflict, conflicts: 1, warning: "unresolved conflict", disk: ptr(conflictC), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "§4.4 host unchanged, no longer selected: delete",
			steps: []step{{gen: gen{files: map[string]string{f: v1, "internal/auth/doc.go": "package auth\n"}}}, {gen: one("internal/auth/doc.go", "package auth\n")}},
			want:  want{action: merge.Delete},
		},
		{
			name: "§4.4 host unchanged, no longer selected: empty directories go, up to the root and no further",
			path: "internal/auth/internal/sqlitedb/extra.go",
			steps: []step{
				{gen: one("internal/auth/internal/sqlitedb/extra.go", v1)},
				{gen: gen{}},
			},
			want: want{action: merge.Delete},
			check: func(t *testing.T, root string, _ write.Report) {
				for _, gone := range []string{"internal", ".regstack"} {
					if _, err := os.Stat(filepath.Join(root, gone)); !os.IsNotExist(err) {
						t.Errorf("%s: want removed (empty), Stat err = %v", gone, err)
					}
				}
				for _, stays := range []string{root, filepath.Dir(root)} {
					if _, err := os.Stat(stays); err != nil {
						t.Errorf("%s must stay: %v", stays, err)
					}
				}
			},
		},
		{
			name:  "§4.4 host changed, no longer selected: kept with a warning, recorded as an orphan",
			path:  o,
			steps: []step{{gen: one(o, v1)}, {edit: edit(o, hostA), gen: gen{}}},
			want: want{
				action: merge.KeepOrphan, warning: "you edited it, so it is kept",
				disk: ptr(hostA), pristine: ptr(v1), lock: &lockEntry{pristine: v1, policy: plan.Managed, orphan: true},
			},
		},
		{
			name:  "§4.4 host changed, no longer selected, a Go file: set aside, record dropped",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostA), gen: gen{}}},
			want:  want{action: merge.SetAside, warning: "It was moved to " + f + ".orphan, which Go does not compile"},
			check: func(t *testing.T, root string, rep write.Report) {
				if got := readOpt(t, filepath.Join(root, filepath.FromSlash(f+".orphan"))); got == nil || *got != hostA {
					t.Errorf("%s.orphan = %v, want the host's edited file", f, got)
				}
				if fr, _ := fileResult(rep, f); fr.SetAsideTo != f+".orphan" {
					t.Errorf("SetAsideTo = %q", fr.SetAsideTo)
				}
			},
		},
		{
			name: "a Go file set aside twice: the second copy does not overwrite the first",
			steps: []step{
				{gen: one(f, v1)}, {edit: edit(f, hostA), gen: gen{}},
				{gen: one(f, v1)}, {edit: edit(f, hostC), gen: gen{}},
			},
			want: want{action: merge.SetAside, warning: "moved to " + f + ".orphan.2"},
			check: func(t *testing.T, root string, _ write.Report) {
				for name, content := range map[string]string{f + ".orphan": hostA, f + ".orphan.2": hostC} {
					if got := readOpt(t, filepath.Join(root, filepath.FromSlash(name))); got == nil || *got != content {
						t.Errorf("%s = %v, want %q", name, got, content)
					}
				}
			},
		},
		{
			name:  "a Go file set aside, its feature back on: created afresh, the set-aside copy named",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostA), gen: gen{}}, {gen: one(f, v2)}},
			want:  want{action: merge.Create, warning: "still in " + f + ".orphan", disk: ptr(v2), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name: "a Go file importing a package that went away with its feature: the warning names the import",
			steps: []step{
				{gen: gen{files: map[string]string{f: v1, "internal/auth/internal/sqlitedb/db.go": "package sqlitedb\n"}}},
				{edit: edit(f, "package auth\n\nimport \"example.com/app/internal/auth/internal/sqlitedb\"\n\nvar _ sqlitedb.Queries\n"), gen: gen{}},
			},
			want: want{action: merge.SetAside, warning: "it imports example.com/app/internal/auth/internal/sqlitedb, which generate removed with the feature"},
		},
		{
			name:  "§4.4 host deleted, still selected: stays deleted with a warning",
			steps: []step{{gen: one(f, v1)}, {edit: remove(f), gen: one(f, v2)}},
			want:  want{action: merge.SkipDeleted, warning: "--restore", pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "host deleted, Restore: recreated",
			steps: []step{{gen: one(f, v1)}, {edit: remove(f), gen: one(f, v2)}, {gen: one(f, v2), opts: write.Options{Restore: true}}},
			want:  want{action: merge.Restore, disk: ptr(v2), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "Force overwrites host edits and names them",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, hostA), gen: one(f, v2), opts: write.Options{Force: true}}},
			want: want{
				action:  merge.Update,
				warning: "--force overwrote it: your edits were discarded (1 line(s) added, 1 removed against the last generated version, first at line 4)",
				disk:    ptr(v2), pristine: ptr(v2), lock: managed(v2),
			},
		},
		{
			name:  "Force deletes an edited file whose feature is off, and says so",
			steps: []step{{gen: gen{files: map[string]string{f: v1, "doc.go": "package auth\n"}}}, {edit: edit(f, hostA), gen: one("doc.go", "package auth\n"), opts: write.Options{Force: true}}},
			want:  want{action: merge.Delete, warning: "--force deleted it"},
		},
		{
			name: "host renamed a file: the old path is skip-deleted",
			path: "internal/auth/templates/email/verification.txt",
			steps: []step{
				{gen: one("internal/auth/templates/email/verification.txt", "Hello,\nconfirm: {{.URL}}\n")},
				{
					edit: rename("internal/auth/templates/email/verification.txt", "internal/auth/templates/email/welcome.txt"),
					gen:  one("internal/auth/templates/email/verification.txt", "Hello,\nplease confirm: {{.URL}}\n"),
				},
			},
			want: want{
				action: merge.SkipDeleted, warning: "you deleted it",
				pristine: ptr("Hello,\nplease confirm: {{.URL}}\n"),
				lock:     managed("Hello,\nplease confirm: {{.URL}}\n"),
			},
			check: func(t *testing.T, root string, rep write.Report) {
				const moved = "internal/auth/templates/email/welcome.txt"
				if got := readOpt(t, filepath.Join(root, moved)); got == nil || *got != "Hello,\nconfirm: {{.URL}}\n" {
					t.Errorf("renamed file %s was touched: %v", moved, got)
				}
				if fr, ok := fileResult(rep, moved); ok {
					t.Errorf("renamed file reported as %v; generate must not know it", fr.Action)
				}
			},
		},
		{
			name:  "CRLF host file, untouched: the update keeps CRLF",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, crlf(v1)), gen: one(f, v2)}},
			want:  want{action: merge.Update, disk: ptr(crlf(v2)), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "CRLF host file, edited: the merge keeps CRLF",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, crlf(hostA)), gen: one(f, v2)}},
			want:  want{action: merge.Merge, disk: ptr(crlf(merged)), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "CRLF host file, conflict: the markers are CRLF too",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, crlf(hostC)), gen: one(f, v2)}},
			want:  want{action: merge.Conflict, conflicts: 1, disk: ptr(crlf(conflictC)), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "host removed the final newline: the merge keeps it removed",
			steps: []step{{gen: one(f, v1)}, {edit: edit(f, strings.TrimSuffix(v1, "\n")), gen: one(f, genA)}},
			want:  want{action: merge.Merge, disk: ptr(strings.TrimSuffix(genA, "\n")), pristine: ptr(genA), lock: managed(genA)},
		},
		{
			name: "generated file without a final newline, generator appends, host edits elsewhere: merged",
			steps: []step{
				{gen: one(f, strings.TrimSuffix(v1, "\n"))},
				{edit: edit(f, strings.TrimSuffix(hostA, "\n")), gen: one(f, strings.TrimSuffix(v1, "\n")+funcD)},
			},
			want: want{
				action: merge.Merge, disk: ptr(strings.TrimSuffix(hostA, "\n") + funcD),
				pristine: ptr(strings.TrimSuffix(v1, "\n") + funcD), lock: managed(strings.TrimSuffix(v1, "\n") + funcD),
			},
		},
		{
			name: "edited file of a feature switched off and on again: the edit survives without a conflict",
			path: o,
			steps: []step{
				{gen: gen{files: map[string]string{o: v1, "internal/auth/doc.go": "package auth\n"}}},
				{edit: edit(o, hostA), gen: one("internal/auth/doc.go", "package auth\n")},
				{gen: gen{files: map[string]string{o: v2, "internal/auth/doc.go": "package auth\n"}}},
			},
			want: want{action: merge.Merge, disk: ptr(merged), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name: "edited file of a feature switched off and on again unchanged: kept",
			path: o,
			steps: []step{
				{gen: one(o, v1)},
				{edit: edit(o, hostA), gen: gen{}},
				{gen: one(o, v1)},
			},
			want: want{action: merge.Keep, disk: ptr(hostA), pristine: ptr(v1), lock: managed(v1)},
		},
		{
			name:  "orphan the host deleted later: the record is dropped",
			path:  o,
			steps: []step{{gen: one(o, v1)}, {edit: edit(o, hostA), gen: gen{}}, {edit: remove(o), gen: gen{}}},
			want:  want{action: merge.Delete},
		},
		{
			name:  "first generate over a hand-written file: every difference is a conflict",
			steps: []step{{edit: edit(f, handWritten), gen: one(f, v1)}},
			want:  want{action: merge.Conflict, conflicts: 1, warning: "no pristine copy", disk: ptr(handConflict), pristine: ptr(v1), lock: managed(v1)},
		},
		{
			name:  "hand-written file, conflict resolved: the resolution is the host's edit",
			steps: []step{{edit: edit(f, handWritten), gen: one(f, v1)}, {edit: edit(f, hostA), gen: one(f, v2)}},
			want:  want{action: merge.Merge, disk: ptr(merged), pristine: ptr(v2), lock: managed(v2)},
		},
		{
			name:  "stub: created once",
			steps: []step{{gen: stubGen(f, stub1)}},
			want:  want{action: merge.Create, disk: ptr(stub1), pristine: ptr(stub1), lock: &lockEntry{pristine: stub1, policy: plan.Stub}},
		},
		{
			name:  "stub: untouched, the generator's stub changed: not overwritten",
			steps: []step{{gen: stubGen(f, stub1)}, {gen: stubGen(f, stub2)}},
			want:  want{action: merge.Keep, disk: ptr(stub1), pristine: ptr(stub2), lock: &lockEntry{pristine: stub2, policy: plan.Stub}},
		},
		{
			name:  "stub: edited, the generator's stub changed: not merged",
			steps: []step{{gen: stubGen(f, stub1)}, {edit: edit(f, hostStub), gen: stubGen(f, stub2)}},
			want:  want{action: merge.Keep, disk: ptr(hostStub), pristine: ptr(stub2), lock: &lockEntry{pristine: stub2, policy: plan.Stub}},
		},
		{
			name:  "stub: Force does not overwrite it",
			steps: []step{{gen: stubGen(f, stub1)}, {edit: edit(f, hostStub), gen: stubGen(f, stub2), opts: write.Options{Force: true}}},
			want:  want{action: merge.Keep, disk: ptr(hostStub), pristine: ptr(stub2), lock: &lockEntry{pristine: stub2, policy: plan.Stub}},
		},
		{
			name:  "stub: [generate] package renamed: kept as it is, with a warning to rename its package clause",
			steps: []step{{gen: stubGen(f, stub1)}, {gen: stubGen(f, strings.Replace(stub1, "package auth\n", "package authn\n", 1))}},
			want: want{
				action: merge.Keep, warning: "declares package auth, but the generated package is now authn",
				disk: ptr(stub1), pristine: ptr(strings.Replace(stub1, "package auth\n", "package authn\n", 1)),
				lock: &lockEntry{pristine: strings.Replace(stub1, "package auth\n", "package authn\n", 1), policy: plan.Stub},
			},
		},
		{
			name:  "stub: deleted by the host, not recreated",
			steps: []step{{gen: stubGen(f, stub1)}, {edit: remove(f), gen: stubGen(f, stub2)}},
			want:  want{action: merge.SkipDeleted, warning: "not recreated", pristine: ptr(stub2), lock: &lockEntry{pristine: stub2, policy: plan.Stub}},
		},
		{
			name:  "stub: hook removed from the config, untouched: kept, it is the host's",
			steps: []step{{gen: stubGen(f, stub1)}, {gen: gen{}}},
			want:  want{action: merge.KeepOrphan, warning: "kept", disk: ptr(stub1), pristine: ptr(stub1), lock: &lockEntry{pristine: stub1, policy: plan.Stub, orphan: true}},
		},
		{
			name:  "stub: hook removed, then the host deleted the stub: the record is dropped",
			steps: []step{{gen: stubGen(f, stub1)}, {gen: gen{}}, {edit: remove(f), gen: gen{}}},
			want:  want{action: merge.Delete},
		},
		{
			name:  "stub: hook listed again after removal: the host's stub stays",
			steps: []step{{gen: stubGen(f, stub1)}, {edit: edit(f, hostStub), gen: gen{}}, {gen: stubGen(f, stub2)}},
			want:  want{action: merge.Keep, disk: ptr(hostStub), pristine: ptr(stub2), lock: &lockEntry{pristine: stub2, policy: plan.Stub}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := filepath.Join(t.TempDir(), "host")
			if err := os.Mkdir(root, 0o755); err != nil {
				t.Fatal(err)
			}
			p := tc.path
			if p == "" {
				p = f
			}
			var rep write.Report
			for _, s := range tc.steps {
				rep = apply(t, root, s)
			}
			fr, ok := fileResult(rep, p)
			if !ok {
				t.Fatalf("%s not in the report", p)
			}
			got := want{
				action:    fr.Action,
				conflicts: fr.Conflicts,
				warning:   fr.Warning,
				disk:      readOpt(t, filepath.Join(root, filepath.FromSlash(p))),
				pristine:  readOpt(t, filepath.Join(root, filepath.FromSlash(manifest.PristineDir), filepath.FromSlash(p))),
			}
			if tc.want.warning != "" && strings.Contains(fr.Warning, tc.want.warning) {
				got.warning = tc.want.warning
			}
			lock, err := write.ReadLock(root)
			if err != nil {
				t.Fatal(err)
			}
			if e, ok := lock.Lookup(p); ok {
				got.lock = &lockEntry{policy: plan.Policy(e.Policy), orphan: e.Orphan}
				if tc.want.lock != nil && e.SHA256 == manifest.Hash([]byte(tc.want.lock.pristine)) {
					got.lock.pristine = tc.want.lock.pristine
				} else {
					got.lock.pristine = "(content with hash " + e.SHA256 + ")"
				}
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(want{}, lockEntry{})); diff != "" {
				t.Errorf("after the last generate (-want +got):\n%s\nwarning: %q", diff, fr.Warning)
			}
			if fr.Conflicts > 0 {
				if n := merge.CountConflicts([]byte(*got.disk)); n != fr.Conflicts {
					t.Errorf("reported %d conflicts, the file has %d blocks", fr.Conflicts, n)
				}
			}
			if tc.check != nil {
				tc.check(t, root, rep)
			}
		})
	}
}

// TestApplyTwiceChangesNoByte generates the same output twice, with a host
// edit in place: the second run reports nothing to do and leaves every
// byte, including the lock and the pristine copies, as it was.
func TestApplyTwiceChangesNoByte(t *testing.T) {
	root := t.TempDir()
	g := gen{
		files: map[string]string{
			"internal/auth/handler.go":                       v1,
			"internal/auth/routes.go":                        v2,
			"internal/auth/templates/email/verification.txt": "Hello,\n",
		},
		stubs: map[string]string{"internal/auth/hook_user_registered.go": stub1},
	}
	apply(t, root, step{gen: g})
	writeFile(t, root, "internal/auth/routes.go", crlf(hostC))
	before := snapshot(t, root)
	rep := apply(t, root, step{gen: g})
	if diff := cmp.Diff(before, snapshot(t, root)); diff != "" {
		t.Errorf("second generate changed the tree (-before +after):\n%s", diff)
	}
	got := map[string]merge.Action{}
	for _, f := range rep.Files {
		got[f.Path] = f.Action
	}
	wantActions := map[string]merge.Action{
		"internal/auth/handler.go":                       merge.Unchanged,
		"internal/auth/routes.go":                        merge.Keep,
		"internal/auth/templates/email/verification.txt": merge.Unchanged,
		"internal/auth/hook_user_registered.go":          merge.Keep,
	}
	if diff := cmp.Diff(wantActions, got); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
}

// TestApplyDryRunWritesNothing decides a generation with every kind of
// action and checks that nothing on disk changes, not even a directory,
// while the report says what a real run would do.
func TestApplyDryRunWritesNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first *gen // nil: a module never generated into
		edit  func(*testing.T, string)
		next  gen
		want  map[string]merge.Action
	}{
		{
			name: "fresh module, files in new directories",
			next: gen{files: map[string]string{"internal/auth/handler.go": v1, "internal/auth/internal/sqlitedb/db.go": v1}},
			want: map[string]merge.Action{"internal/auth/handler.go": merge.Create, "internal/auth/internal/sqlitedb/db.go": merge.Create},
		},
		{
			name: "every action",
			first: &gen{files: map[string]string{
				"a/update.go": v1, "a/merge.go": v1, "a/conflict.go": v1, "a/delete.go": v1, "a/orphan.go": v1, "a/orphan.txt": v1, "a/deleted.go": v1,
			}},
			edit: func(t *testing.T, root string) {
				writeFile(t, root, "a/merge.go", hostA)
				writeFile(t, root, "a/conflict.go", hostC)
				writeFile(t, root, "a/orphan.go", hostA)
				writeFile(t, root, "a/orphan.txt", hostA)
				remove("a/deleted.go")(t, root)
			},
			next: gen{files: map[string]string{
				"a/update.go": v2, "a/merge.go": v2, "a/conflict.go": v2, "a/deleted.go": v2, "b/new.go": v1,
			}},
			want: map[string]merge.Action{
				"a/update.go": merge.Update, "a/merge.go": merge.Merge, "a/conflict.go": merge.Conflict,
				"a/delete.go": merge.Delete, "a/orphan.go": merge.SetAside, "a/orphan.txt": merge.KeepOrphan, "a/deleted.go": merge.SkipDeleted,
				"b/new.go": merge.Create,
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			if tc.first != nil {
				apply(t, root, step{gen: *tc.first})
			}
			if tc.edit != nil {
				tc.edit(t, root)
			}
			before := snapshot(t, root)
			rep, err := write.Apply(root, tc.next.result(), testMeta(), write.Options{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, snapshot(t, root)); diff != "" {
				t.Errorf("dry run changed the tree (-before +after):\n%s", diff)
			}
			got := map[string]merge.Action{}
			for _, f := range rep.Files {
				got[f.Path] = f.Action
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("actions (-want +got):\n%s", diff)
			}
			for _, f := range rep.Files {
				if f.Action == merge.Merge && !strings.Contains(string(f.After), "return 100") {
					t.Errorf("%s: dry-run After lacks the host's edit:\n%s", f.Path, f.After)
				}
			}
		})
	}
}

// TestApplyFailureLeavesTreeAsItWas makes one target path a directory, so
// Apply cannot write it, with updates, creations in new directories,
// deletions and pristine copies decided before it: the error is reported
// and the tree, the lock and the pristine copies are exactly as they were,
// with no temporary file or new directory left behind.
func TestApplyFailureLeavesTreeAsItWas(t *testing.T) {
	root := t.TempDir()
	apply(t, root, step{gen: gen{files: map[string]string{"a/update.go": v1, "a/delete.go": v1, "m/merge.go": v1}}})
	writeFile(t, root, "m/merge.go", hostA)
	if err := os.MkdirAll(filepath.Join(root, "z", "blocked.go", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)
	next := gen{files: map[string]string{
		"a/update.go": v2, "m/merge.go": v2, "n/new/created.go": v1, "z/blocked.go": v1,
	}}
	if _, err := write.Apply(root, next.result(), testMeta(), write.Options{}); err == nil {
		t.Fatal("Apply succeeded although z/blocked.go is a directory")
	}
	if diff := cmp.Diff(before, snapshot(t, root)); diff != "" {
		t.Errorf("failed Apply changed the tree (-before +after):\n%s", diff)
	}
}

// TestApplyRejectsLockPathsOutsideTheModule feeds Apply a regstack.lock
// (which is committed in the host repository, so anyone can edit it) that
// names a file outside the module, or git's or the generator's own, with a
// matching "pristine copy" planted so the file looks untouched and no
// longer selected: Apply must refuse rather than delete it.
func TestApplyRejectsLockPathsOutsideTheModule(t *testing.T) {
	for _, tc := range []struct {
		lockPath string
		victim   string // relative to the directory holding the module "host"
	}{
		{"../victim.txt", "victim.txt"},
		{"a/../../victim.txt", "victim.txt"},
		{"./x/../../victim.txt", "victim.txt"},
		{"/victim.txt", "victim.txt"},
		{".git/config", "host/.git/config"},
		{".regstack/pristine/internal/auth/doc.go", "host/.regstack/pristine/internal/auth/doc.go"},
		{"regstack.lock", "victim.txt"},
	} {
		t.Run(tc.lockPath, func(t *testing.T) {
			dir := t.TempDir()
			root := filepath.Join(dir, "host")
			writeFile(t, dir, tc.victim, "precious\n")
			writeFile(t, root, filepath.ToSlash(filepath.Join(manifest.PristineDir, filepath.FromSlash(tc.lockPath))), "precious\n")
			lock := fmt.Sprintf(`{"generator": "v0", "config_fingerprint": "x", "features": [], "files": [{"path": %q, "policy": "managed", "sha256": %q}]}`,
				tc.lockPath, manifest.Hash([]byte("precious\n")))
			writeFile(t, root, manifest.LockFile, lock)
			_, err := write.Apply(root, gen{}.result(), testMeta(), write.Options{})
			if err == nil || !strings.Contains(err.Error(), "not a path inside the module") {
				t.Errorf("Apply with %q in the lock: err = %v, want a refusal", tc.lockPath, err)
			}
			if got := readOpt(t, filepath.Join(dir, filepath.FromSlash(tc.victim))); got == nil || *got != "precious\n" {
				t.Errorf("%s changed: %v", tc.victim, got)
			}
		})
	}
}
