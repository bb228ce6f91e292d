package argon2id

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// barrierYields is how many times a worker that has run out of chunks
// yields its core before it sleeps at the barrier. The segments of a slice
// end within about a chunk of each other (about 50 µs), and waking a
// sleeping worker took longer than that on a 2-vCPU virtual machine: a
// goroutine started or woken there waited 80 µs or more for the other core
// to take it, twelve times per hash (docs/performance.md, session 7).
// Yielding lets the server's other goroutines run meanwhile, so the wait
// costs little when there is other work, and the sleep after it bounds the
// spinning when a worker is descheduled.
const barrierYields = 1000

// stepBarrier holds the workers of one computation at the end of each
// slice until all of them have finished it: a block refers to other
// lanes' blocks of earlier slices only. Steps are numbered from 0; step 0
// is open from the start.
type stepBarrier struct {
	workers int32
	opened  atomic.Uint32 // the last step opened
	arrived atomic.Int32  // workers done with the open step
	mu      sync.Mutex
	wake    sync.Cond // on mu; broadcast when opened moves
}

func newStepBarrier(workers int) *stepBarrier {
	b := &stepBarrier{workers: int32(workers)}
	b.wake.L = &b.mu
	return b
}

// wait returns once step is open.
func (b *stepBarrier) wait(step uint32) {
	for i := 0; i < barrierYields; i++ {
		if b.opened.Load() >= step {
			return
		}
		runtime.Gosched()
	}
	b.mu.Lock()
	for b.opened.Load() < step {
		b.wake.Wait()
	}
	b.mu.Unlock()
}

// arrive records that a worker has finished the open step and reports
// whether it was the last one; that worker prepares the next step and
// calls open.
func (b *stepBarrier) arrive() bool {
	if b.arrived.Add(1) < b.workers {
		return false
	}
	b.arrived.Store(0)
	return true
}

// open lets the workers into step.
func (b *stepBarrier) open(step uint32) {
	b.mu.Lock()
	b.opened.Store(step)
	b.wake.Broadcast()
	b.mu.Unlock()
}
