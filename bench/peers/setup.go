package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// database is a backend's database prepared for a run: the auth schema and
// one user, registered and signed in through the auth package's API.
type database struct {
	dsn    string // SQLite file, pgx connection string or MongoDB URL
	dbURL  string // the auth package's database_url for it
	userID string
	token  string
}

// setupDatabase makes a fresh database on backend (a temporary SQLite
// file, a new schema of REGSTACK_TEST_POSTGRES_URL, a new database of
// REGSTACK_TEST_MONGO_URL), installs the schema and signs a user in.
// cleanup removes it; call it even after an error.
func setupDatabase(ctx context.Context, backend, secret string) (database, func(), error) {
	var db database
	cleanup := func() {}
	switch backend {
	case "sqlite":
		dir, err := os.MkdirTemp("", "peers-")
		if err != nil {
			return db, cleanup, err
		}
		cleanup = func() { _ = os.RemoveAll(dir) }
		db.dsn = filepath.Join(dir, "peers.db")
		db.dbURL = "sqlite:///" + db.dsn
	case "postgres":
		base := os.Getenv("REGSTACK_TEST_POSTGRES_URL")
		if base == "" {
			return db, cleanup, errors.New("REGSTACK_TEST_POSTGRES_URL is not set (run under scripts/with-services.sh)")
		}
		schema := tempName()
		if err := pgExec(ctx, base, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize()); err != nil {
			return db, cleanup, err
		}
		cleanup = func() {
			_ = pgExec(context.Background(), base, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE")
		}
		u, err := url.Parse(base)
		if err != nil {
			return db, cleanup, err
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		db.dsn, db.dbURL = u.String(), u.String()
	case "mongo":
		base := os.Getenv("REGSTACK_TEST_MONGO_URL")
		if base == "" {
			return db, cleanup, errors.New("REGSTACK_TEST_MONGO_URL is not set (run under scripts/with-services.sh)")
		}
		u, err := url.Parse(base)
		if err != nil {
			return db, cleanup, err
		}
		name := tempName()
		u.Path = "/" + name
		db.dsn, db.dbURL = u.String(), u.String()
		cleanup = func() {
			if client, err := mongo.Connect(options.Client().ApplyURI(base)); err == nil {
				_ = client.Database(name).Drop(context.Background())
				_ = client.Disconnect(context.Background())
			}
		}
	default:
		return db, cleanup, fmt.Errorf("unknown backend %q", backend)
	}
	var err error
	db.userID, db.token, err = signUp(ctx, db.dbURL, secret)
	return db, cleanup, err
}

// signUp installs the auth schema at dbURL, registers the load user and
// signs in once, through the package's own API.
func signUp(ctx context.Context, dbURL, secret string) (string, string, error) {
	cfg := auth.DefaultConfig()
	cfg.JWTSecret = secret
	cfg.DatabaseURL = dbURL
	cfg.RequireVerification = false
	// Only the sign-up hashes; GET /me never does.
	cfg.PasswordHashMemoryKiB, cfg.PasswordHashIterations, cfg.PasswordHashParallelism = 1024, 1, 1
	rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.DiscardHandler)), auth.WithEmail(discardEmail{}))
	if err != nil {
		return "", "", err
	}
	defer rs.Close()
	if err := rs.InstallSchema(ctx); err != nil {
		return "", "", err
	}
	h := rs.Handler()
	body := `{"email":"load@example.com","password":"correct horse battery"}`
	var user struct {
		ID string `json:"_id"`
	}
	if err := postJSON(h, cfg.APIPrefix+"/register", body, http.StatusCreated, &user); err != nil {
		return "", "", fmt.Errorf("registering: %w", err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := postJSON(h, cfg.APIPrefix+"/login", body, http.StatusOK, &tok); err != nil {
		return "", "", fmt.Errorf("signing in: %w", err)
	}
	return user.ID, tok.AccessToken, nil
}

// postJSON posts body to h and decodes an answer with status want.
func postJSON(h http.Handler, path, body string, want int, out any) error {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		return fmt.Errorf("status %d, body %.200s", rec.Code, rec.Body)
	}
	return json.Unmarshal(rec.Body.Bytes(), out)
}

// pgExec runs one statement on a connection of its own.
func pgExec(ctx context.Context, connString, sql string) error {
	conn, err := pgx.Connect(ctx, connString)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// tempName is a fresh lower-case name for a schema or database.
func tempName() string { return "peers_" + strings.ToLower(rand.Text()[:12]) }
