//regstack:feature backend=postgres

package auth

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgxpool"
)

// WithPgxPool makes the store use the host's PostgreSQL pool; the store
// never closes it.
func WithPgxPool(pool *pgxpool.Pool) Option { return func(o *options) { o.backend.pgxPool = pool } }

// openPostgresStore is a placeholder being replaced by the real store.
func openPostgresStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	return nil, errors.New("postgres: not implemented yet")
}
