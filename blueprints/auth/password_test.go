package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cheapParams keep tests fast; only TestPasswordPythonVectors uses the real
// defaults.
func cheapParams() Argon2Params {
	return Argon2Params{MemoryKiB: 1024, Iterations: 1, Parallelism: 1, KeyLength: 32, SaltLength: 16}
}

func mustHash(t *testing.T, h *PasswordHasher, pw string) string {
	t.Helper()
	encoded, err := h.Hash(context.Background(), pw)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	return encoded
}

func TestPasswordHashRoundTrip(t *testing.T) {
	h := NewPasswordHasher(cheapParams(), 2)
	ctx := context.Background()
	for _, pw := range []string{"hunter2hunter2", "pässwörd-日本語-🔑", strings.Repeat("x", 128)} {
		t.Run(pw[:8], func(t *testing.T) {
			encoded := mustHash(t, h, pw)
			prefix := "$argon2id$v=19$m=1024,t=1,p=1$"
			rest, ok := strings.CutPrefix(encoded, prefix)
			if !ok {
				t.Fatalf("Hash = %q, want prefix %q", encoded, prefix)
			}
			salt, key, _ := strings.Cut(rest, "$")
			if len(salt) != 22 || len(key) != 43 || strings.ContainsAny(rest, "=-_") {
				t.Errorf("salt %q and hash %q: want 22 and 43 characters of unpadded standard base64", salt, key)
			}
			if again := mustHash(t, h, pw); again == encoded {
				t.Errorf("two hashes of one password are equal (%q): the salt is not random", encoded)
			}
			tests := []struct {
				password string
				want     bool
			}{
				{pw, true},
				{pw + " ", false},
				{strings.ToUpper(pw), false},
				{"", false},
			}
			for _, tt := range tests {
				got, err := h.Verify(ctx, tt.password, encoded)
				if err != nil || got != tt.want {
					t.Errorf("Verify(%q) = %v, %v; want %v, nil", tt.password, got, err, tt.want)
				}
			}
		})
	}
}

func TestPasswordVerifyUsesParamsFromHash(t *testing.T) {
	other := Argon2Params{MemoryKiB: 2048, Iterations: 2, Parallelism: 2, KeyLength: 16, SaltLength: 8}
	encoded := mustHash(t, NewPasswordHasher(other, 1), "correct horse")
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=2048,t=2,p=2$") {
		t.Fatalf("Hash = %q", encoded)
	}
	h := NewPasswordHasher(cheapParams(), 1)
	for pw, want := range map[string]bool{"correct horse": true, "correct horsE": false} {
		got, err := h.Verify(context.Background(), pw, encoded)
		if err != nil || got != want {
			t.Errorf("Verify(%q) with other params = %v, %v; want %v, nil", pw, got, err, want)
		}
	}
	p, _, _, err := parsePHC(encoded)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(other, p); diff != "" {
		t.Errorf("parsed params (-want +got):\n%s", diff)
	}
}

