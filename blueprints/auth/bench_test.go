//regstack:omit

package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The benchmarks measure the hot paths through the whole HTTP handler on
// the database the tests use (a SQLite file, or PostgreSQL or MongoDB with
// REGSTACK_TEST_BACKEND), as a host serves them. They are dev-only (regstack:omit):
// the figures belong in regstack-gen's docs/performance.md, and a host's
// go test ./... gains nothing from a benchmark that allocates 64 MiB a
// login. Run them with make bench or
//
//	go test -run '^$' -bench . -benchtime 2s ./blueprints/auth/

// benchPassword is the password of the benchmarks' one user.
const benchPassword = "correct horse battery"

// benchEmail is the address of the benchmarks' one user.
const benchEmail = "bench@example.com"

// discardEmail is an EmailSender that drops every message.
type discardEmail struct{}

func (discardEmail) Send(context.Context, EmailMessage) error { return nil }

// newBenchHandler returns the API handler of a RegStack on a fresh test
// database with the system clock, the default lockout settings and Argon2id
// parameters p, and one registered user.
func newBenchHandler(b *testing.B, p Argon2Params) (http.Handler, *Config) {
	b.Helper()
	cfg := DefaultConfig()
	cfg.JWTSecret = "bench-secret-please-change-0123456789abcdef"
	cfg.DatabaseURL = testDatabaseURL(b)
	cfg.RequireVerification = false
	cfg.PasswordHashMemoryKiB = p.MemoryKiB
	cfg.PasswordHashIterations = p.Iterations
	cfg.PasswordHashParallelism = p.Parallelism
	ctx := context.Background()
	rs, err := New(ctx, cfg, WithEmail(discardEmail{}), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		b.Fatalf("New: %v", err)
	}
	b.Cleanup(func() { rs.Close() })
	if err := rs.InstallSchema(ctx); err != nil {
		b.Fatalf("InstallSchema: %v", err)
	}
	h := rs.Handler()
	rec := serveBench(h, "POST", cfg.APIPrefix+"/register", credentialsBody(), "")
	if rec.Code != http.StatusCreated {
		b.Fatalf("register: status %d, body %s", rec.Code, rec.Body)
	}
	return h, cfg
}

// credentialsBody is the JSON body of a register or login request for the
// benchmarks' user.
func credentialsBody() string {
	return fmt.Sprintf(`{"email":%q,"password":%q}`, benchEmail, benchPassword)
}

// serveBench sends one request to h and returns the recorded answer.
func serveBench(h http.Handler, method, path, body, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// BenchmarkGetMe measures an authenticated GET /me: bearer parsing, the
// HS256 check, the one-round-trip session lookup and the JSON answer.
func BenchmarkGetMe(b *testing.B) {
	h, cfg := newBenchHandler(b, cheapArgon2Params())
	rec := serveBench(h, "POST", cfg.APIPrefix+"/login", credentialsBody(), "")
	if rec.Code != http.StatusOK {
		b.Fatalf("login: status %d, body %s", rec.Code, rec.Body)
	}
	var tok tokenResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &tok); err != nil || tok.AccessToken == "" {
		b.Fatalf("login answer %s: %v", rec.Body, err)
	}
	path := cfg.APIPrefix + "/me"
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		rec := serveBench(h, "GET", path, "", tok.AccessToken)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /me: status %d, body %s", rec.Code, rec.Body)
		}
	}
	cpu.report(b)
}

// BenchmarkLogin measures a successful POST /login: the lockout check, the
// user lookup, one Argon2id verification, the session token and the two
// writes (last login, cleared failures). The default parameters are the
// ones hosts run with; the cheap ones show what the rest of the request
// costs.
func BenchmarkLogin(b *testing.B) {
	for _, bc := range []struct {
		name   string
		params Argon2Params
	}{
		{"argon2id-default", DefaultArgon2Params()},
		{"argon2id-cheap", cheapArgon2Params()},
	} {
		b.Run(fmt.Sprintf("%s-m%d-t%d-p%d", bc.name, bc.params.MemoryKiB, bc.params.Iterations, bc.params.Parallelism), func(b *testing.B) {
			h, cfg := newBenchHandler(b, bc.params)
			path, body := cfg.APIPrefix+"/login", credentialsBody()
			b.ReportAllocs()
			for b.Loop() {
				rec := serveBench(h, "POST", path, body, "")
				if rec.Code != http.StatusOK {
					b.Fatalf("login: status %d, body %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// cheapArgon2Params are the test suite's parameters: 1 MiB, one pass, one
// lane.
func cheapArgon2Params() Argon2Params {
	p := DefaultArgon2Params()
	p.MemoryKiB, p.Iterations, p.Parallelism = 1024, 1, 1
	return p
}

// BenchmarkHashSlots measures the hash rate of the default parameters
// through one hasher with 1 and with 2 slots, with 4 callers per core
// waiting, as logins wait in a burst. It decides the default slot count:
// one Argon2id computation with p lanes already keeps min(p, cores) cores
// busy, so extra slots only add 64 MiB arrays if they add no throughput.
// Compare ns/op (wall time per hash, lower is faster) between the two.
func BenchmarkHashSlots(b *testing.B) {
	for _, slots := range []int{1, 2} {
		b.Run(fmt.Sprintf("slots=%d", slots), func(b *testing.B) {
			h := NewPasswordHasher(DefaultArgon2Params(), slots)
			ctx := context.Background()
			b.SetParallelism(4)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := h.Hash(ctx, benchPassword); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
