package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/regstack/regstack-gen/blueprints/auth/internal/argon2id"
)

// MinPasswordLength and MaxPasswordLength bound a new password, counted in
// Unicode code points as the Python library counts them.
const (
	MinPasswordLength = 8
	MaxPasswordLength = 128
)

var (
	// ErrPasswordTooShort is returned by CheckPasswordLength for a password
	// of fewer than MinPasswordLength characters.
	ErrPasswordTooShort = errors.New("password is too short")
	// ErrPasswordTooLong is returned by CheckPasswordLength for a password
	// of more than MaxPasswordLength characters.
	ErrPasswordTooLong = errors.New("password is too long")
	// ErrUnsupportedHash is returned by Verify for a stored hash that is not
	// an Argon2id (version 19) PHC string.
	ErrUnsupportedHash = errors.New("unsupported password hash")
)

// CheckPasswordLength reports whether pw has an acceptable length. It counts
// code points, not bytes, so "éééééééé" is eight characters long.
func CheckPasswordLength(pw string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return ErrPasswordTooShort
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	return nil
}

// Argon2Params are the Argon2id cost parameters and output sizes.
type Argon2Params struct {
	MemoryKiB   uint32
	Iterations  uint32
	Parallelism uint8
	KeyLength   uint32
	SaltLength  uint32
}

// DefaultArgon2Params returns the parameters argon2-cffi's PasswordHasher
// uses by default (the RFC 9106 low-memory profile), so hashes made by the
// Python library and by this package are interchangeable.
func DefaultArgon2Params() Argon2Params {
	return Argon2Params{MemoryKiB: 64 * 1024, Iterations: 3, Parallelism: 4, KeyLength: 32, SaltLength: 16}
}

// validate rejects parameters Argon2id would panic on or that could not
// come from a real hash.
func (p Argon2Params) validate() error {
	switch {
	case p.Iterations < 1:
		return errors.New("iterations must be at least 1")
	case p.Parallelism < 1:
		return errors.New("parallelism must be at least 1")
	case p.MemoryKiB < 8*uint32(p.Parallelism):
		return errors.New("memory must be at least 8 KiB per lane")
	case p.KeyLength < 4:
		return errors.New("key length must be at least 4 bytes")
	case p.SaltLength < 8:
		return errors.New("salt length must be at least 8 bytes")
	}
	return nil
}

// PasswordHasher hashes and verifies passwords with Argon2id.
//
// Each computation works in MemoryKiB of memory, so the hasher lets at most
// maxConcurrent of them run at once and makes the rest wait: the memory in
// use for hashing is bounded by maxConcurrent × MemoryKiB (64 MiB each with
// the defaults) however many logins arrive together. A computation reuses
// the memory of a finished one (internal/argon2id says why), so a busy
// server holds at most those arrays; a minute after the last computation
// ended the hasher lets them go, so an idle server gives them back.
// Verify takes its parameters from the stored hash, so a hash made with
// larger parameters costs what those parameters say, in memory of its own.
type PasswordHasher struct {
	params Argon2Params
	// slots is a counting semaphore: a computation holds one element.
	slots chan struct{}
	// memory holds the working memory of finished computations with
	// params, at most one per slot, for the next computation to reuse.
	memory chan *argon2id.Memory
	// releaseAfter is how long memory is kept without a computation
	// finishing; releaseTimer then empties it (releaseMemory), so an idle
	// server gives the arrays back to the collector.
	releaseAfter time.Duration
	releaseMu    sync.Mutex
	releaseTimer *time.Timer

	// dummy is a hash of nothing in particular with the hasher's own
	// parameters, made on first use by VerifyDummy.
	dummyOnce sync.Once
	dummy     string

	// Test hooks, nil in production: slotBusy runs when a caller finds every
	// slot taken and is about to wait; slotHeld runs while a caller holds a
	// slot, before the Argon2id computation.
	slotBusy func()
	slotHeld func()
}

