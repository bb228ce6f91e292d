package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
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

// memPeaks are the largest values seen while sampling: the resident set
// and, to explain it, the Go runtime's own view of its heap.
type memPeaks struct {
	rss         int64 // VmRSS
	heapLive    int64 // the heap the last GC cycle marked live
	heapGoal    int64 // the heap size at which the GC starts its next cycle
	heapObjects int64 // bytes of heap objects, live or not yet swept
	heapFree    int64 // free heap pages not yet returned to the OS
	stacks      int64 // goroutine stacks
	samples     int
}

// heapMetrics are the runtime/metrics names behind memPeaks.
func heapMetrics() []metrics.Sample {
	return []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/heap/goal:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
	}
}

// memSampler records memPeaks while it runs.
type memSampler struct {
	stop chan struct{}
	done chan struct{}
	// peaks and err belong to the sampling goroutine until done is closed.
	peaks memPeaks
	err   error
}

// sampleMemory starts sampling every interval until Stop.
func sampleMemory(ctx context.Context, interval time.Duration) *memSampler {
	s := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		ms := heapMetrics()
		for {
			s.sample(ms)
			select {
			case <-t.C:
			case <-s.stop:
				s.sample(ms)
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return s
}

func (s *memSampler) sample(ms []metrics.Sample) {
	m, err := readMemStatus()
	if err != nil {
		s.err = err
		return
	}
	metrics.Read(ms)
	p := &s.peaks
	p.rss = max(p.rss, m.rss)
	p.heapLive = max(p.heapLive, int64(ms[0].Value.Uint64()))
	p.heapGoal = max(p.heapGoal, int64(ms[1].Value.Uint64()))
	p.heapObjects = max(p.heapObjects, int64(ms[2].Value.Uint64()))
	p.heapFree = max(p.heapFree, int64(ms[3].Value.Uint64()))
	p.stacks = max(p.stacks, int64(ms[4].Value.Uint64()))
	p.samples++
}

// Stop ends the sampling and returns the peaks.
func (s *memSampler) Stop() (memPeaks, error) {
	close(s.stop)
	<-s.done
	return s.peaks, s.err
}

// mib formats a byte count in MiB.
func mib(b int64) string {
	return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB"
}
