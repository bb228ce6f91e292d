package merge

// hunk is one change of a line diff: old[o0:o1] became new[n0:n1].
type hunk struct{ o0, o1, n0, n1 int }

// diffLines returns the hunks that turn old into new: a minimal (Myers)
// line diff whose runs of changed lines are then slid to the position git
// gives them, so that merges agree with git merge-file.
func diffLines(old, new []string) []hunk {
	a, b := internLines(old, new)
	d := differ{a: a, b: b, ca: make([]bool, len(a)), cb: make([]bool, len(b))}
	d.compare(0, len(a), 0, len(b))
	compact(a, d.ca, d.cb)
	compact(b, d.cb, d.ca)
	return hunks(d.ca, d.cb)
}

// internLines maps each distinct line to a small integer so that the diff
// compares integers, not strings.
func internLines(old, new []string) (a, b []int) {
	ids := make(map[string]int, len(old)+len(new))
	conv := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	return conv(old), conv(new)
}

// differ marks, for a and b, which lines a minimal edit script deletes
// (ca) and inserts (cb).
type differ struct {
	a, b   []int
	ca, cb []bool
}

// compare diffs a[aLo:aHi] against b[bLo:bHi] by divide and conquer on the
// middle of an optimal edit path (Myers 1986, linear space).
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		aLo, bLo = aLo+1, bLo+1
	}
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi, bHi = aHi-1, bHi-1
	}
	if aLo == aHi || bLo == bHi {
		d.markAll(aLo, aHi, bLo, bHi)
		return
	}
	x, y, ok := d.split(aLo, aHi, bLo, bHi)
	if !ok {
		d.markAll(aLo, aHi, bLo, bHi)
		return
	}
	d.compare(aLo, x, bLo, y)
	d.compare(x, aHi, y, bHi)
}

func (d *differ) markAll(aLo, aHi, bLo, bHi int) {
	for i := aLo; i < aHi; i++ {
		d.ca[i] = true
	}
	for j := bLo; j < bHi; j++ {
		d.cb[j] = true
	}
}

// split finds a point (x, y) on an optimal edit path through the box
// a[aLo:aHi] × b[bLo:bHi] strictly inside it, by running the greedy search
// forward from the top-left and backward from the bottom-right until the
// two meet. ok is false when the sequences share no line at all (the path
// is all deletions and insertions). The box must be trimmed: non-empty
// sides whose first and last lines differ.
func (d *differ) split(aLo, aHi, bLo, bHi int) (x, y int, ok bool) {
	n, m := aHi-aLo, bHi-bLo
	maxD := (n + m + 1) / 2
	off := maxD
	vf := make([]int, 2*maxD+1)
	vb := make([]int, 2*maxD+1)
	for i := range vf {
		vf[i], vb[i] = -1, -1
	}
	vf[off+1], vb[off+1] = 0, 0
	delta := n - m
	odd := delta%2 != 0
	// kfLo/kfHi (kbLo/kbHi) narrow the diagonals once a path leaves the box.
	var kfLo, kfHi, kbLo, kbHi int
	for e := 0; e < maxD; e++ {
		for k := -e + kfLo; k <= e-kfHi; k += 2 {
			var px int
			if k == -e || k != e && vf[off+k-1] < vf[off+k+1] {
				px = vf[off+k+1]
			} else {
				px = vf[off+k-1] + 1
			}
			py := px - k
			for px < n && py < m && d.a[aLo+px] == d.b[bLo+py] {
				px, py = px+1, py+1
			}
			vf[off+k] = px
			switch {
			case px > n:
				kfHi += 2
			case py > m:
				kfLo += 2
			case odd:
				if kb := off + delta - k; kb >= 0 && kb < len(vb) && vb[kb] != -1 && px >= n-vb[kb] {
					return aLo + px, bLo + py, true
				}
			}
		}
		for k := -e + kbLo; k <= e-kbHi; k += 2 {
			var px int
			if k == -e || k != e && vb[off+k-1] < vb[off+k+1] {
				px = vb[off+k+1]
			} else {
				px = vb[off+k-1] + 1
			}
			py := px - k
			for px < n && py < m && d.a[aHi-1-px] == d.b[bHi-1-py] {
				px, py = px+1, py+1
			}
			vb[off+k] = px
			switch {
			case px > n:
				kbHi += 2
			case py > m:
				kbLo += 2
			case !odd:
				if kf := off + delta - k; kf >= 0 && kf < len(vf) && vf[kf] != -1 {
					fx := vf[kf]
					fy := fx - (delta - k)
					if fx >= n-px {
						return aLo + fx, bLo + fy, true
					}
				}
			}
		}
	}
	return 0, 0, false
}

