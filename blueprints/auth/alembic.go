//regstack:feature !backend=mongo

package auth

// pythonSQLTables is generationKeys.SQLTables with the Python library's
// table names (the *_collection defaults). regstack-gen renames the Go
// string literals that are exactly a table name or hold SQL; this list is
// neither, so it keeps the Python library's names in a package generated
// with others.
const pythonSQLTables = "users,pending_registrations,token_blacklist,login_attempts,mfa_codes,oauth_identities,oauth_states"

// sqlTablesArePython reports whether this package's tables have the Python
// library's names, so that the library can share the database: only then
// does InstallSchema write Alembic's version table. The blueprint has
// them.
func sqlTablesArePython() bool {
	k, ok := generatedWith()
	return !ok || k.SQLTables == pythonSQLTables
}

// stampSkippedStep is how InstallSchema reports the alembic_version
// migration named name in a package whose tables are renamed: recorded, so
// it is not tried again, but not run.
func stampSkippedStep(name string) string {
	return "recorded migration " + name + " without running it: the tables are renamed, so the Python library cannot share the database"
}
