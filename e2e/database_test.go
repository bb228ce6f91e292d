package e2e

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// serverURLVars names the variable that points the tests at each backend's
// server; scripts/with-services.sh exports them.
var serverURLVars = map[string]string{
	"postgres": "REGSTACK_TEST_POSTGRES_URL",
	"mongo":    "REGSTACK_TEST_MONGO_URL",
}

// databaseURL returns the URL of a fresh, empty database on the backend's
// test server and drops it when the test ends. Without the server the test
// skips, except under CI=true, where a missing server is a failure: CI
// provides every server, so a skip there would hide a broken setup.
func databaseURL(t *testing.T, backend string) string {
	t.Helper()
	name := serverURLVars[backend]
	raw := os.Getenv(name)
	if raw == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set; CI must provide the %s server (scripts/with-services.sh)", name, backend)
		}
		t.Skipf("%s backend: set %s (scripts/with-services.sh does) to run this test", backend, name)
	}
	db := "e2e_" + strings.ToLower(rand.Text()[:12])
	switch backend {
	case "postgres":
		return postgresDatabase(t, raw, db)
	default:
		return mongoDatabase(t, raw, db)
	}
}

// backendArgs returns the init flags that put a generated host on backend,
// with a fresh database on its test server; none for SQLite, the default.
func backendArgs(t *testing.T, backend string) []string {
	t.Helper()
	if backend == "sqlite" {
		return nil
	}
	return []string{"--backend", backend, "--database-url", databaseURL(t, backend)}
}

// postgresDatabase creates database db on the server of raw and returns its
// URL.
func postgresDatabase(t *testing.T, raw, db string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, raw)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, raw)
		if err != nil {
			t.Errorf("postgres: drop database: %v", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE "+db+" WITH (FORCE)"); err != nil {
			t.Errorf("postgres: drop database: %v", err)
		}
	})
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	return u.String()
}

// mongoDatabase returns the URL of database db on the server of raw; MongoDB
// creates it on first write.
func mongoDatabase(t *testing.T, raw, db string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + db
	t.Cleanup(func() {
		client, err := mongo.Connect(options.Client().ApplyURI(raw))
		if err != nil {
			t.Errorf("mongo: drop database: %v", err)
			return
		}
		defer client.Disconnect(context.Background())
		if err := client.Database(db).Drop(context.Background()); err != nil {
			t.Errorf("mongo: drop database: %v", err)
		}
	})
	return u.String()
}
