package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"time"

	// The SQLite driver the auth package's store uses.
	_ "modernc.org/sqlite"
)

// sqliteReadDSN is the auth store's DSN for its reader pool (see
// sqliteDSNParams and openSQLiteStore in blueprints/auth/store_sqlite.go),
// so the bare handler pays for the same connection settings.
const sqliteReadDSN = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_time_format=sqlite&_pragma=query_only(1)"

// sqliteFileDSN is the modernc.org/sqlite DSN of file with params.
func sqliteFileDSN(file, params string) string {
	return "file:" + (&url.URL{Path: file}).EscapedPath() + "?" + params
}

// openBareDB opens a read pool on the SQLite file the way the store opens
// its own: the same pragmas and the same number of connections.
func openBareDB(ctx context.Context, file string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", sqliteFileDSN(file, sqliteReadDSN))
	if err != nil {
		return nil, fmt.Errorf("opening the bare pool: %w", err)
	}
	conns := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	if err := db.PingContext(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("opening the bare pool: %w", err), db.Close())
	}
	return db, nil
}

// bareUser is the bare handler's answer: the public user fields, as GET /me
// shows them.
type bareUser struct {
	ID           string     `json:"_id"`
	Email        string     `json:"email"`
	IsActive     bool       `json:"is_active"`
	IsVerified   bool       `json:"is_verified"`
	IsSuperuser  bool       `json:"is_superuser"`
	FullName     *string    `json:"full_name"`
	PhoneNumber  *string    `json:"phone_number"`
	IsMFAEnabled bool       `json:"is_mfa_enabled"`
	CreatedAt    time.Time  `json:"created_at"`
	LastLogin    *time.Time `json:"last_login"`
}

// bareHandler is the floor GET /me is compared with: no authentication,
// one indexed point read by primary key and a small JSON body. With
// prepared, the statement is prepared once, as any real app does
// (database/sql prepares it again on each pooled connection the first time
// it is used there, and keeps it); without, the SQL text is sent on every
// call and modernc.org/sqlite parses it each time, the floor this tool
// measured before (about 1.5 times the CPU of the prepared one).
func bareHandler(ctx context.Context, db *sql.DB, prepared bool) (http.Handler, error) {
	const query = `SELECT id, email, is_active, is_verified, is_superuser, full_name, phone_number,
	is_mfa_enabled, created_at, last_login FROM users WHERE id = ?`
	row := func(ctx context.Context, id string) *sql.Row { return db.QueryRowContext(ctx, query, id) }
	if prepared {
		stmt, err := db.PrepareContext(ctx, query)
		if err != nil {
			return nil, fmt.Errorf("preparing the bare read: %w", err)
		}
		row = func(ctx context.Context, id string) *sql.Row { return stmt.QueryRowContext(ctx, id) }
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		var u bareUser
		err := row(r.Context(), r.PathValue("id")).Scan(
			&u.ID, &u.Email, &u.IsActive, &u.IsVerified, &u.IsSuperuser, &u.FullName,
			&u.PhoneNumber, &u.IsMFAEnabled, &u.CreatedAt, &u.LastLogin)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			http.Error(w, `{"detail":"Not Found"}`, http.StatusNotFound)
			return
		case err != nil:
			http.Error(w, `{"detail":"Internal Server Error"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(u)
	})
	return mux, nil
}
