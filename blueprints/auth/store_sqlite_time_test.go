//regstack:feature backend=sqlite

package auth

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestSQLiteParseTimeMatchesDriver stores time texts in a DATETIME column
// and checks that the session query's reading (the text, parsed by
// sqliteParseTime) gives the time the driver gives when it scans the
// column itself, and fails where the driver's scan fails.
func TestSQLiteParseTimeMatchesDriver(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "times.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (at DATETIME)`); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"2025-01-02 03:04:05.123456", // the store's layout
		"2025-01-02 03:04:05.000000",
		"1970-01-01 00:00:00.000000",
		"9999-12-31 23:59:59.999999",
		"2024-02-29 12:00:00.000001",
		"2025-02-29 12:00:00.000000", // no such day
		"2025-04-31 12:00:00.000000",
		"2025-13-01 00:00:00.000000",
		"2025-01-01 24:00:00.000000",
		"2025-01-01 00:60:00.000000",
		"2025-01-01 00:00:60.000000",
		"2025-01-00 00:00:00.000000",
		"2025-01-02T03:04:05.123456", // other writers' forms
		"2025-01-02 03:04:05",
		"2025-01-02 03:04:05Z",
		"2025-01-02T03:04:05.5+02:00",
		"2025-01-02 03:04:05.123-07:00",
		"2025-01-02 03:04",
		"2025-01-02",
		"2025-01-02 03:04:05.123456789 +0000 UTC",
		"2025-01-02 03:04:05 +0200 CEST m=+0.000000001",
		"2025-01-02 03:04:05.12345a",
		"+025-01-02 03:04:05.123456",
		"yesterday",
	} {
		t.Run(text, func(t *testing.T) {
			if _, err := db.Exec(`DELETE FROM t`); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`INSERT INTO t (at) VALUES (?)`, text); err != nil {
				t.Fatal(err)
			}
			var driver time.Time
			driverErr := db.QueryRow(`SELECT at FROM t`).Scan(&driver)
			var stored string
			if err := db.QueryRow(`SELECT CAST(at AS TEXT) FROM t`).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			got, err := sqliteParseTime(stored)
			switch {
			case (err != nil) != (driverErr != nil):
				t.Fatalf("sqliteParseTime error %v, driver's scan error %v", err, driverErr)
			case err == nil && !got.Equal(driver):
				t.Fatalf("sqliteParseTime = %v, driver reads %v", got, driver)
			case err == nil && got.Location() != time.UTC && !got.Equal(got.UTC()):
				t.Fatalf("sqliteParseTime = %v, not an instant", got)
			}
		})
	}
}

// TestSQLiteParseNullTime checks the session query's NULL, the empty string.
func TestSQLiteParseNullTime(t *testing.T) {
	if got, err := sqliteParseNullTime(""); got != nil || err != nil {
		t.Errorf(`sqliteParseNullTime("") = %v, %v; want nil, nil`, got, err)
	}
	got, err := sqliteParseNullTime("2025-01-02 03:04:05.000006")
	if want := time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC); err != nil || got == nil || !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("sqliteParseNullTime = %v, %v; want %v", got, err, want)
	}
}
