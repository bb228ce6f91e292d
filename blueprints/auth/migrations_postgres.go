//regstack:feature backend=postgres

package auth

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresMigrationFiles holds the schema migrations, applied in file-name
// order. regstack-gen keeps them in sql/postgres and copies them here, so
// the package needs nothing outside itself.
//
//go:embed migrations/postgres/*.sql
var postgresMigrationFiles embed.FS

// postgresMigration is one migration file; version is the number before
// the first underscore of its name.
type postgresMigration struct {
	version string
	name    string
	sql     string
}

// Migration versions with a special role.
const (
	// postgresBootstrapVersion creates regstack_migrations itself; it runs
	// on every InstallSchema and is not recorded.
	postgresBootstrapVersion = "0000"
	// postgresInitialVersion is the Python library's schema at Alembic head
	// postgresAlembicHead.
	postgresInitialVersion = "0001"
	postgresAlembicHead    = "0002"
	// postgresAlembicStampVersion writes alembic_version at
	// postgresAlembicHead, so the Python library can open the database.
	postgresAlembicStampVersion = "0004"
)

// postgresMigrations returns the embedded migrations in version order; the
// first is the bootstrap.
func postgresMigrations() ([]postgresMigration, error) {
	names, err := fs.Glob(postgresMigrationFiles, "migrations/postgres/*.sql")
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	ms := make([]postgresMigration, 0, len(names))
	for _, name := range names { // fs.Glob sorts by name
		data, err := postgresMigrationFiles.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("postgres: migrations: %w", err)
		}
		base := path.Base(name)
		version, _, ok := strings.Cut(base, "_")
		if !ok {
			return nil, fmt.Errorf("postgres: migration %s: want NNNN_name.sql", base)
		}
		ms = append(ms, postgresMigration{version: version, name: base, sql: string(data)})
	}
	if len(ms) == 0 || ms[0].version != postgresBootstrapVersion {
		return nil, errors.New("postgres: migrations: the bootstrap migration 0000 is missing")
	}
	return ms, nil
}

// InstallSchema applies every migration not yet recorded in
// regstack_migrations, each in its own transaction (PostgreSQL's DDL is
// transactional, so a failed migration leaves nothing behind), in version
// order. The tables go into the first schema of the connection's
// search_path.
//
// The version table is our own: the Python library tracks its schema with
// Alembic's alembic_version, but this package does not replicate Alembic's
// revision graph, only the schema it produces. A database the Python
// library created at its head revision is adopted: migration 0001 is then
// recorded without being run. The other way round, migration 0004 writes
// that head revision into alembic_version (keeping a row already there),
// so the Python library opens a database this package created.
//
// Several processes (or goroutines) may call InstallSchema at once: every
// transaction first takes a transaction-level advisory lock on the schema,
// so they run one after another and each finds the versions the others
// recorded. Only the caller that claimed a migration reports it as applied.
func (s *postgresStore) InstallSchema(ctx context.Context) ([]string, error) {
	ms, err := postgresMigrations()
	if err != nil {
		return nil, err
	}
	// CREATE TABLE IF NOT EXISTS is not safe against a concurrent creator
	// (both may pass the check and one then fails on the catalog's unique
	// index), so the bootstrap takes the lock too.
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := pgdb.New(tx).LockMigrations(ctx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, ms[0].sql)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: migration %s: %w", ms[0].name, err)
	}
	var applied []string
	for _, m := range ms[1:] {
		var step string
		err := s.inTx(ctx, func(tx pgx.Tx) error {
			var err error
			step, err = s.applyMigration(ctx, tx, m)
			return err
		})
		if err != nil {
			return applied, fmt.Errorf("postgres: migration %s: %w", m.name, err)
		}
		if step != "" {
			applied = append(applied, step)
		}
	}
	return applied, nil
}

// applyMigration runs m under the migration lock unless another caller
// already recorded it, and describes what it did ("" for nothing).
func (s *postgresStore) applyMigration(ctx context.Context, tx pgx.Tx, m postgresMigration) (string, error) {
	q := pgdb.New(tx)
	if err := q.LockMigrations(ctx); err != nil {
		return "", err
	}
	claimed, err := q.ClaimMigration(ctx, pgdb.ClaimMigrationParams{
		Version:   m.version,
		AppliedAt: s.clock.Now(),
	})
	if err != nil || claimed == 0 {
		return "", err
	}
	if m.version == postgresInitialVersion {
		adopt, err := postgresAlembicAtHead(ctx, tx)
		if err != nil {
			return "", err
		}
		if adopt {
			return "adopted the Python library's schema as migration " + m.name, nil
		}
	}
	if m.version == postgresAlembicStampVersion && !sqlTablesArePython() {
		return stampSkippedStep(m.name), nil
	}
	// No arguments: pgx sends the file with the simple query protocol,
	// which runs several statements.
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return "", err
	}
	return "applied migration " + m.name, nil
}

// postgresAlembicAtHead reports whether the Python library's Alembic
// migrations already created the schema of migration 0001 in this schema.
// A database at an older Alembic revision is an error: upgrade it with the
// Python library's "regstack migrate" first. alembic_version is not part of
// the schema sqlc knows, so its query is written here.
func postgresAlembicAtHead(ctx context.Context, tx pgx.Tx) (bool, error) {
	found, err := pgdb.New(tx).TableExists(ctx, "alembic_version")
	if err != nil || !found {
		return false, err
	}
	var rev string
	if err := tx.QueryRow(ctx, `SELECT version_num FROM alembic_version`).Scan(&rev); err != nil {
		return false, fmt.Errorf("read alembic_version: %w", err)
	}
	if rev != postgresAlembicHead {
		return false, fmt.Errorf("database is at Alembic revision %q; upgrade it to %q with the Python library's regstack migrate first", rev, postgresAlembicHead)
	}
	return true, nil
}

// PendingSchema lists the migrations InstallSchema would apply.
func (s *postgresStore) PendingSchema(ctx context.Context) ([]string, error) {
	ms, err := postgresMigrations()
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

// Ping checks that the server answers.
func (s *postgresStore) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return &backendError{backend: "postgres", op: "ping", err: err}
	}
	return nil
}

// SchemaVersion returns the newest applied migration version, or "" when
// InstallSchema has never run on the schema.
func (s *postgresStore) SchemaVersion(ctx context.Context) (string, error) {
	installed, err := s.q.TableExists(ctx, "regstack_migrations")
	if err != nil {
		return "", fmt.Errorf("postgres: schema version: %w", err)
	}
	if !installed {
		return "", nil
	}
	v, err := s.q.SchemaVersion(ctx)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("postgres: schema version: %w", err)
	}
	return v, nil
}

// LatestSchemaVersion returns the version InstallSchema brings the database
// to.
func (s *postgresStore) LatestSchemaVersion() (string, error) {
	ms, err := postgresMigrations()
	if err != nil {
		return "", err
	}
	return ms[len(ms)-1].version, nil
}
