package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// newRequest builds one request of a load run. It is called once per
// request because a request body can be read only once.
type newRequest func(ctx context.Context) (*http.Request, error)

// loadResult is what a closed-loop run measured inside its window.
type loadResult struct {
	requests int           // answered with the wanted status
	failures int           // transport errors and other statuses
	elapsed  time.Duration // length of the measurement window
	p50, p99 time.Duration // latency of the successful requests
	use      cpuUse        // CPU spent in the window
	// firstFailure describes one failure, to show why a run went wrong.
	firstFailure string
}

// rate is the successful requests per second.
func (r loadResult) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// cpuPerRequest is the process CPU time per successful request.
func (r loadResult) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return (r.use.user + r.use.sys) / time.Duration(r.requests)
}

// add sums o into r, for totals over several runs.
func (r *loadResult) add(o loadResult) {
	r.requests += o.requests
	r.failures += o.failures
	r.elapsed += o.elapsed
	r.use = r.use.add(o.use)
}

// loadSpec is one closed-loop run: workers loop sending a request and
// waiting for its answer, first for warmup (not counted), then for duration.
type loadSpec struct {
	workers  int
	warmup   time.Duration
	duration time.Duration
	want     int // the status a successful answer has
	build    newRequest
}

// Phases of a closed-loop run.
const (
	phaseWarmup int32 = iota
	phaseMeasure
	phaseDrain
)

// closedLoop runs spec against the server behind client and returns what
// was measured after the warm-up. After warmup+duration (or when ctx ends)
// the workers send nothing new, and closedLoop returns once every request
// under way has been answered, so the server is idle again (a cancelled
// request could leave its handler running, hashing, into the next phase).
func closedLoop(ctx context.Context, client *http.Client, spec loadSpec) loadResult {
	var (
		phase atomic.Int32
		wg    sync.WaitGroup
		mu    sync.Mutex
		res   loadResult
		lat   []time.Duration
	)
	for range spec.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var failures int
			var firstFailure string
			for phase.Load() != phaseDrain && ctx.Err() == nil {
				start := time.Now()
				err := send(ctx, client, spec.build, spec.want)
				// Only answers that arrive inside the window count.
				if phase.Load() != phaseMeasure {
					continue
				}
				if err != nil {
					failures++
					if firstFailure == "" {
						firstFailure = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			defer mu.Unlock()
			lat = append(lat, mine...)
			res.failures += failures
			if res.firstFailure == "" {
				res.firstFailure = firstFailure
			}
		}()
	}
	// A request that started during the warm-up and ends in the window is
	// counted; one still running when the window closes is not. In a
	// closed loop the two edges cancel out on average.
	sleep(ctx, spec.warmup)
	phase.Store(phaseMeasure)
	mark := markCPU()
	sleep(ctx, spec.duration)
	phase.Store(phaseDrain)
	res.use = mark.since()
	res.elapsed = res.use.wall
	wg.Wait()
	res.requests = len(lat)
	res.p50, res.p99 = percentile(lat, 0.50), percentile(lat, 0.99)
	return res
}

// burstResult is what a burst of one-shot requests measured.
type burstResult struct {
	requests, failures int
	elapsed            time.Duration
	firstFailure       string
}

// burst sends n requests at once, each on its own connection, and waits for
// every answer.
func burst(ctx context.Context, n int, timeout time.Duration, build newRequest, want int) burstResult {
	client := newLoopbackClient(n, timeout)
	defer client.CloseIdleConnections()
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		res burstResult
	)
	start := time.Now()
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := send(ctx, client, build, want)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				res.failures++
				if res.firstFailure == "" {
					res.firstFailure = err.Error()
				}
				return
			}
			res.requests++
		}()
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	return res
}

// send makes one request and reads the whole answer, so the connection can
// be reused.
func send(ctx context.Context, client *http.Client, build newRequest, want int) error {
	req, err := build(ctx)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, body %.200s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	return nil
}

// errNotLoopback refuses a connection to anything but a loopback address.
var errNotLoopback = errors.New("refusing a connection to a non-loopback address")

// newLoopbackClient returns a keep-alive client that can hold conns
// connections to one host and dials loopback addresses only: the load must
// never leave the machine, whatever URL a bug produced.
func newLoopbackClient(conns int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				host, _, err := net.SplitHostPort(addr)
				if err != nil {
					return nil, err
				}
				if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
					return nil, fmt.Errorf("%w: %s", errNotLoopback, addr)
				}
				return dialer.DialContext(ctx, network, addr)
			},
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			DisableCompression:  true,
			ForceAttemptHTTP2:   false,
		},
	}
}

// percentile returns the q-quantile of d (nearest rank), or 0 for none.
// It sorts d.
func percentile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	slices.Sort(d)
	i := int(q*float64(len(d))+0.5) - 1
	return d[min(max(i, 0), len(d)-1)]
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
