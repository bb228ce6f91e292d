//regstack:feature backend=postgres

package auth

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// postgresAlembicRows returns alembic_version's rows, nil when there are
// none or the table does not exist in the store's schema.
func postgresAlembicRows(t *testing.T, s *postgresStore) []string {
	t.Helper()
	found, err := s.q.TableExists(t.Context(), "alembic_version")
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		return nil
	}
	rows := postgresCatalog(t, s, `SELECT version_num FROM alembic_version ORDER BY version_num`)
	if len(rows) == 0 {
		return nil
	}
	return rows
}

// TestPostgresAlembicStamp checks that InstallSchema leaves the Python
// library's head revision in alembic_version, so the library opens the
// database instead of failing on "relation users already exists": on a
// fresh schema, on one installed before migration 0004 existed, and never
// over a row that is already there.
func TestPostgresAlembicStamp(t *testing.T) {
	tests := []struct {
		name string
		// before turns a fully installed schema into the one to test.
		before string
		want   []string
	}{
		{name: "fresh schema", want: wantAlembicRows(postgresAlembicHead)},
		{
			name:   "installed before the stamp",
			before: `DELETE FROM regstack_migrations WHERE version = '0004'; DROP TABLE IF EXISTS alembic_version;`,
			want:   wantAlembicRows(postgresAlembicHead),
		},
		{
			name: "empty version table",
			before: `DELETE FROM regstack_migrations WHERE version = '0004'; DROP TABLE IF EXISTS alembic_version;
				CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));`,
			want: wantAlembicRows(postgresAlembicHead),
		},
		{
			// The Python library moved the database to a revision of its
			// own; its row is the truth.
			name: "another revision",
			before: `DELETE FROM regstack_migrations WHERE version = '0004'; DROP TABLE IF EXISTS alembic_version;
				CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
				INSERT INTO alembic_version VALUES ('0003');`,
			want: []string{"0003"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			url := postgresTestURL(t)
			s := openTestPostgres(t, url)
			installPostgresSchema(t, s)
			if tt.before != "" {
				if _, err := s.pool.Exec(ctx, tt.before); err != nil {
					t.Fatalf("prepare: %v", err)
				}
			}
			// Twenty installers at once, standing for processes starting
			// together, then one more run.
			const n = 20
			stores := make([]*postgresStore, n)
			for i := range stores {
				stores[i] = openTestPostgres(t, url)
			}
			got := contractRace(t, n, nil, func(i int) error { _, err := stores[i].InstallSchema(ctx); return err })
			if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
				t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
			}
			installPostgresSchema(t, s)
			if diff := cmp.Diff(tt.want, postgresAlembicRows(t, s)); diff != "" {
				t.Errorf("alembic_version rows mismatch (-want +got):\n%s", diff)
			}
			if v, err := s.SchemaVersion(ctx); err != nil || v != postgresLatestVersion(t) {
				t.Errorf("SchemaVersion = %q, %v; want %s", v, err, postgresLatestVersion(t))
			}
		})
	}
}

// TestPostgresReferenceSchema reads a schema InstallSchema created with
// the Python library's expectations at its Alembic head.
func TestPostgresReferenceSchema(t *testing.T) {
	s := newTestPostgresStore(t)
	checkReferenceSchema(t, func(table string) *tableShape { return postgresTableShape(t, s, table) })
}

// postgresTableShape reads table from PostgreSQL's catalog in the store's
// schema, nil when it does not exist.
func postgresTableShape(t *testing.T, s *postgresStore, table string) *tableShape {
	t.Helper()
	ctx := t.Context()
	found, err := s.q.TableExists(ctx, table)
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		return nil
	}
	shape := &tableShape{columns: map[string]columnShape{}, constraints: map[string]string{}, indexes: map[string]string{}}
	rows, err := s.pool.Query(ctx, `
		SELECT column_name, data_type, COALESCE(character_maximum_length, 0), is_nullable = 'NO', column_default IS NOT NULL
		FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`, table)
	if err != nil {
		t.Fatal(err)
	}
	var name, typ string
	var length int
	var c columnShape
	_, err = pgx.ForEachRow(rows, []any{&name, &typ, &length, &c.notNull, &c.hasDefault}, func() error {
		switch typ {
		case "character varying":
			c.typ = fmt.Sprintf("varchar(%d)", length)
		case "timestamp with time zone":
			c.typ = "timestamptz"
		default:
			c.typ = typ
		}
		shape.columns[name] = c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// pg_get_constraintdef gives "PRIMARY KEY (id)", "UNIQUE (a, b)" or
	// "CHECK (…)".
	rows, err = s.pool.Query(ctx, `
		SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
		WHERE c.conrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident($1))`, table)
	if err != nil {
		t.Fatal(err)
	}
	var def string
	_, err = pgx.ForEachRow(rows, []any{&name, &def}, func() error {
		if strings.HasPrefix(def, "CHECK") {
			def = "CHECK"
		} else if kind, cols, ok := strings.Cut(def, " ("); ok {
			def = kind + " " + catalogColumns(strings.TrimSuffix(cols, ")"))
		}
		shape.constraints[name] = def
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Indexes of their own, not those behind a constraint; pg_indexes'
	// definition ends in "USING btree (cols)" and perhaps a WHERE clause.
	rows, err = s.pool.Query(ctx, `
		SELECT i.indexname, i.indexdef FROM pg_indexes i
		WHERE i.schemaname = current_schema() AND i.tablename = $1
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = to_regnamespace(current_schema()))`, table)
	if err != nil {
		t.Fatal(err)
	}
	_, err = pgx.ForEachRow(rows, []any{&name, &def}, func() error {
		_, cols, _ := strings.Cut(def, "USING btree (")
		cols, _, _ = strings.Cut(cols, ")")
		ix := catalogColumns(cols)
		if strings.HasPrefix(def, "CREATE UNIQUE") {
			ix = "UNIQUE " + ix
		}
		shape.indexes[name] = ix
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return shape
}
