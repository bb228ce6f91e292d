// Copyright 2017 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package argon2id computes Argon2id (RFC 9106, version 0x13) in working
// memory the caller keeps from one computation to the next.
//
// It is golang.org/x/crypto/argon2 (v0.59.0) reduced to Argon2id. The main
// change: x/crypto allocates a fresh array of memory KiB for every call
// (64 MiB with the usual parameters), garbage as soon as the call returns.
// A server hashing passwords then spends part of every hash zeroing that
// array or faulting its pages back in, and the garbage waits for the
// collector, so the process holds about two arrays per computation in
// flight. Here a Memory is overwritten by the next computation instead.
// The Go issue golang/go#36634 asks x/crypto for such an API; until it has
// one, this copy follows x/crypto's code but for that, for how the lanes
// are spread over the cores (segment.go, barrier.go) and for asking Linux
// for huge pages under the array (hugepages_linux.go), and argon2id_test.go
// checks its keys against x/crypto's IDKey.
package argon2id

import (
	"encoding/binary"
	"runtime"
	"sync"

	"golang.org/x/crypto/blake2b"
)

// version is the Argon2 version this package implements (0x13).
const version = 0x13

// argon2id is Argon2id's type number in the initial hash.
const argon2id = 2

const (
	blockLength = 128
	syncPoints  = 4
)

type block [blockLength]uint64

// Memory is the working memory of one Argon2id computation at a time,
// reused by the next: a computation overwrites every block it reads, so
// what the previous one left is never used. The zero Memory is empty and
// grows on first use. A Memory is not safe for concurrent use.
//
// On Linux the kernel is asked to back a Memory with transparent huge pages
// (hugepages_linux.go); its owner calls Release when it is done with it.
type Memory struct {
	blocks []block
}

// Release lets the garbage collector have m's array, after taking back the
// huge-page advice on it: the heap reuses the range later for objects that
// did not ask for huge pages. m is empty afterwards and grows again on its
// next use. A Memory dropped without Release is still collected; only the
// advice stays on its range.
func (m *Memory) Release() {
	if m.blocks == nil {
		return
	}
	unadviseHugePages(m.blocks)
	m.blocks = nil
}

