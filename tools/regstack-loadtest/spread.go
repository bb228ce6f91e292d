package main

import (
	"fmt"
	"math"
)

// tQuantile975 is Student's t distribution's 97.5% quantile for 1 to 30
// degrees of freedom: the half-width of a two-sided 95% confidence
// interval of a mean, in standard errors.
var tQuantile975 = [...]float64{
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
}

// roundSpread is the mean of per-round figures and the 95% confidence
// interval of that mean, from the rounds' own spread. On a shared machine
// one round of sign-ins can run 10% faster or slower than the hashing
// timed just before it; the interval says how far a run's figure can be
// trusted.
type roundSpread struct {
	n          int
	mean, half float64 // half is the interval's half-width; 0 with one round
}

// spreadOf summarises xs.
func spreadOf(xs []float64) roundSpread {
	s := roundSpread{n: len(xs)}
	if s.n == 0 {
		return s
	}
	for _, x := range xs {
		s.mean += x
	}
	s.mean /= float64(s.n)
	if s.n < 2 {
		return s
	}
	var ss float64
	for _, x := range xs {
		ss += (x - s.mean) * (x - s.mean)
	}
	se := math.Sqrt(ss/float64(s.n-1)) / math.Sqrt(float64(s.n))
	t := 1.960
	if df := s.n - 1; df <= len(tQuantile975) {
		t = tQuantile975[df-1]
	}
	s.half = t * se
	return s
}

// settles reports whether the interval lies wholly on one side of target.
func (s roundSpread) settles(target float64) bool {
	return s.n >= 2 && (s.mean-s.half >= target || s.mean+s.half < target)
}

// String words the spread, and says so when one round cannot have any.
func (s roundSpread) String() string {
	if s.n < 2 {
		return fmt.Sprintf("one round (%.3f): no spread to judge it by", s.mean)
	}
	return fmt.Sprintf("mean of %d rounds %.3f, 95%% interval %.3f-%.3f", s.n, s.mean, s.mean-s.half, s.mean+s.half)
}

// certainty qualifies a verdict on target: whether the rounds' spread
// settles it, or more rounds are needed.
func (s roundSpread) certainty(target float64) string {
	if s.settles(target) {
		return fmt.Sprintf("%s: settled", s)
	}
	return fmt.Sprintf("%s: includes %.2f, so this run does not settle the target; more -login-rounds narrow it", s, target)
}
