//regstack:feature backend=postgres

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// WithPgxPool makes the store use the host's PostgreSQL pool instead of
// opening cfg.DatabaseURL; the store never closes it. The tables go into
// the first schema of the pool's search_path, as when the store opens the
// pool itself.
func WithPgxPool(pool *pgxpool.Pool) Option { return func(o *options) { o.backend.pgxPool = pool } }

// postgresStore is the Store on PostgreSQL, over a pgx connection pool.
//
// PostgreSQL settles every race itself: unique constraints refuse a second
// account for one address, DELETE … RETURNING hands a pending registration
// to exactly one caller, and INSERT … ON CONFLICT makes upserts atomic, so
// no method reads before it writes to decide anything.
type postgresStore struct {
	pool *pgxpool.Pool
	// q runs the generated queries on the pool, one statement each.
	q     *pgdb.Queries
	clock Clock
	// owned is whether Close closes pool: false for a host pool.
	owned bool
}

// openPostgresStore opens a pool on cfg.DatabaseURL, or wraps the host pool
// set with WithPgxPool. Pool settings go in the URL as pgx reads them (for
// example pool_max_conns=20); its default is four connections or one per
// CPU, whichever is more.
func openPostgresStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	if o.backend.pgxPool != nil {
		return newPostgresStore(o.backend.pgxPool, o.clock, false), nil
	}
	connString, err := parsePostgresURL(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	pcfg, err := pgxpool.ParseConfig(connString)
	if err != nil {
		return nil, postgresConfigErr(err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pcfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	// The pool connects lazily; a wrong host or password should fail New,
	// not the first request.
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, &backendError{backend: "postgres", op: "connect", err: err}
	}
	return newPostgresStore(pool, o.clock, true), nil
}

// newPostgresStore wraps pool; Close closes it only when owned.
func newPostgresStore(pool *pgxpool.Pool, clock Clock, owned bool) *postgresStore {
	return &postgresStore{pool: pool, q: pgdb.New(postgresFastDB{pool}), clock: clock, owned: owned}
}

// postgresSQLAlchemyParam reports whether a query parameter of the Python
// library's SQLAlchemy URLs configures its driver rather than the
// connection. pgx would send such a parameter to the server as a run-time
// setting, which the server refuses, so these are dropped.
func postgresSQLAlchemyParam(name string) bool {
	switch name {
	case "prepared_statement_cache_size", "async_fallback":
		return true
	}
	return false
}

// parsePostgresURL turns database_url into a connection string pgx accepts.
// It takes the forms the Python library accepts: postgresql://,
// postgres:// and SQLAlchemy's postgresql+asyncpg://, whose ssl parameter
// (asyncpg's name for libpq's sslmode) becomes sslmode. Every other
// parameter is passed on: pgx reads libpq's (sslmode, connect_timeout,
// application_name, …) and its pool's (pool_max_conns, …) and sends the
// rest, for example search_path, as run-time settings.
func parsePostgresURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse quotes the whole URL, password included.
		return "", errors.New("postgres: database_url is not a valid URL")
	}
	asyncpg := false
	switch u.Scheme { // url.Parse lower-cases the scheme
	case "postgresql", "postgres":
	case "postgresql+asyncpg":
		asyncpg = true
		u.Scheme = "postgresql"
	default:
		return "", fmt.Errorf("postgres: database_url scheme %q: want postgresql://, postgres:// or postgresql+asyncpg://", u.Scheme)
	}
	q := u.Query()
	for name := range q {
		if postgresSQLAlchemyParam(name) {
			q.Del(name)
		}
	}
	if asyncpg && q.Has("ssl") {
		if !q.Has("sslmode") {
			q.Set("sslmode", postgresSSLMode(q.Get("ssl")))
		}
		q.Del("ssl")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// postgresConfigErr says why pgx refused the connection settings without
// quoting database_url, which may hold a password: pgx's message quotes the
// whole connection string (masking the password only as far as it can
// recognise it) before the reason, so only the reason is kept. The string
// comes from url.URL.String, which escapes every backquote, so the quote
// ends at the last "`: ".
func postgresConfigErr(err error) error {
	var pe *pgconn.ParseConfigError
	if !errors.As(err, &pe) {
		return fmt.Errorf("postgres: database_url: %w", err)
	}
	msg := pe.Error()
	if i := strings.LastIndex(msg, "`: "); i >= 0 {
		msg = msg[i+len("`: "):]
	} else {
		msg = "invalid connection settings"
	}
	return fmt.Errorf("postgres: database_url: %s", msg)
}

// postgresSSLMode maps asyncpg's ssl parameter to libpq's sslmode: the mode
// names are the same, and asyncpg also takes true and false.
func postgresSSLMode(ssl string) string {
	switch ssl {
	case "true":
		return "require"
	case "false":
		return "disable"
	}
	return ssl
}

// Close closes the pool the store opened; a host pool stays open.
func (s *postgresStore) Close() error {
	if s.owned {
		s.pool.Close()
	}
	return nil
}

// inTx runs fn in one transaction, committed when fn returns nil and rolled
// back otherwise.
func (s *postgresStore) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// inQueriesTx runs fn with the generated queries in one transaction.
func (s *postgresStore) inQueriesTx(ctx context.Context, fn func(q *pgdb.Queries) error) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return fn(pgdb.New(postgresFastDB{tx})) })
}
