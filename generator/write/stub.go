package write

import (
	"fmt"
	"go/parser"
	"go/token"
	"path"

	"github.com/regstack/regstack-gen/generator/merge"
)

// decideStub handles create-once files: written when absent and never
// generated before; otherwise left entirely to the host. A stub whose hook
// is no longer listed and that the host has deleted is forgotten (Delete
// of a file already gone), so the lock does not carry it, and warn about
// it, forever. A kept Go stub whose package clause no longer matches the
// generated package (after a change of [generate] package) is left as it
// is, with a warning: the package would not compile, and the stub is the
// host's to edit.
func decideStub(p string, host []byte, hostOK, inOld, selected bool, newData []byte) merge.Decision {
	switch {
	case !selected && !inOld:
		return merge.Decision{Action: merge.Unchanged}
	case !selected && !hostOK:
		return merge.Decision{Action: merge.Delete}
	case !selected:
		return merge.Decision{Action: merge.KeepOrphan, Warning: "hook stub no longer generated here (its hook left [generate] hooks, or [generate] output moved); kept, it is yours: move or delete it"}
	case hostOK:
		d := merge.Decision{Action: merge.Keep}
		if path.Ext(p) == ".go" {
			have, want := packageName(host), packageName(newData)
			if have != "" && want != "" && have != want {
				d.Warning = fmt.Sprintf("hook stub declares package %s, but the generated package is now %s; change its package clause (regstack-gen never edits hook stubs)", have, want)
			}
		}
		return d
	case inOld:
		return merge.Decision{Action: merge.SkipDeleted, Warning: "hook stub deleted by you; not recreated"}
	default:
		return merge.Decision{Action: merge.Create, Content: newData}
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