// IDKey derives a key of keyLen bytes from password and salt exactly as
// golang.org/x/crypto/argon2.IDKey(password, salt, time, memory, threads,
// keyLen) does, computing in m. m grows to memory KiB if it is smaller and
// keeps that size. It panics if time or threads is zero, as x/crypto does.
func (m *Memory) IDKey(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte {
	if time < 1 {
		panic("argon2id: number of rounds too small")
	}
	if threads < 1 {
		panic("argon2id: parallelism degree too low")
	}
	h0 := initHash(password, salt, time, memory, uint32(threads), keyLen)

	memory = memory / (syncPoints * uint32(threads)) * (syncPoints * uint32(threads))
	if memory < 2*syncPoints*uint32(threads) {
		memory = 2 * syncPoints * uint32(threads)
	}
	if uint32(len(m.blocks)) < memory {
		m.Release()
		m.blocks = make([]block, memory)
		adviseHugePages(m.blocks)
	}
	B := m.blocks[:memory]
	initBlocks(B, &h0, memory, uint32(threads))
	processBlocks(B, time, memory, uint32(threads))
	return extractKey(B, memory, uint32(threads), keyLen)
}

func initHash(password, salt []byte, time, memory, threads, keyLen uint32) [blake2b.Size + 8]byte {
	var (
		h0     [blake2b.Size + 8]byte
		params [24]byte
		tmp    [4]byte
	)

	b2, _ := blake2b.New512(nil)
	binary.LittleEndian.PutUint32(params[0:4], threads)
	binary.LittleEndian.PutUint32(params[4:8], keyLen)
	binary.LittleEndian.PutUint32(params[8:12], memory)
	binary.LittleEndian.PutUint32(params[12:16], time)
	binary.LittleEndian.PutUint32(params[16:20], version)
	binary.LittleEndian.PutUint32(params[20:24], argon2id)
	b2.Write(params[:])
	binary.LittleEndian.PutUint32(tmp[:], uint32(len(password)))
	b2.Write(tmp[:])
	b2.Write(password)
	binary.LittleEndian.PutUint32(tmp[:], uint32(len(salt)))
	b2.Write(tmp[:])
	b2.Write(salt)
	// No secret key and no associated data: two zero lengths.
	binary.LittleEndian.PutUint32(tmp[:], 0)
	b2.Write(tmp[:])
	b2.Write(tmp[:])
	b2.Sum(h0[:0])
	return h0
}

// initBlocks writes the first two blocks of every lane of B.
func initBlocks(B []block, h0 *[blake2b.Size + 8]byte, memory, threads uint32) {
	var block0 [1024]byte
	for lane := uint32(0); lane < threads; lane++ {
		j := lane * (memory / threads)
		binary.LittleEndian.PutUint32(h0[blake2b.Size+4:], lane)

		binary.LittleEndian.PutUint32(h0[blake2b.Size:], 0)
		blake2bHash(block0[:], h0[:])
		for i := range B[j+0] {
			B[j+0][i] = binary.LittleEndian.Uint64(block0[i*8:])
		}

		binary.LittleEndian.PutUint32(h0[blake2b.Size:], 1)
		blake2bHash(block0[:], h0[:])
		for i := range B[j+1] {
			B[j+1][i] = binary.LittleEndian.Uint64(block0[i*8:])
		}
	}
}

// processBlocks fills B: time passes over the lanes, each pass in four
// slices, every lane's segment of a slice finished before the next slice
// starts (a block refers to other lanes' blocks of earlier slices only).
// Where x/crypto starts a goroutine per lane and segment, one worker per
// core takes chunks of the segments (sliceWork) for the whole computation,
// and the workers meet at a barrier between slices (stepBarrier).
func processBlocks(B []block, time, memory, threads uint32) {
	w := &sliceWork{
		B:        B,
		time:     time,
		memory:   memory,
		threads:  threads,
		lanes:    memory / threads,
		segments: memory / threads / syncPoints,
		segs:     make([]segment, threads),
	}
	workers := min(int(threads), runtime.GOMAXPROCS(0))
	w.barrier = newStepBarrier(workers)
	w.start(0, 0)
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run()
		}()
	}
	w.run()
	wg.Wait()
}

func extractKey(B []block, memory, threads, keyLen uint32) []byte {
	lanes := memory / threads
	for lane := uint32(0); lane < threads-1; lane++ {
		for i, v := range B[(lane*lanes)+lanes-1] {
			B[memory-1][i] ^= v
		}
	}

	var block [1024]byte
	for i, v := range B[memory-1] {
		binary.LittleEndian.PutUint64(block[i*8:], v)
	}
	key := make([]byte, keyLen)
	blake2bHash(key, block[:])
	return key
}

func indexAlpha(rand uint64, lanes, segments, threads, n, slice, lane, index uint32) uint32 {
	refLane := uint32(rand>>32) % threads
	if n == 0 && slice == 0 {
		refLane = lane
	}
	m, s := 3*segments, ((slice+1)%syncPoints)*segments
	if lane == refLane {
		m += index
	}
	if n == 0 {
		m, s = slice*segments, 0
		if slice == 0 || lane == refLane {
			m += index
		}
	}
	if index == 0 || lane == refLane {
		m--
	}
	return phi(rand, uint64(m), uint64(s), refLane, lanes)
}

func phi(rand, m, s uint64, lane, lanes uint32) uint32 {
	p := rand & 0xFFFFFFFF
	p = (p * p) >> 32
	p = (p * m) >> 32
	return lane*lanes + uint32((s+m-(p+1))%uint64(lanes))
}
