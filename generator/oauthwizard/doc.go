// Package oauthwizard is `regstack-gen oauth setup` (the reference's
// `regstack oauth setup`): the twelve steps that configure Sign in with
// Google, their validation, the local page that walks them and the
// writer that puts the result into regstack.toml (comments and formatting
// kept: only the [oauth] table and enable_oauth change) and into
// regstack.secrets.env (mode 0600).
package oauthwizard
