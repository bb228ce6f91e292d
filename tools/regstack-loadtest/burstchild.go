package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"time"
)

// burstReport is what a burst client process prints: one JSON object.
type burstReport struct {
	OK           int    `json:"ok"`
	Failed       int    `json:"failed"`
	ElapsedNS    int64  `json:"elapsed_ns"`
	FirstFailure string `json:"first_failure,omitempty"`
}

// accountLogins builds sign-ins at url of the first accounts copies of
// the load test's user (accountEmail): request i signs in account i mod
// accounts, so no account has more than one sign-in in flight as long as
// fewer than accounts requests are.
func accountLogins(url string, accounts int) newRequest {
	var next atomic.Int64
	return func(ctx context.Context) (*http.Request, error) {
		i := int((next.Add(1) - 1) % int64(accounts))
		body, _ := json.Marshal(map[string]string{"email": accountEmail(i), "password": userPassword})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		return req, nil
	}
}

// runBurstClient is the child side of burstInChild: n sign-ins at once
// against url, of n different accounts, each on its own connection,
// reported as JSON on w.
func runBurstClient(ctx context.Context, url string, n int, timeout time.Duration, w io.Writer) error {
	r := burst(ctx, n, timeout, accountLogins(url, n), http.StatusOK)
	return json.NewEncoder(w).Encode(burstReport{
		OK: r.requests, Failed: r.failures, ElapsedNS: r.elapsed.Nanoseconds(), FirstFailure: r.firstFailure,
	})
}

// burstInChild runs a burst of n sign-ins at url from a child process of
// this program, so that the client side's goroutines, connections and
// buffers do not count in this process's memory, which then is the
// server's alone. The child ends with ctx.
func burstInChild(ctx context.Context, url string, n int, timeout time.Duration) (burstResult, error) {
	self, err := os.Executable()
	if err != nil {
		return burstResult{}, fmt.Errorf("finding this program for the burst client: %w", err)
	}
	cmd := exec.CommandContext(ctx, self,
		"-burst-client", url, "-burst-n", strconv.Itoa(n), "-burst-timeout", timeout.String())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return burstResult{}, fmt.Errorf("burst client: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	var rep burstReport
	if err := json.Unmarshal(out, &rep); err != nil {
		return burstResult{}, fmt.Errorf("burst client answered %q: %w", out, err)
	}
	return burstResult{
		requests: rep.OK, failures: rep.Failed, elapsed: time.Duration(rep.ElapsedNS), firstFailure: rep.FirstFailure,
	}, nil
}