// group is a run [start, end) of changed lines; an empty run marks the gap
// between two unchanged lines.
type group struct{ start, end int }

func groupInit(ch []bool) group {
	g := group{}
	for g.end < len(ch) && ch[g.end] {
		g.end++
	}
	return g
}

// groupNext moves g to the run after the next unchanged line.
func groupNext(ch []bool, g *group) bool {
	if g.end == len(ch) {
		return false
	}
	g.start = g.end + 1
	g.end = g.start
	for g.end < len(ch) && ch[g.end] {
		g.end++
	}
	return true
}

// groupPrev moves g to the run before the previous unchanged line.
func groupPrev(ch []bool, g *group) bool {
	if g.start == 0 {
		return false
	}
	g.end = g.start - 1
	g.start = g.end
	for g.start > 0 && ch[g.start-1] {
		g.start--
	}
	return true
}

// slideDown moves the non-empty run g one line down when the line after it
// equals its first line, absorbing a run it then touches.
func slideDown(ids []int, ch []bool, g *group) bool {
	if g.end >= len(ch) || ids[g.start] != ids[g.end] {
		return false
	}
	ch[g.start], ch[g.end] = false, true
	g.start, g.end = g.start+1, g.end+1
	for g.end < len(ch) && ch[g.end] {
		g.end++
	}
	return true
}

// slideUp moves the non-empty run g one line up when the line before it
// equals its last line, absorbing a run it then touches.
func slideUp(ids []int, ch []bool, g *group) bool {
	if g.start == 0 || ids[g.start-1] != ids[g.end-1] {
		return false
	}
	g.start, g.end = g.start-1, g.end-1
	ch[g.start], ch[g.end] = true, false
	for g.start > 0 && ch[g.start-1] {
		g.start--
	}
	return true
}

// compact slides every run of changed lines in one file (ids, ch) as far
// down as it goes, joining runs that meet, unless an earlier position lines
// it up with a change in the other file (other), in which case the last
// such position wins. This is git's xdl_change_compact without the indent
// heuristic, which git merge-file does not use; other is walked in step
// because the n-th gap of unchanged lines is the same gap in both files.
func compact(ids []int, ch, other []bool) {
	g, og := groupInit(ch), groupInit(other)
	for {
		if g.end != g.start {
			var earliestEnd, endMatchingOther int
			for {
				size := g.end - g.start
				endMatchingOther = -1
				for slideUp(ids, ch, &g) {
					mustMove(groupPrev(other, &og))
				}
				earliestEnd = g.end
				if og.end > og.start {
					endMatchingOther = g.end
				}
				for slideDown(ids, ch, &g) {
					mustMove(groupNext(other, &og))
					if og.end > og.start {
						endMatchingOther = g.end
					}
				}
				if size == g.end-g.start {
					break
				}
			}
			if g.end != earliestEnd && endMatchingOther != -1 {
				for og.end == og.start {
					mustMove(slideUp(ids, ch, &g))
					mustMove(groupPrev(other, &og))
				}
			}
		}
		if !groupNext(ch, &g) {
			return
		}
		mustMove(groupNext(other, &og))
	}
}

// mustMove guards an invariant of compact: both files have the same number
// of unchanged lines, so a move in one always has its counterpart.
func mustMove(ok bool) {
	if !ok {
		panic("merge: diff change groups out of step")
	}
}

// hunks turns the change marks of both files into hunks.
func hunks(ca, cb []bool) []hunk {
	var out []hunk
	i, j := 0, 0
	for i < len(ca) || j < len(cb) {
		if (i < len(ca) && ca[i]) || (j < len(cb) && cb[j]) {
			h := hunk{o0: i, n0: j}
			for i < len(ca) && ca[i] {
				i++
			}
			for j < len(cb) && cb[j] {
				j++
			}
			h.o1, h.n1 = i, j
			out = append(out, h)
			continue
		}
		i, j = i+1, j+1
	}
	return out
}
