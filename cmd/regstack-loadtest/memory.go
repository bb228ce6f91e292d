package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memStatus is the resident set size of this process, from the VmRSS and
// VmHWM lines of /proc/self/status, in bytes.
type memStatus struct {
	rss, hwm int64
}

// readMemStatus reads /proc/self/status.
func readMemStatus() (memStatus, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return memStatus{}, fmt.Errorf("reading resident memory: %w", err)
	}
	defer f.Close()
	return parseMemStatus(f)
}

// parseMemStatus reads the VmRSS and VmHWM lines ("VmRSS:	  12345 kB") of
// a /proc/PID/status file.
func parseMemStatus(r io.Reader) (memStatus, error) {
	var m memStatus
	var found int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		num, ok := strings.CutSuffix(strings.TrimSpace(val), " kB")
		if !ok {
			return memStatus{}, fmt.Errorf("%s: unexpected value %q", key, val)
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if err != nil {
			return memStatus{}, fmt.Errorf("%s: %w", key, err)
		}
		if key == "VmRSS" {
			m.rss = kb << 10
		} else {
			m.hwm = kb << 10
		}
		found++
	}
	if err := sc.Err(); err != nil {
		return memStatus{}, err
	}
	if found != 2 {
		return memStatus{}, fmt.Errorf("status file lacks VmRSS or VmHWM")
	}
	return m, nil
}

// resetPeak resets VmHWM to the current RSS (Linux 4.0 and later), so the
// next reading is the peak since now.
func resetPeak() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting the resident-memory peak: %w", err)
	}
	return nil
}

// rssSampler records the largest VmRSS seen while it runs.
type rssSampler struct {
	stop chan struct{}
	done chan struct{}
	mu   sync.Mutex
	max  int64
	n    int
	err  error
}

// sampleRSS starts reading VmRSS every interval until Stop.
func sampleRSS(ctx context.Context, interval time.Duration) *rssSampler {
	s := &rssSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			s.sample()
			select {
			case <-t.C:
			case <-s.stop:
				s.sample()
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

func (s *rssSampler) sample() {
	m, err := readMemStatus()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.err = err
		return
	}
	s.max = max(s.max, m.rss)
	s.n++
}

// Stop ends the sampling and returns the largest VmRSS and the number of
// samples taken.
func (s *rssSampler) Stop() (peak int64, samples int, err error) {
	close(s.stop)
	<-s.done
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.max, s.n, s.err
}

// mib formats a byte count in MiB.
func mib(b int64) string {
	return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB"
}
