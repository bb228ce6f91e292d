package argon2id

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestHugePageAdvice checks that a Memory's array carries the huge-page
// advice once it has grown, and the opposite advice after Release: the
// kernel shows both as VmFlags of the mapping (hg, nh), whatever the
// system's transparent huge page setting, on any kernel built with them.
func TestHugePageAdvice(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		// The kernel refuses the advice (hugepages_linux.go drops the
		// error); TestKnownAnswers and TestMatchesXCrypto still run. CI's
		// kernel has them, so there this must not skip.
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI runs on a kernel with transparent huge pages, but: %v", err)
		}
		t.Skipf("this kernel has no transparent huge pages: %v", err)
	}
	var m Memory
	m.IDKey([]byte("password"), []byte("somesalt"), 1, 8<<10, 1, 32)
	r := hugePageRange(m.blocks)
	if len(r) < hugePageSize {
		t.Fatalf("8 MiB array: %d bytes in whole huge pages, want at least %d", len(r), hugePageSize)
	}
	addr := uintptr(unsafe.Pointer(&r[0]))
	if flags := vmFlags(t, addr); !slices.Contains(flags, "hg") {
		t.Errorf("after IDKey the mapping at %#x has VmFlags %v, want hg (MADV_HUGEPAGE)", addr, flags)
	}
	m.Release()
	if m.blocks != nil {
		t.Error("Release kept the array")
	}
	if flags := vmFlags(t, addr); !slices.Contains(flags, "nh") || slices.Contains(flags, "hg") {
		t.Errorf("after Release the mapping at %#x has VmFlags %v, want nh and not hg", addr, flags)
	}
}

// TestHugePageRange checks the aligned range is inside the array and made
// of whole huge pages.
func TestHugePageRange(t *testing.T) {
	for _, kib := range []int{0, 1, 1024, 2048, 3 << 10, 64 << 10} {
		b := make([]block, kib)
		r := hugePageRange(b)
		if len(r) == 0 {
			continue
		}
		start, end := uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&b[0]))+uintptr(kib)<<10
		rs := uintptr(unsafe.Pointer(&r[0]))
		if rs%hugePageSize != 0 || len(r)%hugePageSize != 0 || rs < start || rs+uintptr(len(r)) > end {
			t.Errorf("%d KiB at %#x: range %#x+%d is not whole huge pages inside the array", kib, start, rs, len(r))
		}
		if kib >= 4<<10 && len(r) < (kib<<10)-2*hugePageSize {
			t.Errorf("%d KiB: range of %d bytes leaves out more than two huge pages", kib, len(r))
		}
	}
}

// vmFlags reads the VmFlags of the mapping holding addr from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) []string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	inside := false
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 {
			inside = lo <= addr && addr < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.Fields(strings.TrimPrefix(line, "VmFlags:"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping holds %#x in /proc/self/smaps", addr)
	return nil
}
