//regstack:feature backend=sqlite

package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"

	// The pure-Go SQLite driver, registered as "sqlite"; no cgo needed.
	_ "modernc.org/sqlite"
)

// WithSQLDB makes the store use the host's SQLite pool instead of opening
// cfg.DatabaseURL; the store never closes db. Open db with the
// modernc.org/sqlite driver and a busy timeout, for example
// "file:app.db?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)", or
// concurrent writers fail with SQLITE_BUSY instead of waiting.
func WithSQLDB(db *sql.DB) Option { return func(o *options) { o.backend.sqlDB = db } }

// sqliteStore is the Store on SQLite.
//
// SQLite allows one writer at a time. When the store opens the database
// itself it keeps two pools on the file: writes go through a pool of exactly
// one connection, so they queue in Go instead of polling SQLite's busy lock,
// and transactions begin IMMEDIATE (they take the write lock up front and
// never fail half-way with SQLITE_BUSY); reads go through a pool of several
// read-only connections, which WAL mode lets run alongside the writer. A
// host pool passed with WithSQLDB serves both roles; every transaction here
// starts with a write statement, which SQLite retries under the busy
// timeout, so that arrangement is safe too, only slower under contention.
type sqliteStore struct {
	write *sql.DB
	read  *sql.DB
	// w and r run the generated queries on write and read, through the
	// statement caches in stmts.
	w, r  *sqlitedb.Queries
	stmts []*sqliteStmts
	clock Clock
	// owned lists the pools Close closes: none for a host pool.
	owned []*sql.DB
}

// sqliteReadConns is the least number of reader connections; more CPUs get
// one each.
const sqliteReadConns = 4

// sqliteDSNParams are the connection settings of every pool the store
// opens: foreign keys on (the schema has none today, but a host's own tables
// may), WAL so readers never block the writer, a 5 s busy timeout for other
// processes holding the write lock, and SQLite's time text format for any
// time.Time bound as is (the store itself binds times as text in
// sqliteTimeLayout).
const sqliteDSNParams = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_time_format=sqlite"

// openSQLiteStore opens the SQLite database named by cfg.DatabaseURL, or
// wraps the host pool set with WithSQLDB.
func openSQLiteStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	if o.backend.sqlDB != nil {
		return newSQLiteStore(o.backend.sqlDB, o.backend.sqlDB, o.clock, nil), nil
	}
	file, memory, err := parseSQLiteURL(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	if memory {
		// A private in-memory database lives only as long as a connection
		// to it, and each plain ":memory:" connection would get a new one.
		// A uniquely named shared-cache database behind one connection is
		// one database for this store and invisible to any other. Its data
		// ends with the store: it is meant for tests and demos.
		dsn := "file:regstack-" + rand.Text() + "?mode=memory&cache=shared&" + sqliteDSNParams + "&_txlock=immediate"
		db, err := openSQLitePool(ctx, dsn, ":memory:", 1)
		if err != nil {
			return nil, err
		}
		return newSQLiteStore(db, db, o.clock, []*sql.DB{db}), nil
	}
	name := "file:" + (&url.URL{Path: file}).EscapedPath() + "?" + sqliteDSNParams
	// The writer opens first: it creates the file and switches it to WAL
	// before any reader connects.
	write, err := openSQLitePool(ctx, name+"&_txlock=immediate", file, 1)
	if err != nil {
		return nil, err
	}
	read, err := openSQLitePool(ctx, name+"&_pragma=query_only(1)", file, max(sqliteReadConns, runtime.GOMAXPROCS(0)))
	if err != nil {
		return nil, errors.Join(err, write.Close())
	}
	return newSQLiteStore(write, read, o.clock, []*sql.DB{read, write}), nil
}

func newSQLiteStore(write, read *sql.DB, clock Clock, owned []*sql.DB) *sqliteStore {
	ws, rs := newSQLiteStmts(write), newSQLiteStmts(read)
	if read == write {
		rs = ws
	}
	return &sqliteStore{
		write: write,
		read:  read,
		w:     sqlitedb.New(sqliteTimeText{ws}),
		r:     sqlitedb.New(sqliteTimeText{rs}),
		stmts: []*sqliteStmts{ws, rs},
		clock: clock,
		owned: owned,
	}
}

// openSQLitePool opens a pool of at most conns connections to the database
// file and checks that the first one can be established. A failure names
// the file: the driver's own message ("unable to open database file")
// does not.
func openSQLitePool(ctx context.Context, dsn, file string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", file, err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(&backendError{backend: "sqlite", op: "open " + file, err: sqliteOpenCause(file, err)}, db.Close())
	}
	return db, nil
}

// sqliteOpenCause adds the likeliest reason to the driver's error when the
// file's directory is missing: SQLite creates a database file, never the
// directory it goes in.
func sqliteOpenCause(file string, err error) error {
	if file == ":memory:" {
		return err
	}
	dir := filepath.Dir(file)
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		return fmt.Errorf("%w (the directory %s does not exist: create it first)", err, dir)
	}
	return err
}

// parseSQLiteURL returns the file path in a SQLAlchemy-style URL, as the
// Python library accepts them: sqlite:///relative/path.db,
// sqlite:////absolute/path.db, the same with the sqlite+aiosqlite scheme,
// and sqlite:///:memory:.
func parseSQLiteURL(raw string) (file string, memory bool, err error) {
	rest, ok := strings.CutPrefix(raw, "sqlite:///")
	if !ok {
		rest, ok = strings.CutPrefix(raw, "sqlite+aiosqlite:///")
	}
	switch {
	case !ok:
		return "", false, fmt.Errorf("sqlite: database_url %q: want sqlite:///relative.db, sqlite:////absolute.db or sqlite:///:memory:", raw)
	case strings.ContainsAny(rest, "?#"):
		return "", false, fmt.Errorf("sqlite: database_url %q: query parameters are not supported", raw)
	case rest == "":
		return "", false, fmt.Errorf("sqlite: database_url %q: no file name", raw)
	case rest == ":memory:":
		return "", true, nil
	}
	return rest, false, nil
}

// Close closes the pools the store opened; a host pool stays open.
func (s *sqliteStore) Close() error {
	var errs []error
	for _, c := range s.stmts {
		errs = append(errs, c.close())
	}
	for _, db := range s.owned {
		errs = append(errs, db.Close())
	}
	return errors.Join(errs...)
}

// inTx runs fn with the generated queries in one write transaction.
func (s *sqliteStore) inTx(ctx context.Context, fn func(q *sqlitedb.Queries) error) error {
	return s.withTx(ctx, func(tx *sql.Tx) error { return fn(sqlitedb.New(sqliteTimeText{tx})) })
}

// withTx runs fn in one write transaction and commits when it returns nil.
// Every caller's first statement writes, so even on a host pool whose
// transactions begin DEFERRED the write lock is taken (or waited for) before
// anything is read, and the transaction cannot fail later with SQLITE_BUSY.
func (s *sqliteStore) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		// ErrTxDone means database/sql already rolled back because the
		// context ended.
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, rbErr)
		}
		return err
	}
	return tx.Commit()
}
