//regstack:feature backend=postgres

package auth

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// scanRow is one destination of every kind postgresScan decodes.
type scanRow struct {
	S      string
	V      string
	PS     *string
	B      bool
	T      time.Time
	PT     *time.Time
	PTNull *time.Time
}

func (r *scanRow) dest() []any {
	return []any{&r.S, &r.V, &r.PS, &r.B, &r.T, &r.PT, &r.PTNull}
}

// scanQuery selects one value for each of scanRow's fields; $1..$6 are the
// text, varchar, nullable text, bool and the two timestamps, as text.
const scanQuery = `SELECT $1::text, $2::varchar, $3::text, $4::bool, $5::timestamptz, $6::timestamptz, NULL::timestamptz`

// TestPostgresFastScanMatchesPgx reads the same rows through postgresRow
// and through pgx's own QueryRow and requires the same values, the same
// zones and the same errors, on a pool in pgx's default mode (binary
// results, the fast path) and in the simple protocol (text results, which
// postgresScan hands back to pgx).
func TestPostgresFastScanMatchesPgx(t *testing.T) {
	url := postgresTestURL(t)
	conn, err := parsePostgresURL(url)
	if err != nil {
		t.Fatal(err)
	}
	hello, unicode := "hello", "zoë ☃ \u2028 \x01"
	cases := []struct {
		name string
		args []any
	}{
		{"plain", []any{"id-1", "a@example.com", hello, true, "2026-12-07 01:02:03.456789+00", "2026-12-07 01:02:03+00"}},
		{"null and false", []any{"", "", nil, false, "2000-01-01 00:00:00+00", "1999-12-31 23:59:59.999999+00"}},
		{"before 1970", []any{unicode, unicode, unicode, true, "1969-07-20 20:17:40.000001+00", "0001-01-01 00:00:00+00"}},
		{"far future", []any{"x", "y", "z", false, "9999-12-31 23:59:59.999999+00", "4000-02-29 12:00:00.5+00"}},
		{"null text", []any{nil, "v", nil, true, "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00"}},
		{"null bool", []any{"s", "v", nil, nil, "2026-01-01 00:00:00+00", "2026-01-01 00:00:00+00"}},
		{"infinity", []any{"s", "v", nil, true, "infinity", "2026-01-01 00:00:00+00"}},
		{"-infinity pointer", []any{"s", "v", nil, true, "2026-01-01 00:00:00+00", "-infinity"}},
		{"null time", []any{"s", "v", nil, true, nil, nil}},
	}
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeSimpleProtocol} {
		cfg, err := pgxpool.ParseConfig(conn)
		if err != nil {
			t.Fatal(err)
		}
		cfg.ConnConfig.DefaultQueryExecMode = mode
		pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		fast := postgresFastDB{pool}
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%v/%s", mode, tc.name), func(t *testing.T) {
				var got, want scanRow
				errGot := fast.QueryRow(t.Context(), scanQuery, tc.args...).Scan(got.dest()...)
				errWant := pool.QueryRow(t.Context(), scanQuery, tc.args...).Scan(want.dest()...)
				if fmt.Sprint(errGot) != fmt.Sprint(errWant) {
					t.Fatalf("error %v, pgx's %v", errGot, errWant)
				}
				if errWant != nil {
					return
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("values differ from pgx's (-pgx +fast):\n%s", diff)
				}
				if got.T.Location() != want.T.Location() || got.PT.Location() != want.PT.Location() {
					t.Errorf("zones %v, %v; pgx's %v, %v", got.T.Location(), got.PT.Location(), want.T.Location(), want.PT.Location())
				}
			})
		}
	}
}

// TestPostgresFastScanTaken checks that the session check's row really
// takes the fast path in pgx's default mode, so the test above compares
// something, and that a pool whose timestamptz codec differs does not.
func TestPostgresFastScanTaken(t *testing.T) {
	s := newTestPostgresStore(t)
	ctx := t.Context()
	now := time.Now()
	u := &User{ID: "u1", Email: "a@example.com", HashedPassword: "h", IsActive: true, CreatedAt: now, UpdatedAt: now, LastLogin: &now}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	taken := func(t *testing.T, pool *pgxpool.Pool) bool {
		t.Helper()
		rows, err := pool.Query(ctx, `SELECT id, email, hashed_password, is_active, created_at, last_login, tokens_invalidated_after FROM users WHERE id = $1`, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		if !rows.Next() {
			t.Fatalf("no row: %v", rows.Err())
		}
		var r scanRow
		var hash *string
		return postgresScan(rows, []any{&r.S, &r.V, &hash, &r.B, &r.T, &r.PT, &r.PTNull})
	}
	if !taken(t, s.pool) {
		t.Error("the users row did not take the fast path")
	}
	cfg := s.pool.Config()
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	if taken(t, pool) {
		t.Error("a pool with its own timestamptz codec took the fast path")
	}
}
