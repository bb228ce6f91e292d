// Package merge decides what regstack-gen generate does with each file it
// manages, and merges the host's edits with the generator's new output.
//
// It is pure: every function takes file contents and returns file contents;
// package write does the reading and writing. Decide implements the table in
// DESIGN §4.4 (and docs/regeneration.md); ThreeWay is the line-based
// three-way merge behind its "merge" and "conflict" rows. (The function is
// not called Merge because that name is the Action.)
//
// The merge follows git merge-file (the xdiff algorithm with its default
// "zealous, alnum" level) so hosts see the conflicts git would show them:
// Myers line diffs of the base against each side, with each run of changed
// lines slid to git's canonical position; changes that overlap or touch are
// conflicts unless both sides made the same change; a conflict is then
// narrowed to the lines on which the two sides really differ, and conflicts
// separated by at most three lines, or only by lines without a letter or
// digit, are joined. Conflicts are written with 7-character markers:
//
//	<<<<<<< host
//	the host's lines
//	=======
//	the generator's lines
//	>>>>>>> regstack-gen
//
// Lines are compared after CRLF line endings are turned into LF; the result
// uses the host file's line endings. A line keeps its newline as part of
// its content, so a last line without a newline is a different line from the
// same text with one: the result ends without a newline exactly when the
// side whose last line won had none. Inside a conflict block a side's
// missing final newline is supplied, as git does, so the marker starts on a
// line of its own.
package merge