func TestPasswordVerifyRejectsMalformed(t *testing.T) {
	const salt, key = "MDEyMzQ1Njc4OWFiY2RlZg", "Dm7U5gJFpg1h82nRBGfPb9a7swJU908yzBquL1Zs7rY"
	tests := []struct{ name, encoded string }{
		{"empty (account without password)", ""},
		{"plain text", "hunter2hunter2"},
		{"bcrypt", "$2b$12$KIXQJf3Zl1b0p5Z8qQ7cUeWcQe6QxJ2Yq8l6F1gU6rJ1yYJ8bQb1K"},
		{"argon2i", "$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$" + key},
		{"argon2d", "$argon2d$v=19$m=1024,t=1,p=1$" + salt + "$" + key},
		{"version 16", "$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + key},
		{"no version", "$argon2id$m=1024,t=1,p=1$" + salt + "$" + key},
		{"params out of order", "$argon2id$v=19$t=1,m=1024,p=1$" + salt + "$" + key},
		{"extra param", "$argon2id$v=19$m=1024,t=1,p=1,data=eA$" + salt + "$" + key},
		{"missing param", "$argon2id$v=19$m=1024,t=1$" + salt + "$" + key},
		{"zero iterations", "$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + key},
		{"zero parallelism", "$argon2id$v=19$m=1024,t=1,p=0$" + salt + "$" + key},
		{"parallelism overflows", "$argon2id$v=19$m=1024,t=1,p=256$" + salt + "$" + key},
		{"memory below 8 KiB per lane", "$argon2id$v=19$m=16,t=1,p=4$" + salt + "$" + key},
		{"memory overflows", "$argon2id$v=19$m=4294967296,t=1,p=1$" + salt + "$" + key},
		{"leading zero", "$argon2id$v=19$m=01024,t=1,p=1$" + salt + "$" + key},
		{"plus sign", "$argon2id$v=19$m=+1024,t=1,p=1$" + salt + "$" + key},
		{"padded salt", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "==$" + key},
		{"url-safe alphabet", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$-" + key[1:]},
		{"salt too short", "$argon2id$v=19$m=1024,t=1,p=1$MDEy$" + key},
		{"hash too short", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$AAA"},
		{"missing hash", "$argon2id$v=19$m=1024,t=1,p=1$" + salt},
		{"trailing field", "$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$" + key + "$"},
	}
	h := NewPasswordHasher(cheapParams(), 1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := h.Verify(context.Background(), "hunter2hunter2", tt.encoded)
			if ok || !errors.Is(err, ErrUnsupportedHash) {
				t.Errorf("Verify(%q) = %v, %v; want false, ErrUnsupportedHash", tt.encoded, ok, err)
			}
		})
	}
}

func TestCheckPasswordLength(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want error
	}{
		{"empty", "", ErrPasswordTooShort},
		{"7 ascii", "1234567", ErrPasswordTooShort},
		{"8 ascii", "12345678", nil},
		// 8 code points but 16 bytes: counted as characters, as Python does.
		{"8 two-byte runes", strings.Repeat("é", 8), nil},
		{"7 four-byte runes (28 bytes)", strings.Repeat("🔑", 7), ErrPasswordTooShort},
		{"128 ascii", strings.Repeat("a", 128), nil},
		{"129 ascii", strings.Repeat("a", 129), ErrPasswordTooLong},
		{"128 two-byte runes (256 bytes)", strings.Repeat("é", 128), nil},
		{"129 two-byte runes", strings.Repeat("é", 129), ErrPasswordTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckPasswordLength(tt.pw); !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("CheckPasswordLength = %v, want %v", err, tt.want)
			}
		})
	}
}

// waitFor receives from ch or fails the test after a generous delay, so a
// broken semaphore fails instead of hanging the test binary.
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestPasswordHasherBoundsConcurrency(t *testing.T) {
	const limit, callers = 2, 6
	h := NewPasswordHasher(cheapParams(), limit)
	var inside, most atomic.Int32
	held := make(chan struct{}, callers)
	busy := make(chan struct{}, callers)
	release := make(chan struct{})
	h.slotBusy = func() { busy <- struct{}{} }
	h.slotHeld = func() {
		n := inside.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		held <- struct{}{}
		<-release
		inside.Add(-1)
	}

	var wg sync.WaitGroup
	results := make([]string, callers)
	errs := make([]error, callers)
	for i := range callers {
		wg.Go(func() { results[i], errs[i] = h.Hash(context.Background(), "password") })
	}
	// The first two callers hold the slots; every other caller must find
	// them taken. With a larger (or no) bound the busy signals never come.
	for range limit {
		waitFor(t, held, "a caller to take a slot")
	}
	for i := range callers - limit {
		waitFor(t, busy, fmt.Sprintf("waiting caller %d of %d to find the slots busy", i+1, callers-limit))
	}
	if n := inside.Load(); n != limit {
		t.Errorf("%d callers inside with %d slots", n, limit)
	}
	close(release)
	wg.Wait()
	h.slotHeld, h.slotBusy = nil, nil
	if n := most.Load(); n != limit {
		t.Errorf("at most %d callers were inside at once, want exactly %d", n, limit)
	}
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("Hash %d: %v", i, errs[i])
		}
		if ok, err := h.Verify(context.Background(), "password", results[i]); !ok || err != nil {
			t.Errorf("Verify(hash %d) = %v, %v", i, ok, err)
		}
	}
}

func TestPasswordHasherContextWhileWaiting(t *testing.T) {
	h := NewPasswordHasher(cheapParams(), 1)
	encoded := mustHash(t, h, "password")
	calls := []struct {
		name string
		call func(ctx context.Context) error
	}{
		{"Hash", func(ctx context.Context) error { _, err := h.Hash(ctx, "password"); return err }},
		{"Verify", func(ctx context.Context) error { _, err := h.Verify(ctx, "password", encoded); return err }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			held := make(chan struct{})
			busy := make(chan struct{}, 1)
			release := make(chan struct{})
			h.slotHeld = func() { close(held); <-release }
			h.slotBusy = func() { busy <- struct{}{} }
			t.Cleanup(func() { h.slotHeld, h.slotBusy = nil, nil })

			holder := make(chan error, 1)
			go func() { _, err := h.Hash(context.Background(), "holder"); holder <- err }()
			waitFor(t, held, "the holder to take the only slot")

			ctx, cancel := context.WithCancel(context.Background())
			waiter := make(chan error, 1)
			go func() { waiter <- tc.call(ctx) }()
			waitFor(t, busy, "the second caller to wait")
			cancel()
			select {
			case err := <-waiter:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("%s while waiting, then cancelled: %v, want context.Canceled", tc.name, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s did not return after its context was cancelled", tc.name)
			}
			close(release)
			if err := <-holder; err != nil {
				t.Errorf("holder: %v", err)
			}
		})
	}
}

