package argon2id

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePageSize is the transparent huge page size of x86-64 and of arm64
// with 4 KiB pages.
const hugePageSize = 2 << 20

// adviseHugePages asks the kernel to back b with transparent huge pages.
// A computation reads blocks at pseudo-random places all over its 64 MiB,
// and with 4 KiB pages nearly every such read misses the TLB; with 2 MiB
// pages the whole array fits in it. That made a hash 9% cheaper in CPU on
// the machine of docs/performance.md (session 7). The Go heap asks for no
// huge pages itself, so where the system's setting is "madvise" (a common
// default) the array would not get them otherwise. A kernel without
// transparent huge pages refuses the advice; the computation is the same,
// only slower, so the error is dropped.
func adviseHugePages(b []block) {
	if r := hugePageRange(b); r != nil {
		_ = unix.Madvise(r, unix.MADV_HUGEPAGE)
	}
}

// unadviseHugePages takes the advice back before b is given up, so the
// heap that reuses the range does not fault in 2 MiB for a small object.
func unadviseHugePages(b []block) {
	if r := hugePageRange(b); r != nil {
		_ = unix.Madvise(r, unix.MADV_NOHUGEPAGE)
	}
}

// hugePageRange is the part of b made of whole aligned huge pages, as
// bytes, or nil if there is none: madvise takes page-aligned ranges, and
// advising beyond b would touch the neighbouring heap.
func hugePageRange(b []block) []byte {
	if len(b) == 0 {
		return nil
	}
	p := unsafe.Slice((*byte)(unsafe.Pointer(&b[0])), len(b)*int(unsafe.Sizeof(b[0])))
	base := uintptr(unsafe.Pointer(&p[0]))
	skip := int((base+hugePageSize-1)&^(hugePageSize-1) - base)
	if skip >= len(p) {
		return nil
	}
	n := (len(p) - skip) &^ (hugePageSize - 1)
	if n == 0 {
		return nil
	}
	return p[skip : skip+n]
}
