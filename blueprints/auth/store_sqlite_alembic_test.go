//regstack:feature backend=sqlite

package auth

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sqliteAlembicRows returns alembic_version's rows, nil when there are none
// or the table does not exist.
func sqliteAlembicRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var found bool
	err := db.QueryRowContext(t.Context(),
		`SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version')`).Scan(&found)
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		return nil
	}
	rows, err := db.QueryContext(t.Context(), `SELECT version_num FROM alembic_version ORDER BY version_num`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSQLiteAlembicStamp checks that InstallSchema leaves the Python
// library's head revision in alembic_version, so the library opens the
// database instead of failing on "table users already exists": on a fresh
// database, on one installed before migration 0004 existed, and never over
// a row that is already there.
func TestSQLiteAlembicStamp(t *testing.T) {
	tests := []struct {
		name string
		// before turns a fully installed database into the one to test.
		before string
		want   []string
	}{
		{name: "fresh database", want: wantAlembicRows(sqliteAlembicHead)},
		{
			name:   "installed before the stamp",
			before: `DELETE FROM regstack_migrations WHERE version = '0004'; DROP TABLE IF EXISTS alembic_version;`,
			want:   wantAlembicRows(sqliteAlembicHead),
		},
		{
			name: "empty version table",
			before: `DELETE FROM regstack_migrations WHERE version = '0004'; DROP TABLE IF EXISTS alembic_version;
				CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));`,
			want: wantAlembicRows(sqliteAlembicHead),
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
			url := "sqlite:///" + filepath.Join(t.TempDir(), "stamp.db")
			s := openTestSQLite(t, url)
			installSQLiteSchema(t, s)
			if tt.before != "" {
				if _, err := s.write.ExecContext(ctx, tt.before); err != nil {
					t.Fatalf("prepare: %v", err)
				}
			}
			// Twenty installers at once, standing for processes starting
			// together, then one more run.
			const n = 20
			stores := make([]Store, n)
			for i := range stores {
				stores[i] = openTestSQLite(t, url)
			}
			got := contractRace(t, n, nil, func(i int) error { _, err := stores[i].InstallSchema(ctx); return err })
			if diff := cmp.Diff(contractRaceOutcome{OK: n}, got); diff != "" {
				t.Errorf("outcomes mismatch (-want +got):\n%s", diff)
			}
			installSQLiteSchema(t, s)
			if diff := cmp.Diff(tt.want, sqliteAlembicRows(t, s.read)); diff != "" {
				t.Errorf("alembic_version rows mismatch (-want +got):\n%s", diff)
			}
			if v, err := s.SchemaVersion(ctx); err != nil || v != sqliteLatestVersion(t) {
				t.Errorf("SchemaVersion = %q, %v; want %s", v, err, sqliteLatestVersion(t))
			}
		})
	}
}

// TestSQLiteReferenceSchema reads a database InstallSchema created with
// the Python library's expectations at its Alembic head.
func TestSQLiteReferenceSchema(t *testing.T) {
	s := newTestSQLiteStore(t)
	checkReferenceSchema(t, func(table string) *tableShape { return sqliteTableShape(t, s.read, table) })
}

// sqliteConstraint matches a named table constraint in CREATE TABLE text,
// where SQLAlchemy reads SQLite's constraint names from.
var sqliteConstraint = regexp.MustCompile(`CONSTRAINT\s+(\w+)\s+(PRIMARY KEY|UNIQUE|CHECK)\s*(?:\(([^()]*)\))?`)

// sqliteTableShape reads table from SQLite's catalog, nil when it does not
// exist.
func sqliteTableShape(t *testing.T, db *sql.DB, table string) *tableShape {
	t.Helper()
	ctx := t.Context()
	var ddl string
	err := db.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&ddl)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	shape := &tableShape{columns: map[string]columnShape{}, constraints: map[string]string{}, indexes: map[string]string{}}
	queryRows(t, db, fmt.Sprintf(`SELECT name, type, "notnull", dflt_value IS NOT NULL FROM pragma_table_info('%s')`, table),
		func(rows *sql.Rows) error {
			var name, typ string
			var c columnShape
			if err := rows.Scan(&name, &typ, &c.notNull, &c.hasDefault); err != nil {
				return err
			}
			c.typ = strings.ToLower(typ)
			if c.typ == "datetime" {
				c.typ = "timestamptz"
			}
			shape.columns[name] = c
			return nil
		})
	for _, m := range sqliteConstraint.FindAllStringSubmatch(ddl, -1) {
		def := m[2]
		if def != "CHECK" {
			def += " " + catalogColumns(m[3])
		}
		shape.constraints[m[1]] = def
	}
	type index struct {
		name   string
		unique bool
	}
	var indexes []index
	queryRows(t, db, fmt.Sprintf(`SELECT name, "unique" FROM pragma_index_list('%s') WHERE origin = 'c'`, table),
		func(rows *sql.Rows) error {
			var ix index
			if err := rows.Scan(&ix.name, &ix.unique); err != nil {
				return err
			}
			indexes = append(indexes, ix)
			return nil
		})
	for _, ix := range indexes {
		var cols []string
		queryRows(t, db, fmt.Sprintf(`SELECT name FROM pragma_index_info('%s') ORDER BY seqno`, ix.name),
			func(rows *sql.Rows) error {
				var c string
				cols = append(cols, c)
				return rows.Scan(&cols[len(cols)-1])
			})
		def := catalogColumns(strings.Join(cols, ","))
		if ix.unique {
			def = "UNIQUE " + def
		}
		shape.indexes[ix.name] = def
	}
	return shape
}

// queryRows runs query on db and calls scan for each row.
func queryRows(t *testing.T, db *sql.DB, query string, scan func(*sql.Rows) error) {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
