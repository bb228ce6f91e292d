package merge

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"
)

// FileInputs is everything DecideFile needs to know about one path of a
// generation: the file's three versions (Inputs), how regeneration treats
// it and whether the last generation recorded it.
type FileInputs struct {
	Inputs
	// Path is the file's slash path in the host module; its extension
	// selects the Go-aware merge and the stub package check.
	Path string
	// Stub is set for create-once files (hook stubs): written when absent,
	// then the host's alone.
	Stub bool
	// InLock is set when the last generation's regstack.lock lists the file.
	InLock bool
}

// Record is what happens to the file's pristine copy and lock entry.
type Record int

const (
	// RecordNew makes the new output the pristine copy and the lock entry.
	RecordNew Record = iota + 1
	// RecordKeep leaves the pristine copy and the lock entry as they were
	// (no entry when the last lock had none).
	RecordKeep
	// RecordOrphan keeps the pristine copy, so the host's edits can merge
	// against it should the feature come back, and the last lock's entry
	// marked as an orphan (no entry when the last lock had none).
	RecordOrphan
	// RecordDrop removes the pristine copy and the lock entry.
	RecordDrop
)

// String names the record for test failures.
func (r Record) String() string {
	switch r {
	case RecordNew:
		return "record-new"
	case RecordKeep:
		return "record-keep"
	case RecordOrphan:
		return "record-orphan"
	case RecordDrop:
		return "record-drop"
	}
	return fmt.Sprintf("Record(%d)", int(r))
}

// FileDecision is one file's fate: the Decision and the writes it implies.
type FileDecision struct {
	Decision
	// Write: put Content at the host path.
	Write bool
	// Remove: delete the host file.
	Remove bool
	// SetAside: with Remove, put the host file's content, unchanged, at
	// a name Go does not compile (the caller picks it, see SetAsideSuffix).
	SetAside bool
	// Record says what happens to the pristine copy and the lock entry.
	Record Record
}

// DecideFile is the whole regeneration policy for one file, with no file
// system in sight: the DESIGN §4.4 table (Decide) for managed and computed
// files, the stub policy (decideStub) for create-once files, and what each
// action means for the host file, the pristine copy and the lock:
//
//	action                            host file       pristine / lock
//	create, update, merge, restore    write Content   record new
//	conflict                          write Content   record new (keep, with KeepPristine)
//	keep, unchanged, skip-deleted     untouched       record new
//	delete                            remove          drop
//	keep-orphan                       untouched       keep, entry marked orphan
//	set-aside                         moved aside     drop
//
// A Go file of a switched-off feature that the host edited (keep-orphan
// for other files) is set aside: it would still be compiled into the
// package, where the code it uses (a sqlc package, a store method) is no
// longer generated, and the module would stop building with an error
// far from its cause. Moved to the same name plus SetAsideSuffix it keeps
// every edit for the host to take what they need, and the record is
// dropped: should the feature come back, its file is created afresh, and
// the set-aside copy stays for the host to compare. Stubs are never set
// aside: they are the host's, and nothing generated refers to them.
//
// A conflict records the new output because the markers hold the
// generator's side: the host's resolution is then judged against what the
// generator now produces, so keeping the host's lines does not raise the
// same conflict on every later run. Only a host file that still has
// markers from an earlier run (KeepPristine) keeps the old record.
func DecideFile(in FileInputs) (FileDecision, error) {
	var d Decision
	if in.Stub {
		d = decideStub(in)
	} else {
		d = Decide(in.Inputs, Options{GoImports: path.Ext(in.Path) == ".go"})
	}
	fd := FileDecision{Decision: d, Record: RecordNew}
	switch d.Action {
	case Create, Update, Merge, Restore:
		fd.Write = true
	case Conflict:
		fd.Write = d.Content != nil
		if d.KeepPristine {
			fd.Record = RecordKeep
		}
	case Keep, Unchanged, SkipDeleted:
	case Delete:
		fd.Remove, fd.Record = true, RecordDrop
	case KeepOrphan:
		fd.Record = RecordOrphan
		if !in.Stub && path.Ext(in.Path) == ".go" {
			fd.Action, fd.Remove, fd.SetAside, fd.Record = SetAside, true, true, RecordDrop
			fd.Warning = "its feature is off, but you edited it"
			if !in.PristineExists {
				fd.Warning = "its feature is off, and there is no pristine copy to tell whether you edited it"
			}
		}
	default:
		return FileDecision{}, fmt.Errorf("%s: unexpected action %v", in.Path, d.Action)
	}
	return fd, nil
}

// decideStub handles create-once files: written when absent and never
// generated before; otherwise left entirely to the host. A stub whose hook
// is no longer listed and that the host has deleted is forgotten (Delete
// of a file already gone), so the lock does not carry it, and warn about
// it, forever. A kept Go stub whose package clause no longer matches the
// generated package (after a change of [generate] package) is left as it
// is, with a warning: the package would not compile, and the stub is the
// host's to edit.
func decideStub(in FileInputs) Decision {
	switch {
	case !in.Selected && !in.InLock:
		return Decision{Action: Unchanged}
	case !in.Selected && !in.HostExists:
		return Decision{Action: Delete}
	case !in.Selected:
		return Decision{Action: KeepOrphan, Warning: "hook stub no longer generated here (its hook left [generate] hooks, or [generate] output moved); kept, it is yours: move or delete it"}
	case in.HostExists:
		d := Decision{Action: Keep}
		if path.Ext(in.Path) == ".go" {
			have, want := packageName(in.Host), packageName(in.New)
			if have != "" && want != "" && have != want {
				d.Warning = fmt.Sprintf("hook stub declares package %s, but the generated package is now %s; change its package clause (regstack-gen never edits hook stubs)", have, want)
			}
		}
		return d
	case in.InLock:
		return Decision{Action: SkipDeleted, Warning: "hook stub deleted by you; not recreated"}
	default:
		return Decision{Action: Create, Content: in.New}
	}
}

// packageName returns the package a Go source declares, or "" when its
// package clause does not parse.
func packageName(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		return ""
	}
	return f.Name.Name
}
