package auth

import "sync"

// senderSlot holds a replaceable message transport (email now, SMS later).
// Request handlers read it on every send while the host may swap it at any
// time, so reads and writes go through a lock. The zero value holds the
// zero T and is ready to use; a senderSlot must not be copied after use.
type senderSlot[T any] struct {
	mu sync.RWMutex
	v  T
}

// load returns the current transport.
func (s *senderSlot[T]) load() T {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.v
}

// store replaces the transport; sends already in flight finish on the old
// one.
func (s *senderSlot[T]) store(v T) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.v = v
}
