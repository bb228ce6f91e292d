// Command peers measures the generated auth package's GET /me side by side
// with the floors (net/http and one point read of the user by id) and with
// minimal apps of other Go authentication libraries doing the same read
// (go-pkgz/auth v2, authboss v3), on SQLite, PostgreSQL and MongoDB. Each
// system runs in a server process of its own; one closed-loop client (this
// process) sends the same request pattern to each, and the server's CPU per
// request is read from /proc/<pid>/stat, so the client's own CPU is not
// counted. Rounds are interleaved (every system once per round) and each
// window reports what the other processes of the machine used meanwhile.
//
// It is a separate module so the regstack-gen module gains no dependency
// on the peers; make bench-peers runs it (docs/performance.md).
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

// systems per backend, in table order; the first is the floor the others
// are divided by.
var systems = map[string][]string{
	"sqlite":   {"floor", "floor-text", "host", "gopkgz", "gopkgz-token", "authboss"},
	"postgres": {"floor", "host", "gopkgz", "authboss"},
	"mongo":    {"floor", "host"},
}

// labels describe each system in the table.
var labels = map[string]map[string]string{
	"sqlite": {
		"floor":      "floor: net/http + one **prepared** SQLite point read by id",
		"floor-text": "floor sending the SQL text on every call",
	},
	"postgres": {"floor": "floor: net/http + one pgx point read by id (prepared, pgx's statement cache)"},
	"mongo":    {"floor": "floor: net/http + one FindOne by _id (mongo-driver v2)"},
	"": {
		"host":         "**generated host, GET /api/auth/me** (token, revocation + bulk-revocation check, user read)",
		"gopkgz":       "go-pkgz/auth v2 + the same point read",
		"gopkgz-token": "go-pkgz/auth v2, token only (no revocation, no read)",
		"authboss":     "authboss v3 (cookie session + the same point read)",
	},
}

func label(backend, system string) string {
	if l, ok := labels[backend][system]; ok {
		return l
	}
	return labels[""][system]
}

func main() {
	os.Exit(run())
}

func run() int {
	var a serveArgs
	var backends, only string
	var rounds, workers int
	var warmup, duration time.Duration
	var profileDir string
	flag.StringVar(&a.system, "serve", "", "internal: be the server process of this system")
	flag.StringVar(&a.backend, "backend", "sqlite", "internal: the server's backend")
	flag.StringVar(&a.dsn, "dsn", "", "internal: the server's database")
	flag.StringVar(&a.dbURL, "db-url", "", "internal: the same database as a database_url")
	flag.StringVar(&a.userID, "user", "", "internal: the signed-in user's id")
	flag.StringVar(&backends, "backends", "sqlite,postgres,mongo", "backends to measure (postgres and mongo need REGSTACK_TEST_POSTGRES_URL / REGSTACK_TEST_MONGO_URL, as scripts/with-services.sh sets)")
	flag.StringVar(&only, "systems", "", "measure only these systems (comma-separated; default all)")
	flag.IntVar(&rounds, "rounds", 3, "interleaved rounds (every system once per round)")
	flag.IntVar(&workers, "workers", 16, "closed-loop keep-alive workers")
	flag.DurationVar(&warmup, "warmup", 2*time.Second, "warm-up before each window (not counted)")
	flag.DurationVar(&duration, "duration", 10*time.Second, "length of each measured window")
	flag.StringVar(&profileDir, "cpuprofile-dir", "", "write a CPU profile of every server process to this directory (<backend>-<system>-<round>.pprof)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if a.system != "" {
		a.secret, a.token = os.Getenv("PEERS_SECRET"), os.Getenv("PEERS_TOKEN")
		return serveMain(ctx, a)
	}
	fmt.Printf("peers %s: %d workers, %d rounds x (%s warm-up + %s), load average %s\n",
		time.Now().UTC().Format(time.RFC3339), workers, rounds, warmup, duration, loadAverage())
	failed := false
	for _, b := range strings.Split(backends, ",") {
		list := systems[b]
		if list == nil {
			fmt.Fprintf(os.Stderr, "peers: unknown backend %q\n", b)
			return 2
		}
		if only != "" {
			list = slices.DeleteFunc(slices.Clone(list), func(s string) bool { return !slices.Contains(strings.Split(only, ","), s) })
		}
		if err := measureBackend(ctx, b, list, rounds, workers, warmup, duration, profileDir, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "peers: %s: %v\n", b, err)
			failed = true
		}
	}
	if failed {
		return 1
	}
	return 0
}

