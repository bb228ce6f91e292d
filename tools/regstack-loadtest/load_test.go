package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// getter builds GET requests for url.
func getter(url string) newRequest {
	return func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	}
}

func TestClosedLoop(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path == "/fail" {
			http.Error(w, "nope", http.StatusInternalServerError)
			return
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	defer srv.Close()
	client := newLoopbackClient(2, 10*time.Second)
	defer client.CloseIdleConnections()
	spec := func(path string) loadSpec {
		return loadSpec{workers: 2, warmup: 20 * time.Millisecond, duration: 100 * time.Millisecond,
			want: http.StatusOK, build: getter(srv.URL + path)}
	}

	t.Run("ok", func(t *testing.T) {
		r := closedLoop(context.Background(), client, spec("/ok"))
		if r.requests == 0 || r.failures != 0 {
			t.Fatalf("closedLoop = %+v, want answers and no failures", r)
		}
		if r.rate() <= 0 || r.p50 <= 0 || r.p99 < r.p50 {
			t.Errorf("rate %v, p50 %v, p99 %v: want a positive rate and p50 <= p99", r.rate(), r.p50, r.p99)
		}
		// Every request was answered when closedLoop returned: nothing
		// more reaches the server afterwards.
		before := served.Load()
		if r.requests > int(before) {
			t.Errorf("counted %d answers, the server served %d", r.requests, before)
		}
		time.Sleep(50 * time.Millisecond)
		if after := served.Load(); after != before {
			t.Errorf("server got %d requests after closedLoop returned", after-before)
		}
	})
	t.Run("wrong status", func(t *testing.T) {
		r := closedLoop(context.Background(), client, spec("/fail"))
		if r.requests != 0 || r.failures == 0 || !strings.Contains(r.firstFailure, "status 500") {
			t.Errorf("closedLoop = %+v, want only failures naming status 500", r)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		s := spec("/ok")
		s.duration = time.Hour // ends with ctx, not with the clock
		if r := closedLoop(ctx, client, s); r.requests != 0 {
			t.Errorf("closedLoop on a cancelled context = %+v, want no answers", r)
		}
	})
}

// TestBurstIsConcurrent holds every request until all n have arrived, so
// it passes only if burst sends them at once, each on its own connection.
func TestBurstIsConcurrent(t *testing.T) {
	const n = 20
	var arrived sync.WaitGroup
	arrived.Add(n)
	all := make(chan struct{})
	go func() { arrived.Wait(); close(all) }()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		select {
		case <-all:
		case <-time.After(10 * time.Second):
			http.Error(w, "not all requests arrived", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	r := burst(context.Background(), n, time.Minute, getter(srv.URL), http.StatusOK)
	type counts struct{ OK, Failed int }
	if diff := cmp.Diff(counts{OK: n}, counts{r.requests, r.failures}); diff != "" {
		t.Errorf("burst (-want +got):\n%s (first failure: %s)", diff, r.firstFailure)
	}
}

func TestLoopbackClientRefusesOtherAddresses(t *testing.T) {
	dial := newLoopbackClient(1, time.Second).Transport.(*http.Transport).DialContext
	// 192.0.2.1 is a documentation address; the dialer refuses it before
	// any packet is sent.
	for _, addr := range []string{"192.0.2.1:80", "[2001:db8::1]:80", "example.com:80"} {
		if _, err := dial(context.Background(), "tcp", addr); !errors.Is(err, errNotLoopback) {
			t.Errorf("dial %s: error %v, want errNotLoopback", addr, err)
		}
	}
}

func TestPercentile(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x) * time.Millisecond
		}
		return d
	}
	var oneTo100 []time.Duration
	for i := 100; i >= 1; i-- {
		oneTo100 = append(oneTo100, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		name string
		in   []time.Duration
		q    float64
		want time.Duration
	}{
		{"empty", nil, 0.5, 0},
		{"one", ms(7), 0.99, 7 * time.Millisecond},
		{"median of unsorted", ms(5, 1, 4, 2, 3), 0.5, 3 * time.Millisecond},
		{"p99 of 1..100", oneTo100, 0.99, 99 * time.Millisecond},
		{"top", ms(1, 2, 3, 4), 1, 4 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.in, tc.q); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tc.in, tc.q, got, tc.want)
			}
		})
	}
}
