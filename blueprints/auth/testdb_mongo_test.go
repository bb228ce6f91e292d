//regstack:feature backend=mongo

package auth

import "testing"

// mongoTestURL is a placeholder being replaced.
func mongoTestURL(t *testing.T) string {
	t.Helper()
	t.Skip("mongo: not implemented yet")
	return ""
}