func TestPasswordVerifyDummy(t *testing.T) {
	h := NewPasswordHasher(cheapParams(), 1)
	var computations atomic.Int32
	h.slotHeld = func() { computations.Add(1) }
	h.VerifyDummy(context.Background(), "password")
	first := h.dummy
	h.VerifyDummy(context.Background(), "another password")
	if n := computations.Load(); n != 2 {
		t.Errorf("two VerifyDummy calls ran %d Argon2id computations, want 2", n)
	}
	if h.dummy != first {
		t.Errorf("dummy hash changed between calls: %q, then %q", first, h.dummy)
	}
	if p, _, _, err := parsePHC(first); err != nil || p != h.params {
		t.Errorf("dummy hash %q does not use the hasher's params", first)
	}
	other := NewPasswordHasher(cheapParams(), 1)
	other.VerifyDummy(context.Background(), "x")
	if other.dummy == first {
		t.Errorf("two hashers share a dummy hash")
	}
}

func TestDefaultHashSlots(t *testing.T) {
	lanes := func(p uint8) Argon2Params {
		a := DefaultArgon2Params()
		a.Parallelism = p
		return a
	}
	for _, tc := range []struct {
		lanes uint8
		procs int
		want  int
	}{
		{4, 1, 1}, {4, 2, 1}, {4, 4, 1}, {4, 5, 2}, {4, 8, 2}, {4, 64, 16},
		{1, 1, 1}, {1, 2, 2}, {1, 8, 8},
		{8, 2, 1}, {2, 3, 2},
		{4, 0, 1}, // never zero slots
	} {
		if got := DefaultHashSlots(lanes(tc.lanes), tc.procs); got != tc.want {
			t.Errorf("DefaultHashSlots(p=%d, %d procs) = %d, want %d", tc.lanes, tc.procs, got, tc.want)
		}
	}
}

func TestNewPasswordHasher(t *testing.T) {
	// cheapParams have one lane, so the default is one slot per core.
	if got, want := NewPasswordHasher(cheapParams(), 0).MaxConcurrent(), runtime.GOMAXPROCS(0); got != want {
		t.Errorf("maxConcurrent 0 gives %d slots, want GOMAXPROCS = %d", got, want)
	}
	if got := NewPasswordHasher(cheapParams(), 3).MaxConcurrent(); got != 3 {
		t.Errorf("maxConcurrent 3 gives %d slots", got)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("NewPasswordHasher with zero iterations did not panic")
		}
	}()
	NewPasswordHasher(Argon2Params{MemoryKiB: 1024, Parallelism: 1, KeyLength: 32, SaltLength: 16}, 1)
}

type argon2Vector struct {
	Name     string `json:"name"`
	Password string `json:"password"`
	Salt     string `json:"salt"`
	Encoded  string `json:"encoded"`
}

// TestPasswordPythonVectors checks, with the real default parameters, that
// hashes made by argon2-cffi verify here and that this package reproduces
// the reference hash byte for byte (testdata/make_vectors.py).
func TestPasswordPythonVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/argon2_vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Vectors []argon2Vector `json:"vectors"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Vectors) < 3 {
		t.Fatalf("only %d vectors in testdata/argon2_vectors.json", len(file.Vectors))
	}
	h := NewPasswordHasher(DefaultArgon2Params(), 0)
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			ok, err := h.Verify(context.Background(), v.Password, v.Encoded)
			if err != nil || !ok {
				t.Errorf("Verify(%q, %q) = %v, %v; want true", v.Password, v.Encoded, ok, err)
			}
			if v.Salt == "" {
				return
			}
			if got := h.hashWithSalt(v.Password, []byte(v.Salt)); got != v.Encoded {
				t.Errorf("hash with salt %q:\n got %s\nwant %s", v.Salt, got, v.Encoded)
			}
			if ok, err := h.Verify(context.Background(), v.Password+"!", v.Encoded); ok || err != nil {
				t.Errorf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
			}
		})
	}
}