// NewPasswordHasher returns a hasher that makes new hashes with p and runs
// at most maxConcurrent Argon2id computations at once (DefaultHashSlots
// when maxConcurrent <= 0). It panics if p is unusable (for example zero
// iterations), which is a configuration error.
func NewPasswordHasher(p Argon2Params, maxConcurrent int) *PasswordHasher {
	if err := p.validate(); err != nil {
		panic("auth: NewPasswordHasher: " + err.Error())
	}
	if maxConcurrent <= 0 {
		maxConcurrent = DefaultHashSlots(p, runtime.GOMAXPROCS(0))
	}
	return &PasswordHasher{
		params:       p,
		slots:        make(chan struct{}, maxConcurrent),
		memory:       make(chan *argon2id.Memory, maxConcurrent),
		releaseAfter: time.Minute,
	}
}

// DefaultHashSlots is how many computations with p run at once by default
// on procs cores: enough to give every core a lane, ⌈procs ÷ lanes⌉, and
// no more. One computation already runs its p lanes on p goroutines, so
// with the default p = 4 one at a time keeps up to four cores busy. A
// second slot costs another MemoryKiB array (64 MiB) held while logins
// come, and two computations at once compete for the memory bus: on the
// 2-core machines measured it changed the throughput by between -22% and
// +6% (regstack-gen's docs/performance.md). Hosts whose core count does not
// divide the lanes evenly, or that measured a gain, set
// max_concurrent_hashes.
func DefaultHashSlots(p Argon2Params, procs int) int {
	lanes := max(int(p.Parallelism), 1)
	return max((procs+lanes-1)/lanes, 1)
}

// MaxConcurrent is how many Argon2id computations the hasher runs at once.
func (h *PasswordHasher) MaxConcurrent() int { return cap(h.slots) }

// Params returns the parameters new hashes are made with.
func (h *PasswordHasher) Params() Argon2Params { return h.params }

// Hash returns the PHC string of password with a fresh random salt, for
// example "$argon2id$v=19$m=65536,t=3,p=4$<salt>$<hash>". It waits for a
// free slot and returns ctx.Err() if ctx ends first.
func (h *PasswordHasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, h.params.SaltLength)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: password salt: %w", err)
	}
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return h.hashWithSalt(password, salt), nil
}

// hashWithSalt computes the PHC string of password and salt with the
// hasher's parameters, outside the semaphore.
func (h *PasswordHasher) hashWithSalt(password string, salt []byte) string {
	return encodePHC(h.params, salt, h.idKey(h.params, password, salt))
}

