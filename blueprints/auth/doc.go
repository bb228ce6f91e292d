// Package auth provides registration, login and account management for this
// application: a JSON API wire-compatible with the Python regstack library,
// backed by the database selected in regstack.toml.
//
// The package was written into this module by regstack-gen and is owned by
// the application: edit it freely. Running "regstack-gen generate" after a
// change to regstack.toml merges upstream changes and keeps your edits.
//
// Typical use:
//
//	cfg, err := auth.LoadConfig("regstack.toml")
//	if err != nil { … }
//	rs, err := auth.New(ctx, cfg)
//	if err != nil { … }
//	defer rs.Close()
//	if err := rs.InstallSchema(ctx); err != nil { … }
//	mux := http.NewServeMux()
//	rs.Mount(mux)
//
// Security properties that are deliberately not configurable: passwords are
// hashed with Argon2id; one-time tokens are stored only as SHA-256 digests;
// every token purpose signs with its own key derived from the master secret;
// every authenticated request checks revocation; login and recovery flows do
// not reveal whether an account exists; secrets are compared in constant time.
package auth
