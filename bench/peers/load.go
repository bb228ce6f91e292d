package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The load client: a closed loop of keep-alive workers on loopback, the
// same for every system, and the CPU accounting from /proc: the server
// process's own user+system time, this (client) process's, and every other
// process's, so a run on a shared machine says how loaded it was.

// runResult is what one measured window of one system gave.
type runResult struct {
	requests  int
	failures  int
	firstFail string
	wall      time.Duration
	server    time.Duration // the server process's CPU in the window
	client    time.Duration // this process's CPU in the window
	others    time.Duration // every other process's CPU in the window
	latencies []time.Duration
}

// cpuPerRequest is the server's CPU per successful request.
func (r runResult) cpuPerRequest() time.Duration {
	if r.requests == 0 {
		return 0
	}
	return r.server / time.Duration(r.requests)
}

// cores is d as a share of the window.
func (r runResult) cores(d time.Duration) float64 { return d.Seconds() / r.wall.Seconds() }

// closedLoop runs workers against url with header set, warmup then
// duration, and measures the window; serverPID's CPU is read from /proc.
func closedLoop(ctx context.Context, client *http.Client, url, header, value string, workers int, warmup, duration time.Duration, serverPID int) (runResult, error) {
	const (
		warming int32 = iota
		measuring
		draining
	)
	var (
		phase atomic.Int32
		wg    sync.WaitGroup
		mu    sync.Mutex
		res   runResult
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			fails, first := 0, ""
			for phase.Load() != draining && ctx.Err() == nil {
				start := time.Now()
				err := get(ctx, client, url, header, value)
				if phase.Load() != measuring {
					continue
				}
				if err != nil {
					fails++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			defer mu.Unlock()
			res.latencies = append(res.latencies, mine...)
			res.failures += fails
			if res.firstFail == "" {
				res.firstFail = first
			}
		}()
	}
	sleep(ctx, warmup)
	before, err := markCPU(serverPID)
	if err != nil {
		phase.Store(draining)
		wg.Wait()
		return res, err
	}
	phase.Store(measuring)
	sleep(ctx, duration)
	phase.Store(draining)
	after, err := markCPU(serverPID)
	wg.Wait()
	if err != nil {
		return res, err
	}
	res.requests = len(res.latencies)
	res.wall = after.at.Sub(before.at)
	res.server = after.server - before.server
	res.client = after.self - before.self
	res.others = max(0, (after.machine-before.machine)-res.server-res.client)
	return res, ctx.Err()
}

// get sends one GET and reads the whole answer, so the connection is reused.
func get(ctx context.Context, client *http.Client, url, header, value string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if header != "" {
		req.Header.Set(header, value)
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
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d, body %.200s", resp.StatusCode, body)
	}
	return nil
}

// newLoopbackClient is a keep-alive client for conns connections that
// dials loopback addresses only.
func newLoopbackClient(conns int) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				host, _, err := net.SplitHostPort(addr)
				if err != nil {
					return nil, err
				}
				if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
					return nil, fmt.Errorf("refusing a connection to a non-loopback address %s", addr)
				}
				return dialer.DialContext(ctx, network, addr)
			},
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			DisableCompression:  true,
		},
	}
}

// cpuMark is a reading of the CPU used so far.
type cpuMark struct {
	at                    time.Time
	server, self, machine time.Duration
}

// markCPU reads the server's, this process's and the machine's CPU time.
func markCPU(serverPID int) (cpuMark, error) {
	m := cpuMark{at: time.Now()}
	var err1, err2, err3 error
	m.server, err1 = processCPU(serverPID)
	var ru syscall.Rusage
	err2 = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	m.self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	m.machine, err3 = machineCPU()
	return m, errors.Join(err1, err2, err3)
}

// ticks is USER_HZ, the unit of /proc's CPU times.
const ticks = 100

// processCPU is utime+stime of pid from /proc/<pid>/stat.
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	// The command name is in parentheses and may hold spaces.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc/%d/stat: too short", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	return time.Duration(ut+st) * time.Second / ticks, nil
}

// machineCPU is the busy time of all processes from /proc/stat (user,
// nice, system, irq, softirq).
func machineCPU() (time.Duration, error) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return 0, err
	}
	fields := strings.Fields(line)
	if len(fields) < 8 || fields[0] != "cpu" {
		return 0, fmt.Errorf("/proc/stat: unexpected first line %q", line)
	}
	var busy int64
	for _, i := range []int{1, 2, 3, 6, 7} {
		n, err := strconv.ParseInt(fields[i], 10, 64)
		if err != nil {
			return 0, err
		}
		busy += n
	}
	return time.Duration(busy) * time.Second / ticks, nil
}

// percentile is the q-quantile (nearest rank) of d, which it sorts.
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
