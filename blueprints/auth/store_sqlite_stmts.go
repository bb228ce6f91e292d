//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// sqliteStmts runs queries on a pool through statements prepared once per
// query text. modernc.org/sqlite keeps no statement cache, and parsing the
// SQL again on every call was about a quarter of the CPU of an
// authenticated request. database/sql re-prepares a *sql.Stmt on each
// connection it is used on, and keeps those, so the cache is per pool.
type sqliteStmts struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newSQLiteStmts(db *sql.DB) *sqliteStmts {
	return &sqliteStmts{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared statement for query, preparing it on first use.
func (c *sqliteStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = s
	return s, nil
}

// ExecContext implements sqlitedb.DBTX.
func (c *sqliteStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// PrepareContext implements sqlitedb.DBTX.
func (c *sqliteStmts) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return c.db.PrepareContext(ctx, query)
}

// QueryContext implements sqlitedb.DBTX.
func (c *sqliteStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// QueryRowContext implements sqlitedb.DBTX. A preparation error surfaces
// from the row's Scan, as with the pool's own QueryRowContext.
func (c *sqliteStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	s, err := c.stmt(ctx, query)
	if err != nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// close closes every prepared statement (not the pool).
func (c *sqliteStmts) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for q, s := range c.stmts {
		errs = append(errs, s.Close())
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}
