package argon2id

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestKnownAnswers checks the Argon2id vectors of the reference
// implementation (password "password", salt "somesalt"), with one Memory
// reused across them so every vector after the first starts from the
// previous one's leftovers.
func TestKnownAnswers(t *testing.T) {
	vectors := []struct {
		time, memory uint32
		threads      uint8
		hash         string
	}{
		{1, 64, 1, "655ad15eac652dc59f7170a7332bf49b8469be1fdb9c28bb"},
		{2, 64, 1, "068d62b26455936aa6ebe60060b0a65870dbfa3ddf8d41f7"},
		{2, 64, 2, "350ac37222f436ccb5c0972f1ebd3bf6b958bf2071841362"},
		{3, 256, 2, "4668d30ac4187e6878eedeacf0fd83c5a0a30db2cc16ef0b"},
		{4, 4096, 4, "145db9733a9f4ee43edf33c509be96b934d505a4efb33c5a"},
		{4, 1024, 8, "8dafa8e004f8ea96bf7c0f93eecf67a6047476143d15577f"},
		{2, 64, 3, "4a15b31aec7c2590b87d1f520be7d96f56658172deaa3079"},
		{3, 1024, 6, "1640b932f4b60e272f5d2207b9a9c626ffa1bd88d2349016"},
	}
	var m Memory
	for _, v := range vectors {
		want, err := hex.DecodeString(v.hash)
		if err != nil {
			t.Fatal(err)
		}
		got := m.IDKey([]byte("password"), []byte("somesalt"), v.time, v.memory, v.threads, uint32(len(want)))
		if !bytes.Equal(got, want) {
			t.Errorf("t=%d m=%d p=%d: got %x, want %x", v.time, v.memory, v.threads, got, want)
		}
	}
}

// TestMatchesXCrypto compares keys with golang.org/x/crypto/argon2.IDKey
// for random inputs and parameters, through one Memory that first holds
// random bytes and then whatever the previous computation left, with one,
// three and eight workers (GOMAXPROCS) sharing each slice's segments.
func TestMatchesXCrypto(t *testing.T) {
	for _, procs := range []int{1, 3, 8} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			matchXCrypto(t, uint64(procs))
		})
	}
}

func matchXCrypto(t *testing.T, seed uint64) {
	rng := rand.New(rand.NewPCG(1, seed))
	var m Memory
	m.blocks = make([]block, 4096)
	for i := range m.blocks {
		for j := range m.blocks[i] {
			m.blocks[i][j] = rng.Uint64()
		}
	}
	for i := range 40 {
		time := 1 + rng.Uint32N(3)
		threads := uint8(1 + rng.IntN(6))
		memory := 8*uint32(threads) + rng.Uint32N(3000)
		keyLen := 4 + rng.Uint32N(125)
		password := make([]byte, rng.IntN(40))
		salt := make([]byte, 8+rng.IntN(24))
		for _, b := range [][]byte{password, salt} {
			for k := range b {
				b[k] = byte(rng.Uint32())
			}
		}
		name := fmt.Sprintf("%d/t=%d,m=%d,p=%d,len=%d", i, time, memory, threads, keyLen)
		got := m.IDKey(password, salt, time, memory, threads, keyLen)
		want := argon2.IDKey(password, salt, time, memory, threads, keyLen)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: got %x, x/crypto %x", name, got, want)
		}
	}
}

// TestMemoryKeepsItsSize checks that a Memory grows to the largest
// computation it has run and is not allocated again for smaller ones.
func TestMemoryKeepsItsSize(t *testing.T) {
	var m Memory
	m.IDKey([]byte("pw"), []byte("saltsalt"), 1, 1024, 2, 32)
	first := &m.blocks[0]
	if len(m.blocks) != 1024 {
		t.Fatalf("after m=1024: %d blocks, want 1024", len(m.blocks))
	}
	m.IDKey([]byte("pw"), []byte("saltsalt"), 1, 256, 2, 32)
	if len(m.blocks) != 1024 || &m.blocks[0] != first {
		t.Fatalf("a smaller computation replaced the blocks (%d blocks)", len(m.blocks))
	}
	m.IDKey([]byte("pw"), []byte("saltsalt"), 1, 2048, 2, 32)
	if len(m.blocks) != 2048 {
		t.Fatalf("after m=2048: %d blocks, want 2048", len(m.blocks))
	}
}

// BenchmarkIDKey compares one reused Memory with x/crypto's fresh array
// per call at the default password parameters (m=64 MiB, t=3, p=4).
func BenchmarkIDKey(b *testing.B) {
	password, salt := []byte("password"), []byte("somesalt-somesalt")
	b.Run("reused", func(b *testing.B) {
		var m Memory
		b.ReportAllocs()
		for b.Loop() {
			m.IDKey(password, salt, 3, 64*1024, 4, 32)
		}
	})
	b.Run("x-crypto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			argon2.IDKey(password, salt, 3, 64*1024, 4, 32)
		}
	})
}
