package auth

import (
	"database/sql"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// backendOptions holds a database handle the host passes in to share its
// own pool; each backend reads only its own field, and a store built on a
// host handle never closes it.
type backendOptions struct {
	//regstack:if backend=sqlite

	// sqlDB is the host's SQLite pool, set by WithSQLDB.
	sqlDB *sql.DB

	//regstack:end
	//regstack:if backend=postgres

	// pgxPool is the host's PostgreSQL pool, set by WithPgxPool.
	pgxPool *pgxpool.Pool

	//regstack:end
	//regstack:if backend=mongo

	// mongoDB is the host's MongoDB database, set by WithMongoDatabase.
	mongoDB *mongo.Database

	//regstack:end
}
