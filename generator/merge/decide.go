package merge

import (
	"bytes"
	"fmt"
)

// Inputs is everything Decide needs to know about one generated file.
type Inputs struct {
	// Host is the file on disk now; HostExists is false when it is absent.
	Host       []byte
	HostExists bool
	// Pristine is what the generator wrote last time (the copy under
	// .regstack/pristine); PristineExists is false when there is none.
	Pristine       []byte
	PristineExists bool
	// New is what the generator would write now. Selected is false when
	// the file's feature is off, and New is then ignored.
	New      []byte
	Selected bool
	// Restore brings back files the host deleted (generate --restore).
	Restore bool
	// Force overwrites the host's edits with New (generate --force).
	Force bool
}

// Decision is what to do with one file.
type Decision struct {
	// Action is what generate does.
	Action Action
	// Content is what to write for Create, Update, Merge, Conflict and
	// Restore; it is nil for the other actions.
	Content []byte
	// Conflicts is the number of conflict blocks in Content.
	Conflicts int
	// Warning, when set, is a sentence for the user about this file: an
	// edit that was discarded (--force) or kept, or a deletion that stands.
	Warning string
	// KeepPristine is set when the recorded pristine copy must stay as it
	// is: the host file still has unresolved markers from an earlier
	// generate, so New has not been merged into it yet. For every other
	// decision on a selected file the caller records New as the pristine
	// copy, Conflict included: the markers hold the generator's side, and
	// once the host resolves them the resolution is the host's edit on top
	// of New (as after a git merge commit), so the next generate does not
	// raise the same conflict again.
	KeepPristine bool
}

// Decide applies the regeneration table of DESIGN §4.4 to one file:
//
//	host vs pristine   new vs pristine       action
//	unchanged          changed               update
//	changed            unchanged             keep
//	changed            changed               merge (conflict when it must)
//	unchanged          no longer selected    delete
//	changed            no longer selected    keep-orphan, with a warning
//	missing            still selected        skip-deleted, with a warning (restore with Restore)
//
// plus: no host file and no pristine copy → create; a host file equal to
// the new output → unchanged (the caller still records the new pristine);
// a host file but no pristine copy (a first generate over a hand-written
// file) → a merge against an empty base, so every difference is a
// conflict and nothing is overwritten silently; Force → the new output
// replaces (or, for a file no longer selected, deletes) the host's edits,
// which the warning names. A host file that still holds conflict markers
// from an earlier generate is not merged again: Decide returns Conflict
// with the file unchanged until the host resolves them.
//
// "Changed" is decided on content with CRLF line endings turned into LF;
// what Decide writes over a host file uses that file's line endings.
func Decide(in Inputs, opts Options) Decision {
	host, pristine, gen := normalizeEOL(in.Host), normalizeEOL(in.Pristine), normalizeEOL(in.New)
	hostEOL := func(b []byte) []byte {
		if in.HostExists && usesCRLF(in.Host) {
			return toCRLF(b)
		}
		return bytes.Clone(b)
	}
	if !in.PristineExists {
		pristine = nil
	}

	if !in.Selected {
		switch {
		case !in.HostExists:
			return Decision{Action: Delete}
		case in.PristineExists && bytes.Equal(host, pristine):
			return Decision{Action: Delete}
		case in.Force:
			return Decision{Action: Delete, Warning: "--force deleted it although its feature is off and " + editSummary(host, pristine, in.PristineExists)}
		case !in.PristineExists:
			return Decision{Action: KeepOrphan, Warning: "its feature is off, but there is no pristine copy to tell whether you edited it, so it is kept; delete it if nothing uses it"}
		default:
			return Decision{Action: KeepOrphan, Warning: "its feature is off, but you edited it, so it is kept; delete it if nothing uses it"}
		}
	}

	if !in.HostExists {
		switch {
		case !in.PristineExists:
			return Decision{Action: Create, Content: bytes.Clone(in.New)}
		case in.Restore:
			return Decision{Action: Restore, Content: bytes.Clone(in.New)}
		default:
			return Decision{Action: SkipDeleted, Warning: "you deleted it, so it is not recreated (generate --restore brings it back)"}
		}
	}

	switch {
	case bytes.Equal(host, gen):
		return Decision{Action: Unchanged}
	case in.PristineExists && bytes.Equal(host, pristine):
		return Decision{Action: Update, Content: hostEOL(gen)}
	case in.Force:
		return Decision{Action: Update, Content: hostEOL(gen), Warning: "--force overwrote it: " + editSummary(host, pristine, in.PristineExists)}
	case in.PristineExists && bytes.Equal(gen, pristine):
		return Decision{Action: Keep}
	}

	if n := CountConflicts(host); n > 0 {
		return Decision{
			Action: Conflict, Content: bytes.Clone(in.Host), Conflicts: n, KeepPristine: true,
			Warning: fmt.Sprintf("still has %d unresolved conflict block(s) from an earlier generate; resolve them, then run generate again to merge the newer changes", n),
		}
	}
	merged, n := mergeNormalized(pristine, host, gen, opts)
	switch {
	case n > 0 && !in.PristineExists:
		return Decision{
			Action: Conflict, Content: hostEOL(merged), Conflicts: n,
			Warning: "regstack-gen has no pristine copy of this file (was it written by hand?), so every difference from the generated version is marked as a conflict",
		}
	case n > 0:
		return Decision{Action: Conflict, Content: hostEOL(merged), Conflicts: n}
	case bytes.Equal(merged, host):
		return Decision{Action: Keep}
	}
	return Decision{Action: Merge, Content: hostEOL(merged)}
}

// editSummary describes the host's edits for a warning: against the
// pristine copy when there is one.
func editSummary(host, pristine []byte, pristineExists bool) string {
	if !pristineExists {
		return "there was no pristine copy, so the whole file as you had it was discarded"
	}
	added, removed, first := 0, 0, 0
	for i, h := range diffLines(splitLines(string(pristine)), splitLines(string(host))) {
		if i == 0 {
			first = h.n0 + 1
		}
		added += h.n1 - h.n0
		removed += h.o1 - h.o0
	}
	return fmt.Sprintf("your edits were discarded (%d line(s) added, %d removed against the last generated version, first at line %d)", added, removed, first)
}
