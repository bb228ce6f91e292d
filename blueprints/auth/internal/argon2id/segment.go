package argon2id

import "sync"

// chunkBlocks is how many blocks of one segment a worker computes before it
// picks a segment again. x/crypto runs each lane's segment on a goroutine of
// its own, so with more lanes than cores (4 on 2 with the usual parameters)
// a slice ends with one core computing the last segment while the others
// wait, at 12 sync points per hash. Here one worker per core takes chunks
// from whichever segment is furthest behind, so the segments of a slice end
// within about a chunk of each other (64 blocks: about 50 µs).
const chunkBlocks = 64

// sliceWork is what the workers of one computation share: the slice being
// computed (a segment of each lane, start prepares it) and the barrier
// they meet at between slices.
type sliceWork struct {
	B                     []block
	time, memory, threads uint32
	lanes, segments       uint32 // blocks per lane, per segment
	n, slice              uint32 // the pass and slice being computed
	mu                    sync.Mutex
	segs                  []segment // one per lane; busy and index under mu
	barrier               *stepBarrier
}

// segment is one lane's segment of the slice being computed.
type segment struct {
	lane uint32
	// index is the next block of the segment to compute. The worker that
	// holds the segment (busy) advances it; others read it under mu.
	index uint32
	busy  bool
	// in and addresses generate the reference indexes of the
	// data-independent first half of the first pass (RFC 9106 §3.4.1.2).
	in, addresses block
}

// start prepares the segments of slice of pass n, as x/crypto's
// processSegment does at its start.
func (w *sliceWork) start(n, slice uint32) {
	w.n, w.slice = n, slice
	var zero block
	for lane := range w.segs {
		sg := &w.segs[lane]
		*sg = segment{lane: uint32(lane)}
		if n == 0 && slice < syncPoints/2 {
			sg.in[0] = uint64(n)
			sg.in[1] = uint64(lane)
			sg.in[2] = uint64(slice)
			sg.in[3] = uint64(w.memory)
			sg.in[4] = uint64(w.time)
			sg.in[5] = uint64(argon2id)
		}
		if n == 0 && slice == 0 {
			sg.index = 2 // initBlocks made the first two blocks
			sg.in[6]++
			processBlock(&sg.addresses, &sg.in, &zero)
			processBlock(&sg.addresses, &sg.addresses, &zero)
		}
	}
}

// run is one worker's part of the computation: its share of every slice
// of every pass. The last worker to finish a slice prepares the next one
// before the barrier lets the others into it.
func (w *sliceWork) run() {
	steps := w.time * syncPoints
	for step := uint32(0); step < steps; step++ {
		w.barrier.wait(step)
		w.work()
		if !w.barrier.arrive() {
			continue
		}
		if next := step + 1; next < steps {
			w.start(next/syncPoints, next%syncPoints)
		}
		w.barrier.open(step + 1)
	}
}

// work computes chunks of the slice's segments until none is left that
// another worker is not computing.
func (w *sliceWork) work() {
	for {
		sg := w.take()
		if sg == nil {
			return
		}
		w.compute(sg, min(sg.index+chunkBlocks, w.segments))
		w.mu.Lock()
		sg.busy = false
		w.mu.Unlock()
	}
}

// take reserves the free unfinished segment that is furthest behind, or
// returns nil.
func (w *sliceWork) take() *segment {
	w.mu.Lock()
	defer w.mu.Unlock()
	var next *segment
	for i := range w.segs {
		sg := &w.segs[i]
		if !sg.busy && sg.index < w.segments && (next == nil || sg.index < next.index) {
			next = sg
		}
	}
	if next != nil {
		next.busy = true
	}
	return next
}

// compute computes sg's blocks up to until, exclusive: the loop of
// x/crypto's processSegment.
func (w *sliceWork) compute(sg *segment, until uint32) {
	var zero block
	B := w.B
	dataIndependent := w.n == 0 && w.slice < syncPoints/2
	offset := sg.lane*w.lanes + w.slice*w.segments + sg.index
	for ; sg.index < until; sg.index, offset = sg.index+1, offset+1 {
		prev := offset - 1
		if sg.index == 0 && w.slice == 0 {
			prev += w.lanes // last block in lane
		}
		var random uint64
		if dataIndependent {
			if sg.index%blockLength == 0 {
				sg.in[6]++
				processBlock(&sg.addresses, &sg.in, &zero)
				processBlock(&sg.addresses, &sg.addresses, &zero)
			}
			random = sg.addresses[sg.index%blockLength]
		} else {
			random = B[prev][0]
		}
		newOffset := indexAlpha(random, w.lanes, w.segments, w.threads, w.n, w.slice, sg.lane, sg.index)
		// The first pass writes each block without reading it (RFC 9106
		// §3.2, step 5); x/crypto XORs into memory it knows is zero,
		// which a reused Memory is not.
		if w.n == 0 {
			processBlock(&B[offset], &B[prev], &B[newOffset])
		} else {
			processBlockXOR(&B[offset], &B[prev], &B[newOffset])
		}
	}
}
