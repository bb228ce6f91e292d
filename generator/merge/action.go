package merge

import "strconv"

// Action is what generate does with one file.
type Action int

// The actions, one per row of the regeneration table (docs/regeneration.md).
// The zero Action is not a valid decision.
const (
	// Create writes a new file: nothing on disk and no record of it.
	Create Action = iota + 1
	// Update overwrites a file the host has not edited with the new output.
	Update
	// Keep leaves the host's edited file alone: the generator's output for it
	// has not changed (or the host already has every change).
	Keep
	// Merge writes the clean three-way merge of the host's edits and the
	// generator's changes.
	Merge
	// Conflict writes the merge with conflict markers for the host to resolve.
	Conflict
	// Delete removes a file whose feature is off and that the host did not
	// edit (or that is already gone).
	Delete
	// KeepOrphan keeps a file whose feature is off because the host edited it
	// (or there is no record of what the generator wrote).
	KeepOrphan
	// SkipDeleted leaves a file the host deleted deleted.
	SkipDeleted
	// Unchanged means the file on disk already equals the new output.
	Unchanged
	// Restore recreates a file the host deleted (generate --restore).
	Restore
	// SetAside moves a Go file whose feature is off, but which the host
	// edited, to a name Go does not compile (the file plus SetAsideSuffix):
	// left in place it would still be compiled into the package, where
	// what it uses is gone, and break the build.
	SetAside
)

// SetAsideSuffix is appended to the name of a file set aside (SetAside);
// a second one in the same place gets a number after it.
const SetAsideSuffix = ".orphan"

// String returns the action's name as the CLI prints it, e.g. "keep-orphan".
func (a Action) String() string {
	switch a {
	case Create:
		return "create"
	case Update:
		return "update"
	case Keep:
		return "keep"
	case Merge:
		return "merge"
	case Conflict:
		return "conflict"
	case Delete:
		return "delete"
	case KeepOrphan:
		return "keep-orphan"
	case SkipDeleted:
		return "skip-deleted"
	case Unchanged:
		return "unchanged"
	case Restore:
		return "restore"
	case SetAside:
		return "set-aside"
	}
	return "Action(" + strconv.Itoa(int(a)) + ")"
}
