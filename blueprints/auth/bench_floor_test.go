//regstack:omit

package auth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// The floor GET /me is judged against (docs/performance.md): net/http and
// one point read of the user by id, prepared once as any app does, and a
// small JSON answer; no authentication. BenchmarkGetMeFloor runs it through
// the same in-process path as BenchmarkGetMe, on the same database, so the
// two cpu-ns/op figures divide into the ratio the target is about (at most
// 1.2).

// floorUser is the floor's answer: the public user fields.
type floorUser struct {
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

const floorColumns = `id, email, is_active, is_verified, is_superuser, full_name, phone_number,
	is_mfa_enabled, created_at, last_login`

// BenchmarkGetMeFloor measures the floor on the test database.
func BenchmarkGetMeFloor(b *testing.B) {
	h, cfg := newBenchHandler(b, cheapArgon2Params())
	rec := serveBench(h, "POST", cfg.APIPrefix+"/login", credentialsBody(), "")
	var tok tokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || rec.Code != http.StatusOK {
		b.Fatalf("login: status %d, body %s", rec.Code, rec.Body)
	}
	rec = serveBench(h, "GET", cfg.APIPrefix+"/me", "", tok.AccessToken)
	var me struct {
		ID string `json:"_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &me); err != nil || me.ID == "" {
		b.Fatalf("GET /me: status %d, body %s", rec.Code, rec.Body)
	}
	read := floorReader(b, cfg.DatabaseURL)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		u, err := read(r.Context(), r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(u)
	})
	path := "/users/" + me.ID
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		rec := serveBench(mux, "GET", path, "", "")
		if rec.Code != http.StatusOK {
			b.Fatalf("floor: status %d, body %s", rec.Code, rec.Body)
		}
	}
	cpu.report(b)
}

// floorReader opens the backend behind databaseURL the way an app would
// and returns a prepared point read of a user by id.
func floorReader(b *testing.B, databaseURL string) func(ctx context.Context, id string) (floorUser, error) {
	ctx := context.Background()
	switch os.Getenv("REGSTACK_TEST_BACKEND") {
	case "", "sqlite":
		file, _, err := parseSQLiteURL(databaseURL)
		if err != nil {
			b.Fatal(err)
		}
		db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+"?"+sqliteDSNParams+"&_pragma=query_only(1)")
		if err != nil {
			b.Fatal(err)
		}
		db.SetMaxOpenConns(max(sqliteReadConns, runtime.GOMAXPROCS(0)))
		db.SetMaxIdleConns(max(sqliteReadConns, runtime.GOMAXPROCS(0)))
		b.Cleanup(func() { db.Close() })
		stmt, err := db.PrepareContext(ctx, `SELECT `+floorColumns+` FROM users WHERE id = ?`)
		if err != nil {
			b.Fatal(err)
		}
		return func(ctx context.Context, id string) (floorUser, error) {
			var u floorUser
			err := stmt.QueryRowContext(ctx, id).Scan(&u.ID, &u.Email, &u.IsActive, &u.IsVerified, &u.IsSuperuser,
				&u.FullName, &u.PhoneNumber, &u.IsMFAEnabled, &u.CreatedAt, &u.LastLogin)
			return u, err
		}
	case "postgres":
		conn, err := parsePostgresURL(databaseURL)
		if err != nil {
			b.Fatal(err)
		}
		// pgx's default mode prepares each statement once per connection
		// and keeps it in the connection's statement cache.
		pool, err := pgxpool.New(ctx, conn)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(pool.Close)
		return func(ctx context.Context, id string) (floorUser, error) {
			var u floorUser
			err := pool.QueryRow(ctx, `SELECT `+floorColumns+` FROM users WHERE id = $1`, id).Scan(&u.ID, &u.Email,
				&u.IsActive, &u.IsVerified, &u.IsSuperuser, &u.FullName, &u.PhoneNumber, &u.IsMFAEnabled, &u.CreatedAt, &u.LastLogin)
			return u, err
		}
	case "mongo":
		uri, name, err := parseMongoURL(databaseURL, "")
		if err != nil {
			b.Fatal(err)
		}
		client, err := mongo.Connect(mongoopts.Client().ApplyURI(uri))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { _ = client.Disconnect(context.Background()) })
		users := client.Database(name).Collection("users")
		return func(ctx context.Context, id string) (floorUser, error) {
			var u floorUser
			err := users.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&u)
			return u, err
		}
	}
	b.Fatalf("REGSTACK_TEST_BACKEND=%q: no floor for it", os.Getenv("REGSTACK_TEST_BACKEND"))
	return nil
}

// cpuMark is the process's CPU time (user and system, every thread: the
// collector's included) at the start of a benchmark's loop.
type cpuMark time.Duration

func startCPU() cpuMark { return cpuMark(processCPUTime()) }

// report adds cpu-ns/op, the process's CPU time per iteration. Unlike
// ns/op it does not grow when other processes take the cores, which on a
// shared machine makes it the figure to compare.
func (m cpuMark) report(b *testing.B) {
	if b.N > 0 {
		b.ReportMetric(float64(processCPUTime()-time.Duration(m))/float64(b.N), "cpu-ns/op")
	}
}

func processCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(errors.Join(errors.New("getrusage"), err))
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
