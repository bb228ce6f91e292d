//regstack:omit

package auth

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSQLiteMigrationsMatchSource fails when the embedded copy in
// migrations/sqlite differs from sql/sqlite, the source sqlc reads. The
// blueprint carries a copy because a host has no sql/ directory. (This file
// is dev-only: a host has nothing to compare against.)
func TestSQLiteMigrationsMatchSource(t *testing.T) {
	read := func(dir string) map[string]string {
		t.Helper()
		names, err := filepath.Glob(filepath.Join(dir, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			files[filepath.Base(n)] = string(data)
		}
		return files
	}
	source := read(filepath.Join("..", "..", "sql", "sqlite"))
	if len(source) == 0 {
		t.Fatal("no migrations in ../../sql/sqlite")
	}
	if diff := cmp.Diff(source, read(filepath.Join("migrations", "sqlite"))); diff != "" {
		t.Errorf("migrations/sqlite differs from sql/sqlite (-source +copy); copy the files again:\n%s", diff)
	}
}
