package main

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
)

// TestBareHandlersAgree checks that the prepared and the SQL-text bare
// handlers answer the same body for a user, and 404 for an unknown id.
func TestBareHandlersAgree(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "bare.db")
	db, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE users (id VARCHAR PRIMARY KEY, email VARCHAR NOT NULL, is_active BOOLEAN NOT NULL,
			is_verified BOOLEAN NOT NULL, is_superuser BOOLEAN NOT NULL, full_name VARCHAR, phone_number VARCHAR,
			is_mfa_enabled BOOLEAN NOT NULL, created_at DATETIME NOT NULL, last_login DATETIME)`,
		`INSERT INTO users VALUES ('u1', 'a@example.com', 1, 0, 0, 'Ada', NULL, 0, '2025-01-02 03:04:05.000006', NULL)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ro, err := openBareDB(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var bodies []string
	for _, prepared := range []bool{true, false} {
		h, err := bareHandler(ctx, ro, prepared)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users/u1", nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("prepared=%v: status %d, body %s", prepared, rec.Code, rec.Body)
		}
		bodies = append(bodies, rec.Body.String())
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/users/nobody", nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("prepared=%v, unknown id: status %d", prepared, rec.Code)
		}
	}
	if want := `{"_id":"u1","email":"a@example.com","is_active":true,"is_verified":false,"is_superuser":false,"full_name":"Ada","phone_number":null,"is_mfa_enabled":false,"created_at":"2025-01-02T03:04:05.000006Z","last_login":null}` + "\n"; bodies[0] != want || bodies[1] != want {
		t.Errorf("bodies\n%s%s\nwant both\n%s", bodies[0], bodies[1], want)
	}
}
