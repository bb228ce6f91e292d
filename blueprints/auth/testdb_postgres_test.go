//regstack:feature backend=postgres

package auth

import "testing"

// postgresTestURL is a placeholder being replaced.
func postgresTestURL(t *testing.T) string {
	t.Helper()
	t.Skip("postgres: not implemented yet")
	return ""
}
