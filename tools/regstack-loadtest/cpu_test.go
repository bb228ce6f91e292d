package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseMachineCPU(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    machineCPU
		wantErr string
	}{
		{
			// user nice system idle iowait irq softirq steal guest guest_nice
			name: "two cores",
			in:   "cpu  1000 10 200 5000 30 4 6 50 0 0\ncpu0 500 5 100 2500 15 2 3 25 0 0\n",
			want: machineCPU{busy: 12200 * time.Millisecond, steal: 500 * time.Millisecond},
		},
		{name: "short line", in: "cpu  1 2 3\n", wantErr: "unexpected first line"},
		{name: "per-core line first", in: "cpu0 1 2 3 4 5 6 7 8\n", wantErr: "unexpected first line"},
		{name: "not a number", in: "cpu  1 2 x 4 5 6 7 8\n", wantErr: "/proc/stat"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseMachineCPU(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(machineCPU{})); diff != "" {
				t.Errorf("parseMachineCPU (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCPUUseCountsOwnWork spins for a while and checks that the span
// charges this process at least part of it.
func TestCPUUseCountsOwnWork(t *testing.T) {
	mark := markCPU()
	if mark.procErr != nil {
		t.Skipf("no process CPU time here: %v", mark.procErr)
	}
	x := 0
	for i := range 50_000_000 {
		x ^= i
	}
	u := mark.since()
	if !u.procOK || u.user+u.sys <= 0 {
		t.Errorf("since() = %+v after a busy loop (%d), want some CPU charged", u, x)
	}
}
