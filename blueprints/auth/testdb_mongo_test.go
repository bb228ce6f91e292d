//regstack:feature backend=mongo

package auth

import (
	"context"
	"crypto/rand"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoTestURL returns REGSTACK_TEST_MONGO_URL with a fresh database name
// in its path, and drops that database when the test ends. Without the
// variable the test is skipped.
func mongoTestURL(t testing.TB) string {
	t.Helper()
	base := requireMongoTestServer(t)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("REGSTACK_TEST_MONGO_URL: %v", err)
	}
	name := "regstack_test_" + strings.ToLower(rand.Text()[:16])
	u.Path = "/" + name
	t.Cleanup(func() { dropMongoTestDatabase(t, base, name) })
	return u.String()
}

// requireMongoTestServer returns REGSTACK_TEST_MONGO_URL, or skips the
// test when it is not set. A test that runs the store contract calls it
// first, so it skips once instead of once per subtest.
func requireMongoTestServer(t testing.TB) string {
	t.Helper()
	base := os.Getenv("REGSTACK_TEST_MONGO_URL")
	if base == "" {
		t.Skip("set REGSTACK_TEST_MONGO_URL=mongodb://HOST:PORT/ to run the MongoDB tests (scripts/with-services.sh starts a server)")
	}
	return base
}

// connectMongoTest connects a client of the test's own to url and
// disconnects it when the test ends.
func connectMongoTest(t testing.TB, url string) *mongo.Client {
	t.Helper()
	c, err := mongo.Connect(mongoopts.Client().ApplyURI(url))
	if err != nil {
		t.Fatalf("mongo.Connect: %v", err)
	}
	t.Cleanup(func() {
		// t.Context is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := c.Disconnect(ctx); err != nil {
			t.Errorf("Disconnect: %v", err)
		}
	})
	return c
}

// dropMongoTestDatabase drops the database name on the server at url.
func dropMongoTestDatabase(t testing.TB, url, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := mongo.Connect(mongoopts.Client().ApplyURI(url))
	if err != nil {
		t.Errorf("drop test database %s: %v", name, err)
		return
	}
	defer c.Disconnect(ctx)
	if err := c.Database(name).Drop(ctx); err != nil {
		t.Errorf("drop test database %s: %v", name, err)
	}
}
