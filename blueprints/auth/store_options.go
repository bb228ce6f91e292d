package auth

import "database/sql"

// backendOptions holds a database handle the host passes in to share its
// own pool; each backend reads only its own field, and a store built on a
// host handle never closes it.
type backendOptions struct {
	//regstack:if backend=sqlite

	// sqlDB is the host's SQLite pool, set by WithSQLDB.
	sqlDB *sql.DB

	//regstack:end
}
