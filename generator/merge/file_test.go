package merge

import (
	"strings"
	"testing"
)

// TestDecideFile is the whole per-file policy as a table: for each kind of
// file (managed or stub) and each state of host file, pristine copy, new
// output and lock, the action and what it implies for the host file, the
// pristine copy and the lock entry.
func TestDecideFile(t *testing.T) {
	const (
		base    = "package auth\n\nvar a = 1\n\nvar b = 2\n\nvar c = 3\n"
		newer   = "package auth\n\nvar a = 1\n\nvar b = 2\n\nvar c = 33\n"
		edited  = "package auth\n\nvar a = 100\n\nvar b = 2\n\nvar c = 3\n"
		clashes = "package auth\n\nvar a = 1\n\nvar b = 2\n\nvar c = 300\n"
		marked  = "package auth\n<<<<<<< host\nvar x = 1\n=======\nvar x = 2\n>>>>>>> regstack-gen\n"
		stubPkg = "package other\n\nfunc onUserRegistered() {}\n"
	)
	host := func(s string) Inputs { return Inputs{Host: []byte(s), HostExists: true} }
	with := func(in Inputs, pristine, gen *string) Inputs {
		if pristine != nil {
			in.Pristine, in.PristineExists = []byte(*pristine), true
		}
		if gen != nil {
			in.New, in.Selected = []byte(*gen), true
		}
		return in
	}
	s := func(v string) *string { return &v }
	type want struct {
		action  Action
		write   bool
		remove  bool
		record  Record
		warning string // substring; "" = none
	}
	tests := []struct {
		name string
		in   FileInputs
		want want
	}{
		// Managed files: the §4.4 table.
		{"create", FileInputs{Inputs: with(Inputs{}, nil, s(newer))},
			want{action: Create, write: true, record: RecordNew}},
		{"update", FileInputs{Inputs: with(host(base), s(base), s(newer)), InLock: true},
			want{action: Update, write: true, record: RecordNew}},
		{"keep", FileInputs{Inputs: with(host(edited), s(base), s(base)), InLock: true},
			want{action: Keep, record: RecordNew}},
		{"unchanged", FileInputs{Inputs: with(host(newer), s(base), s(newer)), InLock: true},
			want{action: Unchanged, record: RecordNew}},
		{"merge", FileInputs{Inputs: with(host(edited), s(base), s(newer)), InLock: true},
			want{action: Merge, write: true, record: RecordNew}},
		{"conflict records the new output", FileInputs{Inputs: with(host(clashes), s(base), s(newer)), InLock: true},
			want{action: Conflict, write: true, record: RecordNew}},
		{"conflict still unresolved keeps the record", FileInputs{Inputs: with(host(marked), s(base), s(newer)), InLock: true},
			want{action: Conflict, write: true, record: RecordKeep, warning: "unresolved"}},
		{"deleted by the host", FileInputs{Inputs: with(Inputs{}, s(base), s(newer)), InLock: true},
			want{action: SkipDeleted, record: RecordNew, warning: "--restore"}},
		{"restore", FileInputs{Inputs: with(Inputs{Restore: true}, s(base), s(newer)), InLock: true},
			want{action: Restore, write: true, record: RecordNew}},
		{"feature off, untouched: delete", FileInputs{Inputs: with(host(base), s(base), nil), InLock: true},
			want{action: Delete, remove: true, record: RecordDrop}},
		{"feature off, edited, not Go: keep orphan", FileInputs{Path: "auth/page.html", Inputs: with(host(edited), s(base), nil), InLock: true},
			want{action: KeepOrphan, record: RecordOrphan, warning: "you edited it"}},
		{"feature off, edited Go file: set aside, record dropped", FileInputs{Inputs: with(host(edited), s(base), nil), InLock: true},
			want{action: SetAside, remove: true, record: RecordDrop, warning: "you edited it"}},
		{"feature off, Go file, no pristine copy: set aside", FileInputs{Inputs: with(host(edited), nil, nil), InLock: true},
			want{action: SetAside, remove: true, record: RecordDrop, warning: "no pristine copy"}},
		{"feature off, edited, --force: delete", FileInputs{Inputs: with(Inputs{Host: []byte(edited), HostExists: true, Force: true}, s(base), nil), InLock: true},
			want{action: Delete, remove: true, record: RecordDrop, warning: "--force"}},
		{"feature off, already gone: forget", FileInputs{Inputs: with(Inputs{}, s(base), nil), InLock: true},
			want{action: Delete, remove: true, record: RecordDrop}},

		// Stubs: written once, then the host's.
		{"stub: create", FileInputs{Inputs: with(Inputs{}, nil, s(newer)), Stub: true},
			want{action: Create, write: true, record: RecordNew}},
		{"stub: edited, never merged", FileInputs{Inputs: with(host(edited), s(base), s(newer)), Stub: true, InLock: true},
			want{action: Keep, record: RecordNew}},
		{"stub: deleted by the host, not recreated", FileInputs{Inputs: with(Inputs{}, s(base), s(newer)), Stub: true, InLock: true},
			want{action: SkipDeleted, record: RecordNew, warning: "not recreated"}},
		{"stub: hook dropped, file kept", FileInputs{Inputs: with(host(edited), s(base), nil), Stub: true, InLock: true},
			want{action: KeepOrphan, record: RecordOrphan, warning: "no longer generated"}},
		{"stub: hook dropped, file gone: forget", FileInputs{Inputs: with(Inputs{}, s(base), nil), Stub: true, InLock: true},
			want{action: Delete, remove: true, record: RecordDrop}},
		{"stub: never generated, not selected", FileInputs{Stub: true},
			want{action: Unchanged, record: RecordNew}},
		{"stub: package clause out of date", FileInputs{Path: "auth/hook_user_registered.go", Inputs: with(host(stubPkg), s(base), s(newer)), Stub: true, InLock: true},
			want{action: Keep, record: RecordNew, warning: "declares package other"}},
		{"stub: package clause checked only in Go files", FileInputs{Path: "auth/hook.txt", Inputs: with(host(stubPkg), s(base), s(newer)), Stub: true, InLock: true},
			want{action: Keep, record: RecordNew}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.in.Path == "" {
				tt.in.Path = "auth/file.go"
			}
			got, err := DecideFile(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got.Action != tt.want.action || got.Write != tt.want.write || got.Remove != tt.want.remove || got.Record != tt.want.record {
				t.Errorf("DecideFile = %v write=%v remove=%v %v; want %v write=%v remove=%v %v",
					got.Action, got.Write, got.Remove, got.Record, tt.want.action, tt.want.write, tt.want.remove, tt.want.record)
			}
			if got.Write == (got.Content == nil) {
				t.Errorf("Write = %v with Content %q", got.Write, got.Content)
			}
			switch {
			case tt.want.warning == "" && got.Warning != "":
				t.Errorf("warning %q, want none", got.Warning)
			case !strings.Contains(got.Warning, tt.want.warning):
				t.Errorf("warning %q, want one containing %q", got.Warning, tt.want.warning)
			}
		})
	}
}
