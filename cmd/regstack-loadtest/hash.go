package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// hashCost is what one Argon2id computation at the configured parameters
// costs on this machine, measured with the auth package's own hasher.
type hashCost struct {
	wall time.Duration // median wall time of one hash computed alone
	// cpu is the process CPU time per hash over the serial runs, 0 when
	// the system does not report it. With more than one lane a hash
	// alone runs on several cores, so wall < cpu.
	cpu time.Duration
	// parallelRate is hashes per second with slots computations at once,
	// the practical ceiling of the login rate.
	parallelRate float64
	slots        int
}

// limit is the login rate Argon2id allows on cores: each core completes one
// hash per CPU time of a hash.
func (h hashCost) limit(cores int) float64 {
	per := h.cpu
	if per == 0 {
		per = h.wall
	}
	return float64(cores) / per.Seconds()
}

// measureHash times samples hashes one after the other, then samples hashes
// on each of slots goroutines at once.
func measureHash(ctx context.Context, p auth.Argon2Params, samples, slots int) (hashCost, error) {
	const password = "correct horse battery"
	serial := auth.NewPasswordHasher(p, 1)
	// One hash first, so the heap has grown to its working size.
	if _, err := serial.Hash(ctx, password); err != nil {
		return hashCost{}, fmt.Errorf("hashing: %w", err)
	}
	walls := make([]time.Duration, 0, samples)
	cpu0, err0 := processCPU()
	for range samples {
		start := time.Now()
		if _, err := serial.Hash(ctx, password); err != nil {
			return hashCost{}, fmt.Errorf("hashing: %w", err)
		}
		walls = append(walls, time.Since(start))
	}
	cpu1, err1 := processCPU()
	slices.Sort(walls)
	h := hashCost{wall: walls[len(walls)/2], slots: slots}
	if err0 == nil && err1 == nil {
		h.cpu = (cpu1 - cpu0) / time.Duration(samples)
	}

	parallel := auth.NewPasswordHasher(p, slots)
	var wg sync.WaitGroup
	errs := make([]error, slots)
	start := time.Now()
	for i := range slots {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range samples {
				if _, err := parallel.Hash(ctx, password); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return hashCost{}, fmt.Errorf("hashing: %w", err)
		}
	}
	h.parallelRate = float64(slots*samples) / time.Since(start).Seconds()
	return h, nil
}
