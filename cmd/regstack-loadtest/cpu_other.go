//go:build !unix

package main

import (
	"errors"
	"time"
)

// processCPU is not available here; the hash limit then falls back to the
// wall time of one hash.
func processCPU() (time.Duration, error) {
	return 0, errors.New("process CPU time is not available on this system")
}
