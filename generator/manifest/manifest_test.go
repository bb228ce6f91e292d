package manifest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLockRoundTrip(t *testing.T) {
	l := &Lock{Generator: "v1.0.0", ConfigFingerprint: "sha256:ab", Features: []string{"backend=sqlite"}, Files: []File{
		{Path: "z.go", Policy: "managed", SHA256: Hash([]byte("z"))},
		{Path: "a.go", Policy: "stub", SHA256: Hash([]byte("a")), Orphan: true},
	}}
	data, err := l.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Index(string(data), "a.go") > strings.Index(string(data), "z.go") || !strings.HasSuffix(string(data), "}\n") {
		t.Errorf("lock not sorted or not newline-terminated:\n%s", data)
	}
	back, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if f, ok := back.Lookup("a.go"); !ok || !f.Orphan || f.Policy != "stub" {
		t.Errorf("Lookup(a.go) = %+v, %v", f, ok)
	}
	again, _ := back.Marshal()
	if d := cmp.Diff(string(data), string(again)); d != "" {
		t.Errorf("Marshal is not stable (-first +second):\n%s", d)
	}
	if _, ok := (*Lock)(nil).Lookup("x"); ok {
		t.Error("nil lock found a file")
	}
	if _, err := Parse([]byte("{")); err == nil || !strings.Contains(err.Error(), LockFile) {
		t.Errorf("Parse of a broken lock: %v", err)
	}
}
