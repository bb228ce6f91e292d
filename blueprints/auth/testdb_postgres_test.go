//regstack:feature backend=postgres

package auth

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// postgresTestURL returns the URL of a fresh, empty schema in the database
// REGSTACK_TEST_POSTGRES_URL names, selected through the search_path run-time
// setting, and drops the schema when the test ends. A schema costs a few
// milliseconds where CREATE DATABASE costs a second, and tests in separate
// schemas share nothing. Without the variable the test is skipped.
func postgresTestURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("REGSTACK_TEST_POSTGRES_URL")
	if base == "" {
		t.Skip("postgres: REGSTACK_TEST_POSTGRES_URL is not set; set it to a PostgreSQL database URL (e.g. postgres://postgres@127.0.0.1:5432/regstack_test?sslmode=disable; each test gets a fresh schema there) to run this test")
	}
	connString, err := parsePostgresURL(base)
	if err != nil {
		t.Fatalf("REGSTACK_TEST_POSTGRES_URL: %v", err)
	}
	schema := "regstack_test_" + strings.ToLower(rand.Text())
	postgresTestExec(t, connString, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize())
	t.Cleanup(func() {
		postgresTestExec(t, connString, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
	})
	u, err := url.Parse(connString)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// postgresTestExec runs one statement on a connection of its own. It does
// not use the test's context, which has ended by the time cleanups run.
func postgresTestExec(t testing.TB, connString, sql string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("postgres test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatalf("postgres test database: %s: %v", sql, err)
	}
}
