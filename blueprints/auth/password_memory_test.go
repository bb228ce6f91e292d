package auth

import (
	"context"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// TestHasherReusesMemory checks that computations reuse the memory of
// finished ones, that a reused array (full of the previous hash) gives the
// same key as x/crypto's fresh one, and that no more arrays are kept than
// there are slots however many callers hash at once.
func TestHasherReusesMemory(t *testing.T) {
	ctx := context.Background()
	p := cheapParams()
	h := NewPasswordHasher(p, 2)
	salt := []byte("0123456789abcdef")
	first := h.hashWithSaltInSlot(t, "first password", salt)
	if len(h.memory) != 1 {
		t.Fatalf("after one hash %d arrays kept, want 1", len(h.memory))
	}
	kept := <-h.memory
	h.memory <- kept
	second := h.hashWithSaltInSlot(t, "second password", salt)
	if got := <-h.memory; got != kept {
		t.Errorf("the second hash did not reuse the first one's memory")
	} else {
		h.memory <- got
	}
	for pw, encoded := range map[string]string{"first password": first, "second password": second} {
		want := encodePHC(p, salt, argon2.IDKey([]byte(pw), salt, p.Iterations, p.MemoryKiB, p.Parallelism, p.KeyLength))
		if encoded != want {
			t.Errorf("%s: %s, x/crypto %s", pw, encoded, want)
		}
	}

	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := h.Hash(ctx, "correct horse battery"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := len(h.memory); n < 1 || n > 2 {
		t.Errorf("after 20 concurrent hashes with 2 slots, %d arrays kept, want 1 or 2", n)
	}
}

// hashWithSaltInSlot is hashWithSalt with a slot held, as Hash runs it.
func (h *PasswordHasher) hashWithSaltInSlot(t *testing.T, password string, salt []byte) string {
	t.Helper()
	if err := h.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer h.release()
	return h.hashWithSalt(password, salt)
}

// TestHasherKeepsOnlyItsOwnSize checks that verifying a hash made with
// other parameters leaves the kept memory alone: its array is the
// verification's own and is not kept.
func TestHasherKeepsOnlyItsOwnSize(t *testing.T) {
	ctx := context.Background()
	other := cheapParams()
	other.MemoryKiB *= 2
	encoded := mustHash(t, NewPasswordHasher(other, 1), "pw-other-size")
	h := NewPasswordHasher(cheapParams(), 1)
	ok, err := h.Verify(ctx, "pw-other-size", encoded)
	if err != nil || !ok {
		t.Fatalf("Verify = %v, %v; want true", ok, err)
	}
	if len(h.memory) != 0 {
		t.Errorf("verifying another size kept %d arrays, want 0", len(h.memory))
	}
	mustHash(t, h, "own size")
	if len(h.memory) != 1 {
		t.Errorf("hashing with the hasher's own size kept %d arrays, want 1", len(h.memory))
	}
}

// TestHasherReleasesIdleMemory checks that the kept memory is let go once
// no computation has ended for releaseAfter.
func TestHasherReleasesIdleMemory(t *testing.T) {
	h := NewPasswordHasher(cheapParams(), 1)
	h.releaseAfter = 20 * time.Millisecond
	mustHash(t, h, "pw")
	deadline := time.Now().Add(10 * time.Second)
	for len(h.memory) != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("memory still kept %s after the last hash", 10*time.Second)
		}
		time.Sleep(5 * time.Millisecond)
	}
	// And the next computation makes a new array and keeps it again.
	again := mustHash(t, h, "pw")
	if ok, err := h.Verify(context.Background(), "pw", again); err != nil || !ok {
		t.Fatalf("Verify after the release = %v, %v", ok, err)
	}
	if len(h.memory) != 1 {
		t.Errorf("after the release and one more hash, %d arrays kept, want 1", len(h.memory))
	}
}
