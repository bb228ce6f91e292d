//regstack:feature backend=sqlite

package auth

import (
	"path/filepath"
	"testing"
)

// sqliteTestURL returns the URL of a fresh SQLite file in the test's
// temporary directory.
func sqliteTestURL(t testing.TB) string {
	t.Helper()
	return "sqlite:///" + filepath.Join(t.TempDir(), "regstack-test.db")
}
