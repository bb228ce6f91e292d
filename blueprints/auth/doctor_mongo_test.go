//regstack:feature backend=mongo

package auth

import (
	"context"
	"strings"
	"testing"
)

func TestMongoAdvisory(t *testing.T) {
	tests := []struct {
		version string
		status  CheckStatus
		detail  string // a substring of the detail
	}{
		{"8.2.2", CheckWarn, "upgrade to 8.2.3 or later"},
		{"8.2.3", CheckPass, "fixed"},
		{"8.2.10", CheckPass, "fixed"},
		{"8.0.16", CheckWarn, "upgrade to 8.0.17 or later"},
		{"8.0.17", CheckPass, "fixed"},
		{"7.0.27", CheckWarn, "upgrade to 7.0.28 or later"},
		{"7.0.28", CheckPass, "fixed"},
		{"6.0.26", CheckWarn, "upgrade to 6.0.27 or later"},
		{"6.0.27-ent", CheckPass, "fixed"},
		{"5.0.31", CheckWarn, "upgrade to 5.0.32 or later"},
		{"5.0.32", CheckPass, "fixed"},
		{"4.4.29", CheckWarn, "upgrade to 4.4.30 or later"},
		{"4.4.30", CheckPass, "fixed"},
		{"4.2.25", CheckWarn, "the 4.2 line has no fix"},
		{"3.6.0", CheckWarn, "the 3.6 line has no fix"},
		{"8.1.2", CheckWarn, "the 8.1 line has no fix"},
		{"3.4.24", CheckPass, "not affected"},
		{"8.3.0", CheckPass, "not affected"},
		{"9.0.1", CheckPass, "not affected"},
		{"7.0", CheckWarn, "upgrade to 7.0.28"},
		{"banana", CheckWarn, "cannot parse"},
		{"", CheckWarn, "cannot parse"},
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			c := mongoAdvisory(tt.version)
			if c.Status != tt.status || !strings.Contains(c.Detail, tt.detail) {
				t.Errorf("mongoAdvisory(%q) = %v, want %s and %q", tt.version, c, tt.status.Symbol(), tt.detail)
			}
			if c.Status == CheckWarn && tt.detail != "cannot parse" && !strings.Contains(c.Detail, "net.compression.compressors") {
				t.Errorf("mongoAdvisory(%q) does not name the mitigation: %s", tt.version, c.Detail)
			}
		})
	}
}

// versionedStore adds a server version to a store, as the MongoDB store
// has one.
type versionedStore struct {
	Store
	version string
}

func (s versionedStore) ServerVersion(context.Context) (string, error) { return s.version, nil }

func TestDoctorServerVersion(t *testing.T) {
	e := newTestEnv(t)
	// On MongoDB the store reports the test server's own version (the
	// blueprint's tests may run on another backend, whose store does not).
	if _, ok := e.rs.store.(serverVersioner); ok {
		if c := checkNamed(t, e.rs.Doctor(context.Background(), DoctorOptions{}), "mongodb version"); c.Status == CheckFail {
			t.Errorf("the test server's own version: %v", c)
		}
	}
	e.rs.store = versionedStore{Store: e.rs.store, version: "8.0.16"}
	c := checkNamed(t, e.rs.Doctor(context.Background(), DoctorOptions{}), "mongodb version")
	if c.Status != CheckWarn || !strings.Contains(c.Detail, "8.0.17") || !strings.Contains(c.Detail, "net.compression.compressors") {
		t.Errorf("8.0.16: %v", c)
	}
}
