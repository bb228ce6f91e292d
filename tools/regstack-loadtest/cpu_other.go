//go:build !unix

package main

import (
	"errors"
	"time"
)

// processCPU is not available here; CPU figures are then left out.
func processCPU() (user, sys time.Duration, err error) {
	return 0, 0, errors.New("process CPU time is not available on this system")
}
