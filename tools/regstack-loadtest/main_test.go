package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regstack/regstack-gen/blueprints/auth"
)

func TestParseFlags(t *testing.T) {
	def := auth.DefaultArgon2Params()
	for _, tc := range []struct {
		name    string
		args    []string
		check   func(options) any
		want    any
		wantErr string
	}{
		{
			name:  "defaults: the reference's Argon2id parameters",
			check: func(o options) any { return o.params },
			want:  def,
		},
		{
			name:  "defaults: bursts",
			check: func(o options) any { return o.bursts },
			want:  []int{100, 500},
		},
		{
			name: "cheap parameters and one burst",
			args: []string{"-memory-kib", "1024", "-iterations", "1", "-parallelism", "1", "-bursts", " 30 "},
			check: func(o options) any {
				return []any{o.params.MemoryKiB, o.params.Iterations, o.params.Parallelism, o.bursts}
			},
			want: []any{uint32(1024), uint32(1), uint8(1), []int{30}},
		},
		{
			name:  "no bursts",
			args:  []string{"-bursts", ""},
			check: func(o options) any { return len(o.bursts) },
			want:  0,
		},
		{
			name:  "bursts only",
			args:  []string{"-phases", " burst"},
			check: func(o options) any { return o.phases },
			want:  []string{"burst"},
		},
		{
			name:  "durations",
			args:  []string{"-duration", "2s", "-warmup", "0s"},
			check: func(o options) any { return []time.Duration{o.duration, o.warmup} },
			want:  []time.Duration{2 * time.Second, 0},
		},
		{
			name:  "rounds: two of GET /me, eight of login by default",
			check: func(o options) any { return []int{o.rounds, o.loginRounds} },
			want:  []int{2, 8},
		},
		{
			name:  "rounds of each phase set apart",
			args:  []string{"-rounds", "3", "-login-rounds", "12"},
			check: func(o options) any { return []int{o.rounds, o.loginRounds} },
			want:  []int{3, 12},
		},
		{name: "zero login rounds", args: []string{"-login-rounds", "0"}, wantErr: "-rounds and -login-rounds must be at least 1"},
		{name: "zero workers", args: []string{"-workers", "0"}, wantErr: "-workers must be at least 1"},
		{name: "huge burst", args: []string{"-bursts", "100,9999"}, wantErr: `"9999" is not a size`},
		{name: "too little memory", args: []string{"-memory-kib", "16", "-parallelism", "4"}, wantErr: "must fit Argon2id"},
		{name: "unknown phase", args: []string{"-profile", "all"}, wantErr: "-profile must be"},
		{name: "unknown phase to run", args: []string{"-phases", "me,sleep"}, wantErr: `"sleep" is not one of`},
		{name: "stray argument", args: []string{"now"}, wantErr: "unexpected arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o, err := parseFlags(tc.args, io.Discard)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, tc.check(o)); diff != "" {
				t.Errorf("parsed flags (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBurstVerdict(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name          string
		sizes         []int
		peaks, bounds []int64
		want          string
	}{
		{"bounded and flat", []int{100, 500}, []int64{140 * mb, 150 * mb}, []int64{151 * mb, 151 * mb}, "overall: met"},
		{"flat but over the bound", []int{100, 500}, []int64{220 * mb, 228 * mb}, []int64{151 * mb, 151 * mb}, "within its bound: MISSED"},
		{"grows with the burst", []int{500, 100}, []int64{421 * mb, 284 * mb}, []int64{500 * mb, 500 * mb}, "+48% of burst 100's (target <= +10%: MISSED)"},
		{"one size", []int{100}, []int64{100 * mb}, []int64{151 * mb}, "one burst size only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := burstVerdict(tc.sizes, tc.peaks, tc.bounds); !strings.Contains(got, tc.want) {
				t.Errorf("burstVerdict = %q, want it to contain %q", got, tc.want)
			}
		})
	}
}

func TestHostMemoryLimit(t *testing.T) {
	if got, want := hostMemoryLimit(1, auth.DefaultArgon2Params()), int64(128<<20); got != want {
		t.Errorf("hostMemoryLimit(1 slot, 64 MiB) = %d, want %d", got, want)
	}
	if got, want := hostMemoryLimit(3, auth.DefaultArgon2Params()), int64(384<<20); got != want {
		t.Errorf("hostMemoryLimit(3 slots, 64 MiB) = %d, want %d", got, want)
	}
}
