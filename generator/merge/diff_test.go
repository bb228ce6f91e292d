package merge

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// lcsLen is the textbook dynamic-programming longest common subsequence.
func lcsLen(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(cur[j], prev[j+1])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// apply rebuilds new from old and the hunks.
func apply(old, new []string, hs []hunk) []string {
	var out []string
	i := 0
	for _, h := range hs {
		out = append(out, old[i:h.o0]...)
		out = append(out, new[h.n0:h.n1]...)
		i = h.o1
	}
	return append(out, old[i:]...)
}

// TestDiffLinesMinimal checks on random inputs over a small alphabet (so
// lines repeat a lot) that the hunks rebuild the new text, that the edit
// is as small as the longest common subsequence allows, and that hunks are
// in order and separated by unchanged lines.
func TestDiffLinesMinimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		gen := func() []string {
			s := make([]string, rng.IntN(25))
			for j := range s {
				s[j] = string(rune('a' + rng.IntN(1+i%5)))
			}
			return s
		}
		a, b := gen(), gen()
		hs := diffLines(a, b)
		if diff := cmp.Diff(b, apply(a, b, hs), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("case %d %q → %q: applying the hunks (-want +got):\n%s", i, a, b, diff)
		}
		edits := 0
		for k, h := range hs {
			edits += (h.o1 - h.o0) + (h.n1 - h.n0)
			if h.o1-h.o0 == 0 && h.n1-h.n0 == 0 {
				t.Fatalf("case %d: empty hunk %v", i, h)
			}
			if k > 0 && (h.o0 <= hs[k-1].o1 || h.n0 <= hs[k-1].n1) {
				t.Fatalf("case %d: hunks %v and %v touch or overlap", i, hs[k-1], h)
			}
		}
		if want := len(a) + len(b) - 2*lcsLen(a, b); edits != want {
			t.Fatalf("case %d %q → %q: %d edited lines, the minimum is %d", i, a, b, edits, want)
		}
	}
}

func TestDiffLinesSlidesLikeGit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new string
		want     []hunk
	}{
		{
			// A function appended after another: the ambiguous "}" and
			// blank line are matched so that the insertion is the new
			// function, slid as far down as it goes.
			name: "appended block",
			old:  "func A() {\n}\n",
			new:  "func A() {\n}\n\nfunc B() {\n}\n",
			want: []hunk{{o0: 2, o1: 2, n0: 2, n1: 5}},
		},
		{
			name: "inserted duplicate line goes last",
			old:  "x\ny\ny\nz\n",
			new:  "x\ny\ny\ny\nz\n",
			want: []hunk{{o0: 3, o1: 3, n0: 3, n1: 4}},
		},
		{
			name: "deleted duplicate line goes last",
			old:  "x\ny\ny\nz\n",
			new:  "x\ny\nz\n",
			want: []hunk{{o0: 2, o1: 3, n0: 2, n1: 2}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := diffLines(splitLines(tc.old), splitLines(tc.new))
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(hunk{})); diff != "" {
				t.Errorf("hunks (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSplitLines(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\n", []string{"a\n"}},
		{"a\nb", []string{"a\n", "b"}},
		{"\n\n", []string{"\n", "\n"}},
	} {
		if diff := cmp.Diff(tc.want, splitLines(tc.in)); diff != "" {
			t.Errorf("splitLines(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
}

func TestLineEndings(t *testing.T) {
	for _, tc := range []struct {
		in       string
		wantNorm string
		wantCRLF bool
	}{
		{"a\nb\n", "a\nb\n", false},
		{"a\r\nb\r\n", "a\nb\n", true},
		{"a\r\nb", "a\nb", true},
		{"a\r\nb\nc\n", "a\nb\nc\n", false},
		{"a\r\nb\r\nc\n", "a\nb\nc\n", true},
		{"lone\rcr\n", "lone\rcr\n", false},
		{"", "", false},
	} {
		if got := string(normalizeEOL([]byte(tc.in))); got != tc.wantNorm {
			t.Errorf("normalizeEOL(%q) = %q, want %q", tc.in, got, tc.wantNorm)
		}
		if got := usesCRLF([]byte(tc.in)); got != tc.wantCRLF {
			t.Errorf("usesCRLF(%q) = %v, want %v", tc.in, got, tc.wantCRLF)
		}
	}
}

func TestCountConflicts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"a\n=======\nb\n", 0},
		{"<<<<<<< host\na\n=======\nb\n>>>>>>> regstack-gen\n", 1},
		{"<<<<<<< host\r\na\r\n=======\r\nb\r\n>>>>>>> regstack-gen\r\n", 1},
		{"<<<<<<<\n=======\n>>>>>>>\nx\n<<<<<<< a\n=======\n>>>>>>> b", 2},
		{"<<<<<<<< nine\n=========\n>>>>>>>>> nine\n", 0},
		{"<<<<<<< host\nno end\n", 0},
		{strings.Repeat("<<<<<<< h\n=======\n>>>>>>> g\n", 3), 3},
	} {
		if got := CountConflicts([]byte(tc.in)); got != tc.want {
			t.Errorf("CountConflicts(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