// measureBackend sets up the backend's database with one signed-in user,
// measures every system rounds times, interleaved, and prints the table.
func measureBackend(ctx context.Context, backend string, list []string, rounds, workers int, warmup, duration time.Duration, profileDir string, w io.Writer) error {
	secret := rand.Text() + rand.Text()
	db, cleanup, err := setupDatabase(ctx, backend, secret)
	defer cleanup()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n== %s\n", backend)
	results := map[string][]runResult{}
	client := newLoopbackClient(workers)
	defer client.CloseIdleConnections()
	for round := 1; round <= rounds; round++ {
		for _, sys := range list {
			profile := ""
			if profileDir != "" {
				profile = filepath.Join(profileDir, fmt.Sprintf("%s-%s-%d.pprof", backend, sys, round))
			}
			r, err := measureSystem(ctx, client, serveArgs{
				system: sys, backend: backend, dsn: db.dsn, dbURL: db.dbURL, userID: db.userID, secret: secret, token: db.token,
			}, workers, warmup, duration, profile)
			if err != nil {
				return fmt.Errorf("%s: %w", sys, err)
			}
			fmt.Fprintf(w, "round %d %-13s %7.0f req/s  %6.1f µs CPU/req  p50 %-9s p99 %-9s client %.2f cores, other processes %.2f cores\n",
				round, sys, float64(r.requests)/r.wall.Seconds(), us(r.cpuPerRequest()), r.p50(), r.p99(), r.cores(r.client), r.cores(r.others))
			if r.failures > 0 {
				return fmt.Errorf("%s: %d requests failed, first: %s", sys, r.failures, r.firstFail)
			}
			results[sys] = append(results[sys], r)
		}
	}
	printTable(w, backend, list, results)
	return nil
}

// p50 and p99 of one window.
func (r runResult) p50() time.Duration { return percentile(r.latencies, 0.50).Round(time.Microsecond) }
func (r runResult) p99() time.Duration { return percentile(r.latencies, 0.99).Round(time.Microsecond) }

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }

// printTable prints the backend's markdown table: CPU per request over all
// rounds, its ratio to the floor, and per-round figures.
func printTable(w io.Writer, backend string, list []string, results map[string][]runResult) {
	total := func(rs []runResult) (cpu time.Duration, reqs int, wall, others, client time.Duration, lat []time.Duration) {
		for _, r := range rs {
			cpu += r.server
			reqs += r.requests
			wall += r.wall
			others += r.others
			client += r.client
			lat = append(lat, r.latencies...)
		}
		return
	}
	floorCPU, floorReqs, _, _, _, _ := total(results[list[0]])
	floor := floorCPU.Seconds() / float64(max(floorReqs, 1))
	fmt.Fprintf(w, "\n| %s: system | CPU µs / request | ÷ floor | per round | req/s | p50 | p99 | client cores | other processes, cores |\n", backend)
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	for _, sys := range list {
		rs := results[sys]
		cpu, reqs, wall, others, client, lat := total(rs)
		per := cpu.Seconds() / float64(max(reqs, 1))
		var rounds []string
		for _, r := range rs {
			rounds = append(rounds, fmt.Sprintf("%.1f", us(r.cpuPerRequest())))
		}
		fmt.Fprintf(w, "| %s | %.1f | %.2f | %s | %.0f | %s | %s | %.2f | %.2f |\n",
			label(backend, sys), per*1e6, per/floor, strings.Join(rounds, ", "), float64(reqs)/wall.Seconds(),
			percentile(lat, 0.50).Round(time.Microsecond), percentile(lat, 0.99).Round(time.Microsecond),
			client.Seconds()/wall.Seconds(), others.Seconds()/wall.Seconds())
	}
}

// measureSystem starts the system's server process, runs one window
// against it and stops it.
func measureSystem(ctx context.Context, client *http.Client, a serveArgs, workers int, warmup, duration time.Duration, profile string) (runResult, error) {
	self, err := os.Executable()
	if err != nil {
		return runResult{}, err
	}
	cmd := exec.CommandContext(ctx, self, "-serve", a.system, "-backend", a.backend, "-dsn", a.dsn, "-db-url", a.dbURL, "-user", a.userID)
	cmd.Env = append(os.Environ(), "PEERS_SECRET="+a.secret, "PEERS_TOKEN="+a.token, "PEERS_CPUPROFILE="+profile)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return runResult{}, err
	}
	if err := cmd.Start(); err != nil {
		return runResult{}, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err != nil {
		return runResult{}, fmt.Errorf("server process gave no ready line: %w", err)
	}
	var rd ready
	if err := json.Unmarshal(line, &rd); err != nil {
		return runResult{}, fmt.Errorf("server process said %q: %w", line, err)
	}
	target := "http://" + rd.Addr + rd.Path
	if err := get(ctx, client, target, rd.Header, rd.Value); err != nil {
		return runResult{}, fmt.Errorf("first request: %w", err)
	}
	return closedLoop(ctx, client, target, rd.Header, rd.Value, workers, warmup, duration, cmd.Process.Pid)
}

// loadAverage is /proc/loadavg's first three fields.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
