package main

import (
	"math"
	"strings"
	"testing"
)

func TestSpreadOf(t *testing.T) {
	for _, tc := range []struct {
		name          string
		xs            []float64
		mean, half    float64
		settles       bool
		wantInMessage string
	}{
		{
			name: "two rounds a tenth apart: Student's t with one degree of freedom",
			xs:   []float64{0.90, 1.00}, mean: 0.95, half: 12.706 * 0.05,
			wantInMessage: "includes 0.95, so this run does not settle the target",
		},
		{
			name: "eight close rounds above the target settle it",
			xs:   []float64{0.96, 0.97, 0.98, 0.97, 0.96, 0.97, 0.98, 0.97}, mean: 0.97,
			half:    2.365 * 0.0075592894601845 / math.Sqrt(8),
			settles: true, wantInMessage: "mean of 8 rounds 0.970, 95% interval 0.964-0.976: settled",
		},
		{
			name: "rounds wholly below the target settle it too",
			xs:   []float64{0.90, 0.91, 0.92, 0.90, 0.91}, mean: 0.908,
			half:    2.776 * 0.0083666002653408 / math.Sqrt(5),
			settles: true, wantInMessage: "settled",
		},
		{
			name: "one round has no spread",
			xs:   []float64{0.99}, mean: 0.99,
			wantInMessage: "one round (0.990): no spread to judge it by",
		},
		{
			name: "past 30 degrees of freedom the normal quantile",
			xs:   alternating(40, 0.94, 0.96), mean: 0.95,
			half:          1.960 * 0.010127393670836667 / math.Sqrt(40),
			wantInMessage: "mean of 40 rounds 0.950, 95% interval 0.947-0.953: includes 0.95",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := spreadOf(tc.xs)
			if s.n != len(tc.xs) || math.Abs(s.mean-tc.mean) > 1e-9 || math.Abs(s.half-tc.half) > 1e-6 {
				t.Fatalf("spreadOf(%v) = %+v; want n %d, mean %v, half %v", tc.xs, s, len(tc.xs), tc.mean, tc.half)
			}
			if got := s.settles(0.95); got != tc.settles {
				t.Errorf("settles(0.95) = %v; want %v", got, tc.settles)
			}
			if msg := s.certainty(0.95); !strings.Contains(msg, tc.wantInMessage) {
				t.Errorf("certainty(0.95) = %q; want it to contain %q", msg, tc.wantInMessage)
			}
		})
	}
}

// alternating is n figures, a and b in turn.
func alternating(n int, a, b float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = a
		if i%2 == 1 {
			xs[i] = b
		}
	}
	return xs
}
