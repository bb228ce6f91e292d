// Package theme is regstack-gen's theme designer (the reference's
// `regstack theme design`): the validation rules of the variables a host
// may override, the byte-stable writer and reader of regstack-theme.css,
// and the local web page that edits them with a live preview.
//
// The variables, their kinds and their light and dark defaults come from
// the blueprint (auth.ThemeVars), the same list the bundled theme.css is
// checked against.
package theme
