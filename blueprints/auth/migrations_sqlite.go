//regstack:feature backend=sqlite

package auth

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/sqlitedb"
)

// sqliteMigrationFiles holds the schema migrations, applied in file-name
// order. regstack-gen keeps them in sql/sqlite and copies them here, so the
// package needs nothing outside itself.
//
//go:embed migrations/sqlite/*.sql
var sqliteMigrationFiles embed.FS

// sqliteMigration is one migration file; version is the number before the
// first underscore of its name.
type sqliteMigration struct {
	version string
	name    string
	sql     string
}

// Migration versions with a special role.
const (
	// sqliteBootstrapVersion creates regstack_migrations itself; it runs on
	// every InstallSchema and is not recorded.
	sqliteBootstrapVersion = "0000"
	// sqliteInitialVersion is the Python library's schema at Alembic head
	// sqliteAlembicHead.
	sqliteInitialVersion = "0001"
	sqliteAlembicHead    = "0002"
	// sqliteAlembicStampVersion writes alembic_version at
	// sqliteAlembicHead, so the Python library can open the database.
	sqliteAlembicStampVersion = "0004"
)

func sqliteMigrations() ([]sqliteMigration, error) {
	names, err := fs.Glob(sqliteMigrationFiles, "migrations/sqlite/*.sql")
	if err != nil {
		return nil, err
	}
	ms := make([]sqliteMigration, 0, len(names))
	for _, name := range names { // fs.Glob sorts by name
		data, err := sqliteMigrationFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		base := path.Base(name)
		version, _, ok := strings.Cut(base, "_")
		if !ok {
			return nil, fmt.Errorf("sqlite: migration %s: want NNNN_name.sql", base)
		}
		ms = append(ms, sqliteMigration{version: version, name: base, sql: string(data)})
	}
	if len(ms) == 0 || ms[0].version != sqliteBootstrapVersion {
		return nil, errors.New("sqlite: migrations: the bootstrap migration 0000 is missing")
	}
	return ms, nil
}

// InstallSchema applies every migration not yet recorded in
// regstack_migrations, each in its own transaction, in version order.
//
// The version table is our own: the Python library tracks its schema with
// Alembic's alembic_version, but this package does not replicate Alembic's
// revision graph, only the schema it produces. A database the Python
// library created at its head revision is adopted: migration 0001 is then
// recorded without being run. The other way round, migration 0004 writes
// that head revision into alembic_version (keeping a row already there),
// so the Python library opens a database this package created.
//
// Several processes (or goroutines) may call InstallSchema at once: each
// migration's transaction first records its version, which takes SQLite's
// write lock, so the others wait and then find the version taken. Only the
// caller that claimed a migration reports it as applied.
func (s *sqliteStore) InstallSchema(ctx context.Context) ([]string, error) {
	ms, err := sqliteMigrations()
	if err != nil {
		return nil, err
	}
	if _, err := s.write.ExecContext(ctx, ms[0].sql); err != nil {
		return nil, fmt.Errorf("sqlite: migration %s: %w", ms[0].name, err)
	}
	var applied []string
	for _, m := range ms[1:] {
		var step string
		err := s.withTx(ctx, func(tx *sql.Tx) error {
			var err error
			step, err = s.applyMigration(ctx, tx, m)
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("sqlite: migration %s: %w", m.name, err)
		}
		if step != "" {
			applied = append(applied, step)
		}
	}
	return applied, nil
}

// PendingSchema lists the migrations InstallSchema would apply.
func (s *sqliteStore) PendingSchema(ctx context.Context) ([]string, error) {
	ms, err := sqliteMigrations()
	if err != nil {
		return nil, err
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	var pending []string
	for _, m := range ms[1:] {
		if m.version > current {
			pending = append(pending, "migration "+m.name)
		}
	}
	return pending, nil
}

// Ping checks that the database file can be read.
func (s *sqliteStore) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return &backendError{backend: "sqlite", op: "ping", err: err}
	}
	return nil
}

// applyMigration runs m unless another caller already recorded it, and
// describes what it did ("" for nothing).
func (s *sqliteStore) applyMigration(ctx context.Context, tx *sql.Tx, m sqliteMigration) (string, error) {
	claimed, err := sqlitedb.New(sqliteTimeText{tx}).ClaimMigration(ctx, sqlitedb.ClaimMigrationParams{
		Version:   m.version,
		AppliedAt: s.clock.Now(),
	})
	if err != nil || claimed == 0 {
		return "", err
	}
	if m.version == sqliteInitialVersion {
		adopt, err := sqliteAlembicAtHead(ctx, tx)
		if err != nil {
			return "", err
		}
		if adopt {
			return "adopted the Python library's schema as migration " + m.name, nil
		}
	}
	if m.version == sqliteAlembicStampVersion && !sqlTablesArePython() {
		return stampSkippedStep(m.name), nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return "", err
	}
	return "applied migration " + m.name, nil
}

// sqliteAlembicAtHead reports whether the Python library's Alembic
// migrations already created the schema of migration 0001. A database at
// an older Alembic revision is an error: upgrade it with the Python
// library's "regstack migrate" first. The queries read SQLite's catalog,
// which sqlc does not model, so they are written here.
func sqliteAlembicAtHead(ctx context.Context, tx *sql.Tx) (bool, error) {
	var found bool
	err := tx.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version')`,
	).Scan(&found)
	if err != nil || !found {
		return false, err
	}
	var rev string
	if err := tx.QueryRowContext(ctx, `SELECT version_num FROM alembic_version`).Scan(&rev); err != nil {
		return false, fmt.Errorf("read alembic_version: %w", err)
	}
	if rev != sqliteAlembicHead {
		return false, fmt.Errorf("database is at Alembic revision %q; upgrade it to %q with the Python library's regstack migrate first", rev, sqliteAlembicHead)
	}
	// The Python library always names its tables users, pending_registrations
	// and so on. regstack-gen substitutes renamed tables (the *_collection
	// keys) into this literal too, so in a package generated with renamed
	// tables the check fails instead of adopting tables it will never use.
	var users bool
	err = tx.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'users')`,
	).Scan(&users)
	if err != nil {
		return false, err
	}
	if !users {
		return false, errors.New("the database was created by the Python library, whose table names differ from the *_collection names this package was generated with")
	}
	return true, nil
}

// SchemaVersion returns the newest applied migration version, or "" when
// InstallSchema has never run on the database.
func (s *sqliteStore) SchemaVersion(ctx context.Context) (string, error) {
	var installed bool
	err := s.read.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'regstack_migrations')`,
	).Scan(&installed)
	if err != nil {
		return "", fmt.Errorf("sqlite: schema version: %w", err)
	}
	if !installed {
		return "", nil
	}
	v, err := s.r.SchemaVersion(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlite: schema version: %w", err)
	}
	return v, nil
}

// LatestSchemaVersion returns the version InstallSchema brings the database
// to.
func (s *sqliteStore) LatestSchemaVersion() (string, error) {
	ms, err := sqliteMigrations()
	if err != nil {
		return "", err
	}
	return ms[len(ms)-1].version, nil
}
