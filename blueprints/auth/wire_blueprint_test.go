//regstack:omit

package auth

import (
	"os"
	"testing"
)

// testDatabaseURL picks the database the blueprint's own tests use:
// REGSTACK_TEST_BACKEND names the backend (sqlite by default). A generated
// package has a computed wire_gen_test.go instead, bound to its backend.
func testDatabaseURL(t testing.TB) string {
	t.Helper()
	switch b := os.Getenv("REGSTACK_TEST_BACKEND"); b {
	case "", "sqlite":
		return sqliteTestURL(t)
	case "postgres":
		return postgresTestURL(t)
	case "mongo":
		return mongoTestURL(t)
	default:
		t.Fatalf("REGSTACK_TEST_BACKEND=%q: no such backend in this build", b)
		return ""
	}
}