// Verify reports whether password matches encoded, a PHC string made by this
// package or by the Python library with any parameters. It returns
// ErrUnsupportedHash for anything else, and ctx.Err() if ctx ends while it
// waits for a slot.
func (h *PasswordHasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	p, salt, want, err := parsePHC(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := h.idKey(p, password, salt)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyDummy does the work of one Verify with the hasher's parameters and
// discards the result. Login calls it for an unknown email so that the
// response time does not reveal which accounts exist.
func (h *PasswordHasher) VerifyDummy(ctx context.Context, password string) {
	h.dummyOnce.Do(func() {
		// Random bytes in place of a real hash are enough: Verify's cost
		// depends only on the parameters, and nothing must ever match.
		salt := make([]byte, h.params.SaltLength)
		key := make([]byte, h.params.KeyLength)
		_, _ = rand.Read(salt)
		_, _ = rand.Read(key)
		h.dummy = encodePHC(h.params, salt, key)
	})
	_, _ = h.Verify(ctx, password, h.dummy)
}

// idKey computes the Argon2id key of password and salt with p, in the
// memory of a finished computation when p's memory size is the hasher's
// own. The caller holds a slot.
func (h *PasswordHasher) idKey(p Argon2Params, password string, salt []byte) []byte {
	if p.MemoryKiB != h.params.MemoryKiB || p.Parallelism != h.params.Parallelism {
		// A hash made with other parameters: memory of its own, garbage
		// afterwards, so that the kept arrays are all of one size.
		var m argon2id.Memory
		defer m.Release()
		return m.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLength)
	}
	var m *argon2id.Memory
	select {
	case m = <-h.memory:
	default:
		m = new(argon2id.Memory)
	}
	defer h.keepMemory(m)
	return m.IDKey([]byte(password), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLength)
}

// keepMemory keeps m for the next computation and restarts the countdown
// to releasing the kept memory. There is room for m: a slot's computation
// takes at most one array and gives back the one it took or made.
func (h *PasswordHasher) keepMemory(m *argon2id.Memory) {
	select {
	case h.memory <- m:
	default:
		m.Release()
	}
	h.releaseMu.Lock()
	defer h.releaseMu.Unlock()
	if h.releaseTimer == nil {
		h.releaseTimer = time.AfterFunc(h.releaseAfter, h.releaseMemory)
	} else {
		h.releaseTimer.Reset(h.releaseAfter)
	}
}

// releaseMemory drops the kept memory. A computation running meanwhile
// keeps its own array and gives it back when it ends.
func (h *PasswordHasher) releaseMemory() {
	for {
		select {
		case m := <-h.memory:
			m.Release()
		default:
			return
		}
	}
}

// acquire takes a slot, waiting until one is free or ctx ends.
func (h *PasswordHasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
	default:
		if h.slotBusy != nil {
			h.slotBusy()
		}
		select {
		case h.slots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if h.slotHeld != nil {
		h.slotHeld()
	}
	return nil
}

func (h *PasswordHasher) release() { <-h.slots }

// phcPrefix is the only algorithm and version this package reads or writes.
const phcPrefix = "$argon2id$v=19$"

// phcBase64 is the PHC string encoding: the standard alphabet without
// padding. Strict rejects encodings with stray low bits, which no real hash
// has.
var phcBase64 = base64.RawStdEncoding.Strict()

func encodePHC(p Argon2Params, salt, key []byte) string {
	return fmt.Sprintf("%sm=%d,t=%d,p=%d$%s$%s", phcPrefix, p.MemoryKiB, p.Iterations, p.Parallelism,
		phcBase64.EncodeToString(salt), phcBase64.EncodeToString(key))
}

// parsePHC splits "$argon2id$v=19$m=M,t=T,p=P$salt$hash" into its parts.
// Every failure wraps ErrUnsupportedHash.
func parsePHC(encoded string) (Argon2Params, []byte, []byte, error) {
	fail := func(why string) (Argon2Params, []byte, []byte, error) {
		return Argon2Params{}, nil, nil, fmt.Errorf("%w: %s", ErrUnsupportedHash, why)
	}
	rest, ok := strings.CutPrefix(encoded, phcPrefix)
	if !ok {
		return fail("not an $argon2id$v=19$ string")
	}
	fields := strings.Split(rest, "$")
	if len(fields) != 3 {
		return fail("want parameters, salt and hash")
	}
	var p Argon2Params
	m, t, par, ok := cutParams(fields[0])
	if !ok {
		return fail("malformed parameters")
	}
	p.MemoryKiB, p.Iterations, p.Parallelism = m, t, par
	salt, err := phcBase64.DecodeString(fields[1])
	if err != nil {
		return fail("malformed salt")
	}
	key, err := phcBase64.DecodeString(fields[2])
	if err != nil {
		return fail("malformed hash")
	}
	p.SaltLength, p.KeyLength = uint32(len(salt)), uint32(len(key))
	if err := p.validate(); err != nil {
		return fail(err.Error())
	}
	return p, salt, key, nil
}

// cutParams parses "m=65536,t=3,p=4", in that order, as argon2 writes it.
func cutParams(s string) (m, t uint32, p uint8, ok bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return 0, 0, 0, false
	}
	var vals [3]uint64
	for i, name := range []string{"m=", "t=", "p="} {
		digits, found := strings.CutPrefix(parts[i], name)
		// Reject signs and leading zeros, which ParseUint would accept or
		// which make two spellings of one hash.
		if !found || digits == "" || digits[0] < '0' || digits[0] > '9' || (len(digits) > 1 && digits[0] == '0') {
			return 0, 0, 0, false
		}
		bits := 32
		if name == "p=" {
			bits = 8
		}
		v, err := strconv.ParseUint(digits, 10, bits)
		if err != nil {
			return 0, 0, 0, false
		}
		vals[i] = v
	}
	return uint32(vals[0]), uint32(vals[1]), uint8(vals[2]), true
}
