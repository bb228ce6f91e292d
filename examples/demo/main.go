// Command demo is a minimal host application for the package regstack-gen
// generates: three lines wire the whole account API into a ServeMux.
// Run it with `make demo` from the repository root.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/demo/internal/auth"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := auth.LoadConfig("regstack.toml")
	if err != nil {
		return err
	}
	rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, nil))))
	if err != nil {
		return err
	}
	defer rs.Close()
	if err := rs.InstallSchema(ctx); err != nil {
		return err
	}

	mux := http.NewServeMux()
	rs.Mount(mux)
	mux.Handle("GET /{$}", rs.OptionalUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := rs.User(r.Context()); ok {
			fmt.Fprintf(w, "Hello, %s\n", u.Email)
			return
		}
		fmt.Fprintln(w, "Hello, guest. POST /api/auth/register to sign up.")
	})))
	mux.Handle("GET /dashboard", rs.RequireUser(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := rs.User(r.Context())
		fmt.Fprintf(w, "Dashboard of %s\n", u.Email)
	})))

	addr := os.Getenv("DEMO_ADDR")
	if addr == "" {
		addr = "127.0.0.1:8000"
	}
	// rs.Wrap answers unclean API paths (/api/auth//me) with the API's JSON
	// 404 rather than the ServeMux's redirect.
	srv := &http.Server{Addr: addr, Handler: rs.Wrap(mux), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	slog.Info("demo listening", "addr", "http://"+addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
