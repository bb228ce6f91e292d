package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseMemStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    memStatus
		wantErr string
	}{
		{
			name: "linux status",
			in:   "Name:\tregstack-loadtest\nVmPeak:\t  900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t   20480 kB\nThreads:\t9\n",
			want: memStatus{rss: 20 << 20, hwm: 200 << 20},
		},
		{name: "no VmHWM", in: "VmRSS:\t 1 kB\n", wantErr: "lacks VmRSS or VmHWM"},
		{name: "other unit", in: "VmRSS:\t 1 MB\nVmHWM:\t 1 kB\n", wantErr: "unexpected value"},
		{name: "not a number", in: "VmRSS:\t x kB\nVmHWM:\t 1 kB\n", wantErr: "VmRSS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseMemStatus(strings.NewReader(tc.in))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(memStatus{})); diff != "" {
				t.Errorf("parseMemStatus (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReadMemStatus checks the real file of this process where there is
// one: the peak is never below the current size.
func TestReadMemStatus(t *testing.T) {
	m, err := readMemStatus()
	if err != nil {
		t.Skipf("no /proc/self/status here: %v", err)
	}
	if m.rss <= 0 || m.hwm < m.rss {
		t.Errorf("readMemStatus = %+v, want 0 < rss <= hwm", m)
	}
}
