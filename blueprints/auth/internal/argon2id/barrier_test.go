package argon2id

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStepBarrier runs workers through many steps, one of them late now
// and then by far more than the yields last (so the others sleep on the
// condition variable), and checks that no worker starts a step before
// every worker has finished the one before, and that exactly one worker
// per step is told it was the last.
func TestStepBarrier(t *testing.T) {
	const workers, steps = 4, 60
	b := newStepBarrier(workers)
	var finished [steps]atomic.Int32
	var lasts [steps]atomic.Int32
	var wg sync.WaitGroup
	for id := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for step := uint32(0); step < steps; step++ {
				b.wait(step)
				if step > 0 {
					if n := finished[step-1].Load(); n != workers {
						t.Errorf("worker %d started step %d with %d workers done with step %d", id, step, n, step-1)
					}
				}
				if id == int(step)%workers && step%5 == 0 {
					time.Sleep(3 * time.Millisecond)
				}
				finished[step].Add(1)
				if b.arrive() {
					lasts[step].Add(1)
					b.open(step + 1)
				}
			}
		}()
	}
	wg.Wait()
	for step := range steps {
		if n := lasts[step].Load(); n != 1 {
			t.Errorf("step %d: %d workers were told they were last, want 1", step, n)
		}
	}
}
