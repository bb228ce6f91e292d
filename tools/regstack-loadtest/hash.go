package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// hashCost is what Argon2id at the configured parameters costs on this
// machine, measured with the auth package's own hasher.
type hashCost struct {
	// alone is one computation at a time; with more than one lane a hash
	// alone runs on several cores, so its wall time is less than its CPU
	// time.
	alone hashRun
	// together is slots computations at once, as the login handler runs
	// them: the practical ceiling of the login rate.
	together hashRun
}

// hashRun is a timed series of hashes.
type hashRun struct {
	n   int
	use cpuUse
}

// wall is the mean wall time per hash.
func (r hashRun) wall() time.Duration { return r.use.wall / time.Duration(r.n) }

// cpu is the mean process CPU time per hash, 0 when unknown.
func (r hashRun) cpu() time.Duration { return (r.use.user + r.use.sys) / time.Duration(r.n) }

// rate is hashes per second.
func (r hashRun) rate() float64 { return float64(r.n) / r.use.wall.Seconds() }

// perHash is the CPU time of one hash: the lesser of the two runs' means,
// as the one alone can include idle cores spinning between the lanes'
// sync points and the other contention between the computations. It is
// the wall time alone when the CPU time is unknown.
func (h hashCost) perHash() time.Duration {
	switch a, t := h.alone.cpu(), h.together.cpu(); {
	case a == 0 || t == 0:
		return h.alone.wall()
	default:
		return min(a, t)
	}
}

// limit is the login rate Argon2id allows on cores: each core completes one
// hash per CPU time of a hash.
func (h hashCost) limit(cores int) float64 {
	return float64(cores) / h.perHash().Seconds()
}

// add sums o into h.
func (h *hashCost) add(o hashCost) {
	h.alone.add(o.alone)
	h.together.add(o.together)
}

// add sums o into r.
func (r *hashRun) add(o hashRun) {
	r.n += o.n
	r.use = r.use.add(o.use)
}

// measureHash hashes for d one computation at a time, then for d with slots
// computations at once; with one slot both are the same run. Each series
// runs at least three hashes per worker, after one it does not count.
func measureHash(ctx context.Context, p auth.Argon2Params, d time.Duration, slots int) (hashCost, error) {
	alone, err := hashFor(ctx, p, d, 1)
	if err != nil {
		return hashCost{}, err
	}
	if slots == 1 {
		// Two runs of one configuration: the lesser of the two would pick
		// the lucky one of two noisy estimates of the same figure.
		return hashCost{alone: alone, together: alone}, nil
	}
	together, err := hashFor(ctx, p, d, slots)
	if err != nil {
		return hashCost{}, err
	}
	return hashCost{alone: alone, together: together}, nil
}

// hashFor runs workers goroutines hashing through one hasher with as many
// slots until d has passed and each has done at least three hashes, or ctx
// ends. Each worker hashes once first, outside the count: the hasher
// reuses the memory of finished computations, as the server's does after
// its first sign-ins, and the count is of that steady state.
func hashFor(ctx context.Context, p auth.Argon2Params, d time.Duration, workers int) (hashRun, error) {
	const minPerWorker = 3
	h := auth.NewPasswordHasher(p, workers)
	var warm sync.WaitGroup
	warmErrs := make([]error, workers)
	for i := range workers {
		warm.Add(1)
		go func() {
			defer warm.Done()
			_, warmErrs[i] = h.Hash(ctx, "warm-up")
		}()
	}
	warm.Wait()
	if err := errors.Join(warmErrs...); err != nil {
		return hashRun{}, fmt.Errorf("hashing: %w", err)
	}
	var n atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	mark := markCPU()
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < minPerWorker || time.Since(mark.at) < d; k++ {
				if _, err := h.Hash(ctx, "correct horse battery"); err != nil {
					errs[i] = fmt.Errorf("hashing: %w", err)
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	r := hashRun{n: int(n.Load()), use: mark.since()}
	if err := errors.Join(errs...); err != nil {
		return hashRun{}, err
	}
	return r, nil
}
