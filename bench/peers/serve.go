package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// serveArgs tell a server process what to serve and where the data is.
type serveArgs struct {
	system  string
	backend string
	dsn     string // SQLite file, pgx connection string or MongoDB URL
	dbURL   string // the same database as the auth package's database_url
	userID  string
	secret  string
	token   string // the auth package's session token for userID
}

// ready is the line a server process prints once it listens.
type ready struct {
	Addr   string `json:"addr"`
	Path   string `json:"path"`
	Header string `json:"header"`
	Value  string `json:"value"`
}

// serve runs one system until ctx ends, after printing its ready line.
func serve(ctx context.Context, a serveArgs, stdout io.Writer) error {
	h, path, cred, closeFn, err := buildSystem(ctx, a)
	if closeFn != nil {
		defer closeFn()
	}
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	line, _ := json.Marshal(ready{Addr: ln.Addr().String(), Path: path, Header: cred.header, Value: cred.value})
	fmt.Fprintf(stdout, "%s\n", line)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// buildSystem makes the handler of a.system on a.backend, the path of its
// "who am I" request, the credential to send, and what to close after.
func buildSystem(ctx context.Context, a serveArgs) (http.Handler, string, credential, func(), error) {
	if a.system == "host" {
		cfg := auth.DefaultConfig()
		cfg.JWTSecret = a.secret
		cfg.DatabaseURL = a.dbURL
		cfg.RequireVerification = false
		rs, err := auth.New(ctx, cfg, auth.WithLogger(slog.New(slog.DiscardHandler)), auth.WithEmail(discardEmail{}))
		if err != nil {
			return nil, "", credential{}, nil, err
		}
		return rs.Handler(), cfg.APIPrefix + "/me", credential{"Authorization", "Bearer " + a.token}, func() { _ = rs.Close() }, nil
	}
	read, closeFn, err := openReader(ctx, a.backend, a.dsn, a.system != "floor-text")
	if err != nil {
		return nil, "", credential{}, closeFn, err
	}
	var h http.Handler
	var cred credential
	path := "/me"
	switch a.system {
	case "floor", "floor-text":
		h, path = floorHandler(read), "/users/"+a.userID
	case "gopkgz":
		h, cred, err = goPkgzApp(a.secret, a.userID, read, false)
	case "gopkgz-token":
		h, cred, err = goPkgzApp(a.secret, a.userID, read, true)
	case "authboss":
		h, cred, err = authbossApp(a.secret, a.userID, read)
	default:
		err = fmt.Errorf("unknown system %q", a.system)
	}
	return h, path, cred, closeFn, err
}

// openReader opens the backend's client the way an app would and returns
// the point read of a user (on SQLite prepared once, or the SQL text on
// every call when prepared is false).
func openReader(ctx context.Context, backend, dsn string, prepared bool) (userReader, func(), error) {
	switch backend {
	case "sqlite":
		db, err := openSQLite(ctx, dsn)
		if err != nil {
			return nil, nil, err
		}
		read, err := sqliteReader(ctx, db, prepared)
		return read, func() { _ = db.Close() }, err
	case "postgres":
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			return nil, nil, err
		}
		return pgxReader(pool), pool.Close, pool.Ping(ctx)
	case "mongo":
		client, err := mongo.Connect(options.Client().ApplyURI(dsn))
		if err != nil {
			return nil, nil, err
		}
		cs, err := mongoDatabase(dsn)
		if err != nil {
			return nil, nil, err
		}
		return mongoReader(client.Database(cs).Collection("users")),
			func() { _ = client.Disconnect(context.Background()) }, client.Ping(ctx, nil)
	}
	return nil, nil, fmt.Errorf("unknown backend %q", backend)
}

// discardEmail is an EmailSender that drops every message.
type discardEmail struct{}

func (discardEmail) Send(context.Context, auth.EmailMessage) error { return nil }

// serveMain is the server process's side: it serves until SIGTERM.
func serveMain(ctx context.Context, a serveArgs) int {
	if file := os.Getenv("PEERS_CPUPROFILE"); file != "" {
		f, err := os.Create(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, "peers -serve:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "peers -serve:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if err := serve(ctx, a, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "peers -serve:", err)
		return 1
	}
	return 0
}

// mongoDatabase is the database name in a MongoDB URL's path.
func mongoDatabase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return "", errors.New("the MongoDB URL names no database")
	}
	return name, nil
}
