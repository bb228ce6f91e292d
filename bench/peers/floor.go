package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	// The SQLite driver the auth package's store uses.
	_ "modernc.org/sqlite"
)

// benchUser is the answer of the floors and the peers: the public user
// fields, as GET /me shows them, read by one point read by primary key.
type benchUser struct {
	ID           string     `json:"_id" bson:"_id"`
	Email        string     `json:"email" bson:"email"`
	IsActive     bool       `json:"is_active" bson:"is_active"`
	IsVerified   bool       `json:"is_verified" bson:"is_verified"`
	IsSuperuser  bool       `json:"is_superuser" bson:"is_superuser"`
	FullName     *string    `json:"full_name" bson:"full_name,omitempty"`
	PhoneNumber  *string    `json:"phone_number" bson:"phone_number,omitempty"`
	IsMFAEnabled bool       `json:"is_mfa_enabled" bson:"is_mfa_enabled"`
	CreatedAt    time.Time  `json:"created_at" bson:"created_at"`
	LastLogin    *time.Time `json:"last_login" bson:"last_login,omitempty"`
}

// userColumns are benchUser's columns, in its order.
const userColumns = `id, email, is_active, is_verified, is_superuser, full_name, phone_number,
	is_mfa_enabled, created_at, last_login`

// userReader is one point read of a user by id.
type userReader func(ctx context.Context, id string) (benchUser, error)

// errNoUser is a read that found no user.
var errNoUser = errors.New("no such user")

// writeUser answers the user as JSON.
func writeUser(w http.ResponseWriter, u benchUser) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(u)
}

// floorHandler is the floor: no authentication, the user id in the path,
// one point read and a small JSON body.
func floorHandler(read userReader) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		u, err := read(r.Context(), r.PathValue("id"))
		if err != nil {
			http.Error(w, `{"detail":"Not Found"}`, http.StatusNotFound)
			return
		}
		writeUser(w, u)
	})
	return mux
}

// sqliteReadDSN is the auth store's reader-pool DSN (blueprints/auth
// store_sqlite.go), so every SQLite reader pays for the same settings.
const sqliteReadDSN = "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_time_format=sqlite&_pragma=query_only(1)"

// openSQLite opens a read pool on file the way the auth store does.
func openSQLite(ctx context.Context, file string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+"?"+sqliteReadDSN)
	if err != nil {
		return nil, err
	}
	conns := max(4, runtime.GOMAXPROCS(0))
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, db.PingContext(ctx)
}

// sqliteReader reads through a statement prepared once (database/sql
// prepares it again on each pooled connection the first time it is used
// there, and keeps it), or, with prepared false, sends the SQL text on
// every call, which modernc.org/sqlite parses each time.
func sqliteReader(ctx context.Context, db *sql.DB, prepared bool) (userReader, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	scan := func(row *sql.Row) (benchUser, error) {
		var u benchUser
		err := row.Scan(&u.ID, &u.Email, &u.IsActive, &u.IsVerified, &u.IsSuperuser, &u.FullName,
			&u.PhoneNumber, &u.IsMFAEnabled, &u.CreatedAt, &u.LastLogin)
		if errors.Is(err, sql.ErrNoRows) {
			err = errNoUser
		}
		return u, err
	}
	if !prepared {
		return func(ctx context.Context, id string) (benchUser, error) {
			return scan(db.QueryRowContext(ctx, q, id))
		}, nil
	}
	stmt, err := db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, id string) (benchUser, error) {
		return scan(stmt.QueryRowContext(ctx, id))
	}, nil
}

// pgxReader reads through pgx's pool, whose default mode prepares each
// statement once per connection and keeps it in the connection's cache.
func pgxReader(pool *pgxpool.Pool) userReader {
	const q = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	return func(ctx context.Context, id string) (benchUser, error) {
		var u benchUser
		err := pool.QueryRow(ctx, q, id).Scan(&u.ID, &u.Email, &u.IsActive, &u.IsVerified, &u.IsSuperuser,
			&u.FullName, &u.PhoneNumber, &u.IsMFAEnabled, &u.CreatedAt, &u.LastLogin)
		if errors.Is(err, pgx.ErrNoRows) {
			err = errNoUser
		}
		return u, err
	}
}

// mongoReader reads the user document by _id.
func mongoReader(users *mongo.Collection) userReader {
	return func(ctx context.Context, id string) (benchUser, error) {
		var u benchUser
		err := users.FindOne(ctx, bson.D{{Key: "_id", Value: id}},
			options.FindOne().SetProjection(bson.D{{Key: "hashed_password", Value: 0}})).Decode(&u)
		if errors.Is(err, mongo.ErrNoDocuments) {
			err = errNoUser
		}
		return u, err
	}
}
