// Command regstack-loadtest measures the auth package under load, in one
// process and on loopback only: GET /me against a bare handler doing one
// prepared SQLite point read (and against the same handler sending the SQL
// text on every call, the floor it used before), POST /login against the
// rate Argon2id allows on this machine, and the peak resident memory during bursts of concurrent logins.
// Every run is bounded in time and request count and stops by itself. The
// bursts are sent by a child process of this program, so that the memory
// measured is the servers' alone.
//
// It is a development tool of regstack-gen (make bench), kept under tools/
// so that installing the commands under cmd/ installs only regstack-gen;
// the figures and what they mean are in docs/performance.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command-line flags.
type options struct {
	workers        int
	loginWorkers   int
	warmup         time.Duration
	duration       time.Duration
	rounds         int
	loginRounds    int
	bursts         []int
	burstTimeout   time.Duration
	hashTime       time.Duration
	maxHashes      int
	params         auth.Argon2Params
	maxTime        time.Duration
	cpuProfile     string
	profilePhase   string
	requestTimeout time.Duration
	// hostMemLimit repeats the bursts under hostMemoryLimit.
	hostMemLimit bool
	// phases are the phases to run, a subset of allPhases.
	phases []string

	// burstClient and burstN make this process the client of one burst
	// (see burstInChild) instead of a load test.
	burstClient string
	burstN      int
}

// profilePhases are the phases -profile can name.
const profilePhases = "me, bare, text, login or burst"

// allPhases are the phases -phases can name, in the order they run: GET /me
// against the bare handler, the login bursts, the login rate.
var allPhases = []string{"me", "burst", "login"}

// parseFlags reads the flags; every one has a default that fits a 2-core
// machine and keeps the whole run near a minute and a half.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	def := auth.DefaultArgon2Params()
	o := options{params: def}
	fs := flag.NewFlagSet("regstack-loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.workers, "workers", 16, "concurrent keep-alive workers for GET /me and the bare handler")
	fs.IntVar(&o.loginWorkers, "login-workers", 8, "concurrent keep-alive workers for the login run")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "warm-up before each measured run (not counted)")
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "length of each measured run")
	fs.IntVar(&o.rounds, "rounds", 2, "rounds of the GET /me phase (bare, SQL-text bare, GET /me), alternated to even out drift")
	fs.IntVar(&o.loginRounds, "login-rounds", 8, "rounds of the login phase (hashes alone, hashes at once, sign-ins), alternated; their spread qualifies the verdict, and two rounds rarely settle it")
	phases := fs.String("phases", strings.Join(allPhases, ","), "phases to run, comma-separated, run in this order: me (with bare), burst, login")
	bursts := fs.String("bursts", "100,500", "sizes of the concurrent login bursts, comma-separated")
	fs.BoolVar(&o.hostMemLimit, "host-memlimit", true, "when GOMEMLIMIT is not set, send the bursts again with the memory limit docs/performance.md recommends to hosts (2 x slots x memory)")
	fs.DurationVar(&o.burstTimeout, "burst-timeout", 3*time.Minute, "time limit of one burst request")
	fs.DurationVar(&o.hashTime, "hash-time", 2*time.Second, "how long to time Argon2id alone, and again with max_concurrent_hashes at once")
	fs.IntVar(&o.maxHashes, "max-concurrent-hashes", 0, "max_concurrent_hashes of the auth instance (0: the auth package's default, auth.DefaultHashSlots)")
	mem := fs.Uint("memory-kib", uint(def.MemoryKiB), "Argon2id memory in KiB")
	iter := fs.Uint("iterations", uint(def.Iterations), "Argon2id passes")
	par := fs.Uint("parallelism", uint(def.Parallelism), "Argon2id lanes")
	fs.DurationVar(&o.maxTime, "max-time", 6*time.Minute, "hard limit of the whole run")
	fs.DurationVar(&o.requestTimeout, "request-timeout", 30*time.Second, "time limit of one request in the timed runs")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of one phase to this file")
	fs.StringVar(&o.profilePhase, "profile", "me", "the phase -cpuprofile records: "+profilePhases)
	fs.StringVar(&o.burstClient, "burst-client", "", "internal: be the client of one burst against this loopback login URL")
	fs.IntVar(&o.burstN, "burst-n", 0, "internal: the size of that burst")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var errs []error
	for _, f := range []struct {
		name string
		ok   bool
	}{
		{"-workers must be at least 1", o.workers >= 1},
		{"-login-workers must be at least 1", o.loginWorkers >= 1},
		{"-warmup must not be negative", o.warmup >= 0},
		{"-duration must be positive", o.duration > 0},
		{"-rounds and -login-rounds must be at least 1", o.rounds >= 1 && o.loginRounds >= 1},
		{"-hash-time must be positive", o.hashTime > 0},
		{"-max-concurrent-hashes must not be negative", o.maxHashes >= 0},
		{"-memory-kib, -iterations and -parallelism must fit Argon2id", *mem <= 1<<32-1 && *iter >= 1 && *iter <= 1<<32-1 && *par >= 1 && *par <= 255 && *mem >= 8**par},
		{"-max-time must be positive", o.maxTime > 0},
		{"-burst-timeout and -request-timeout must be positive", o.burstTimeout > 0 && o.requestTimeout > 0},
		{"-burst-client must be an http://127.0.0.1:PORT/... URL", o.burstClient == "" || loopbackURL(o.burstClient)},
		{"-burst-n must be from 1 to 5000", o.burstClient == "" || (o.burstN >= 1 && o.burstN <= 5000)},
		{"-profile must be " + profilePhases, slices.Contains([]string{"me", "bare", "text", "login", "burst"}, o.profilePhase)},
	} {
		if !f.ok {
			errs = append(errs, errors.New(f.name))
		}
	}
	o.params.MemoryKiB, o.params.Iterations, o.params.Parallelism = uint32(*mem), uint32(*iter), uint8(*par)
	for _, s := range strings.Split(*phases, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		if !slices.Contains(allPhases, s) {
			errs = append(errs, fmt.Errorf("-phases: %q is not one of %s", s, strings.Join(allPhases, ", ")))
			continue
		}
		o.phases = append(o.phases, s)
	}
	for _, s := range strings.Split(*bursts, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5000 {
			errs = append(errs, fmt.Errorf("-bursts: %q is not a size from 1 to 5000", s))
			continue
		}
		o.bursts = append(o.bursts, n)
	}
	return o, errors.Join(errs...)
}

// run executes the load test and returns the process exit status: 0 when
// every phase ran without a failed request (missed targets are reported,
// not failed), 1 otherwise, 2 for bad flags.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "regstack-loadtest:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, o.maxTime)
	defer cancel()
	if o.burstClient != "" {
		err = runBurstClient(ctx, o.burstClient, o.burstN, o.burstTimeout, stdout)
	} else {
		err = loadTest(ctx, o, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "regstack-loadtest:", err)
		return 1
	}
	return 0
}

// loopbackURL reports whether raw is an http URL whose host is a loopback
// IP address.
func loopbackURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}
