//regstack:omit

package auth

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPostgresMigrationsMatchSource fails when the embedded copy in
// migrations/postgres differs from sql/postgres, the source sqlc reads. The
// blueprint carries a copy because a host has no sql/ directory. (This file
// is dev-only: a host has nothing to compare against.)
func TestPostgresMigrationsMatchSource(t *testing.T) {
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
	source := read(filepath.Join("..", "..", "sql", "postgres"))
	if len(source) == 0 {
		t.Fatal("no migrations in ../../sql/postgres")
	}
	if diff := cmp.Diff(source, read(filepath.Join("migrations", "postgres"))); diff != "" {
		t.Errorf("migrations/postgres differs from sql/postgres (-source +copy); copy the files again:\n%s", diff)
	}
}
