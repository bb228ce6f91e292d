package merge

import "strings"

// changeKind says how one changed region of the merge is resolved.
type changeKind int

const (
	// conflicted: both sides changed the region, differently.
	conflicted changeKind = iota
	// hostOnly: only the host changed the region; its lines are taken.
	hostOnly
	// genOnly: only the generator changed the region; its lines are taken.
	genOnly
	// bothSame: a conflict whose two sides turned out identical; the host's
	// (equal) lines stand.
	bothSame
)

// change is one region where at least one side differs from the base.
// o0:o1 is the base range (unused after refining), a0:a1 the host's and
// b0:b1 the generator's.
type change struct {
	kind           changeKind
	o0, o1, a0, a1 int
	b0, b1         int
}

// merge3 lines up the host's (a) and the generator's (b) changes to the
// base (o): a change only one side made is taken; changes that overlap or
// touch become one conflict, unless both sides replaced the same base lines
// with the same lines.
func merge3(o, a, b []string) []change {
	s1, s2 := diffLines(o, a), diffLines(o, b)
	var out []change
	add := func(c change) {
		if n := len(out); n > 0 {
			p := &out[n-1]
			if c.a0 <= p.a1 || c.b0 <= p.b1 {
				if c.kind != p.kind {
					p.kind = conflicted
				}
				p.o1, p.a1, p.b1 = c.o1, c.a1, c.b1
				return
			}
		}
		out = append(out, c)
	}
	hostChange := func(h hunk, bOff int) change {
		return change{kind: hostOnly, o0: h.o0, o1: h.o1, a0: h.n0, a1: h.n1, b0: h.o0 + bOff, b1: h.o1 + bOff}
	}
	genChange := func(h hunk, aOff int) change {
		return change{kind: genOnly, o0: h.o0, o1: h.o1, a0: h.o0 + aOff, a1: h.o1 + aOff, b0: h.n0, b1: h.n1}
	}
	i, j := 0, 0
	for i < len(s1) && j < len(s2) {
		h1, h2 := s1[i], s2[j]
		if h1.o1 < h2.o0 {
			add(hostChange(h1, h2.n0-h2.o0))
			i++
			continue
		}
		if h2.o1 < h1.o0 {
			add(genChange(h2, h1.n0-h1.o0))
			j++
			continue
		}
		if h1.o0 != h2.o0 || h1.o1 != h2.o1 || !equalLines(a[h1.n0:h1.n1], b[h2.n0:h2.n1]) {
			// Widen each side's range over the base lines that only the
			// other side changed, so both cover the same base region.
			o0, o1 := min(h1.o0, h2.o0), max(h1.o1, h2.o1)
			add(change{
				kind: conflicted, o0: o0, o1: o1,
				a0: h1.n0 - (h1.o0 - o0), a1: h1.n1 + (o1 - h1.o1),
				b0: h2.n0 - (h2.o0 - o0), b1: h2.n1 + (o1 - h2.o1),
			})
		}
		if h1.o1 >= h2.o1 {
			j++
		}
		if h2.o1 >= h1.o1 {
			i++
		}
	}
	for ; i < len(s1); i++ {
		add(hostChange(s1[i], len(b)-len(o)))
	}
	for ; j < len(s2); j++ {
		add(genChange(s2[j], len(a)-len(o)))
	}
	return out
}

func equalLines(x, y []string) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// refine narrows each conflict to the lines on which the two sides differ:
// it diffs the host's block against the generator's, keeps what they share
// and makes one conflict of each difference (git's "zealous" level). A
// conflict with one empty side is left whole.
func refine(chs []change, a, b []string) []change {
	var out []change
	for _, c := range chs {
		if c.kind != conflicted || c.a0 == c.a1 || c.b0 == c.b1 {
			out = append(out, c)
			continue
		}
		hs := diffLines(a[c.a0:c.a1], b[c.b0:c.b1])
		if len(hs) == 0 {
			c.kind = bothSame
			out = append(out, c)
			continue
		}
		for _, h := range hs {
			out = append(out, change{kind: conflicted, a0: c.a0 + h.o0, a1: c.a0 + h.o1, b0: c.b0 + h.n0, b1: c.b0 + h.n1})
		}
	}
	return out
}

// simplify joins neighbouring conflicts separated by three lines or fewer,
// or only by lines with no ASCII letter or digit (braces, blank lines): one
// bigger conflict reads more easily than two with a "}" between them.
func simplify(chs []change, a []string) []change {
	var out []change
	for _, c := range chs {
		if n := len(out); n > 0 && c.kind == conflicted && out[n-1].kind == conflicted {
			p := &out[n-1]
			if gap := a[p.a1:c.a0]; len(gap) <= 3 || !containsAlnum(gap) {
				p.a1, p.b1 = c.a1, c.b1
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

func containsAlnum(lines []string) bool {
	for _, l := range lines {
		for i := 0; i < len(l); i++ {
			if c := l[i]; c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				return true
			}
		}
	}
	return false
}

// render writes the merge result: the host's lines outside changes, each
// change resolved by its kind, and conflicts between markers. It returns
// the text and the number of conflicts.
func render(chs []change, a, b []string, hostLabel, genLabel string) (string, int) {
	var sb strings.Builder
	write := func(lines []string) {
		for _, l := range lines {
			sb.WriteString(l)
		}
	}
	// block writes lines so that the next marker starts on a new line.
	block := func(lines []string) {
		write(lines)
		if n := len(lines); n > 0 && !strings.HasSuffix(lines[n-1], "\n") {
			sb.WriteByte('\n')
		}
	}
	conflicts, i := 0, 0
	for _, c := range chs {
		switch c.kind {
		case hostOnly:
			write(a[i:c.a1])
		case genOnly:
			write(a[i:c.a0])
			write(b[c.b0:c.b1])
		case conflicted:
			write(a[i:c.a0])
			sb.WriteString(marker('<', hostLabel))
			block(a[c.a0:c.a1])
			sb.WriteString(marker('=', ""))
			block(b[c.b0:c.b1])
			sb.WriteString(marker('>', genLabel))
			conflicts++
		case bothSame:
			continue
		}
		i = c.a1
	}
	write(a[i:])
	return sb.String(), conflicts
}

// marker returns a conflict marker line: seven c, then the label if any.
func marker(c byte, label string) string {
	m := strings.Repeat(string(c), 7)
	if label != "" {
		m += " " + label
	}
	return m + "\n"
}
