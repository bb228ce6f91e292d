package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// The load test's one user.
const (
	userEmail    = "load@example.com"
	userPassword = "correct horse battery"
)

// env is the system under test: the auth API and the bare handler, each on
// its own loopback listener, over one SQLite file, with one user signed in.
type env struct {
	cfg       *auth.Config
	rs        *auth.RegStack
	bareDB    *sql.DB
	servers   []*http.Server
	authBase  string // http://127.0.0.1:PORT of the auth API
	bareBase  string // http://127.0.0.1:PORT of the bare handler (prepared)
	textBase  string // the bare handler sending the SQL text on every call
	userID    string
	token     string
	hashSlots int // the instance's max_concurrent_hashes
}

// discardEmail is an EmailSender that drops every message.
type discardEmail struct{}

func (discardEmail) Send(context.Context, auth.EmailMessage) error { return nil }

// startEnv opens the auth instance on a SQLite file in dir with the
// default configuration (verification off, so registering signs the user
// up at once), serves it and the bare handler, and registers and signs in
// the user. Call close when done, even after an error.
func startEnv(ctx context.Context, o options, dir string) (*env, error) {
	file := filepath.Join(dir, "loadtest.db")
	cfg := auth.DefaultConfig()
	cfg.JWTSecret = rand.Text() + rand.Text()
	cfg.DatabaseURL = "sqlite:///" + file
	cfg.RequireVerification = false
	cfg.PasswordHashMemoryKiB = o.params.MemoryKiB
	cfg.PasswordHashIterations = o.params.Iterations
	cfg.PasswordHashParallelism = o.params.Parallelism
	cfg.MaxConcurrentHashes = o.maxHashes
	// The instance makes its hasher the same way (auth.New), so this is its
	// slot count, the package's default included.
	e := &env{cfg: cfg, hashSlots: auth.NewPasswordHasher(o.params, o.maxHashes).MaxConcurrent()}
	rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.DiscardHandler)), auth.WithEmail(discardEmail{}))
	if err != nil {
		return e, err
	}
	e.rs = rs
	if err := rs.InstallSchema(ctx); err != nil {
		return e, err
	}
	if e.authBase, err = e.serve(rs.Handler()); err != nil {
		return e, err
	}
	if err := e.signUp(ctx); err != nil {
		return e, err
	}
	if err := addAccounts(ctx, file, slices.Max(append(o.bursts, loginAccounts))); err != nil {
		return e, err
	}
	if e.bareDB, err = openBareDB(ctx, file); err != nil {
		return e, err
	}
	for _, b := range []struct {
		base     *string
		prepared bool
	}{{&e.bareBase, true}, {&e.textBase, false}} {
		h, err := bareHandler(ctx, e.bareDB, b.prepared)
		if err != nil {
			return e, err
		}
		if *b.base, err = e.serve(h); err != nil {
			return e, err
		}
	}
	return e, nil
}

// serve starts h on a fresh 127.0.0.1 port and returns its base URL.
func (e *env) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("listening on loopback: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	e.servers = append(e.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// signUp registers the user through the API and signs in once for a
// session token.
func (e *env) signUp(ctx context.Context) error {
	client := newLoopbackClient(1, time.Minute)
	defer client.CloseIdleConnections()
	var user struct {
		ID string `json:"_id"`
	}
	if err := postJSON(ctx, client, e.authBase+e.cfg.APIPrefix+"/register", credentials(), http.StatusCreated, &user); err != nil {
		return fmt.Errorf("registering: %w", err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := postJSON(ctx, client, e.authBase+e.cfg.APIPrefix+"/login", credentials(), http.StatusOK, &tok); err != nil {
		return fmt.Errorf("signing in: %w", err)
	}
	if user.ID == "" || tok.AccessToken == "" {
		return errors.New("registering and signing in gave no user id or token")
	}
	e.userID, e.token = user.ID, tok.AccessToken
	return nil
}

// credentials is the user's login body.
func credentials() []byte {
	b, _ := json.Marshal(map[string]string{"email": userEmail, "password": userPassword})
	return b
}

// postJSON posts body and decodes the answer into out when it has status want.
func postJSON(ctx context.Context, client *http.Client, url string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, body %.200s", resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

// getMe builds an authenticated GET /me.
func (e *env) getMe(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.authBase+e.cfg.APIPrefix+"/me", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	return req, nil
}

// getBare builds the bare handler's read of the same user.
func (e *env) getBare(ctx context.Context) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, e.bareBase+"/users/"+e.userID, nil)
}

// getBareText is getBare against the handler that does not prepare.
func (e *env) getBareText(ctx context.Context) (*http.Request, error) {
	return http.NewRequestWithContext(ctx, http.MethodGet, e.textBase+"/users/"+e.userID, nil)
}

// loginURL is the auth API's sign-in endpoint.
func (e *env) loginURL() string { return e.authBase + e.cfg.APIPrefix + "/login" }

// close stops the servers and closes the databases.
func (e *env) close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var errs []error
	for _, srv := range e.servers {
		errs = append(errs, srv.Shutdown(ctx))
	}
	if e.bareDB != nil {
		errs = append(errs, e.bareDB.Close())
	}
	if e.rs != nil {
		errs = append(errs, e.rs.Close())
	}
	return errors.Join(errs...)
}
