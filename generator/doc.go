// Package generator turns a regstack.toml into an auth package inside a host
// Go module. The pipeline is config → plan → render → write: each stage lives
// in its own subpackage and all but the last are pure functions of their
// input.
//
// These packages serve the regstack-gen command. They are importable because
// DESIGN fixes the layout, but they carry no compatibility promise.
package generator
