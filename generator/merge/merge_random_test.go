package merge

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// scenario is one randomized merge: a Go-like base and two edited copies.
type scenario struct {
	base, host, gen string
}

// randomScenarios returns n reproducible scenarios. Lines the host adds
// contain "host_", lines the generator adds "gen_"; base lines are a mix
// of unique statements and the lines Go repeats everywhere ("}", blank,
// "return nil"), so the diffs meet ambiguous alignments too.
func randomScenarios(n int) []scenario {
	rng := rand.New(rand.NewPCG(20261129, 4))
	out := make([]scenario, n)
	for i := range out {
		base := randomBase(rng)
		var host, gen []string
		switch r := rng.IntN(20); {
		case r < 3: // host untouched
			host, gen = base, randomEdit(rng, base, "gen")
		case r < 6: // generator unchanged
			host, gen = randomEdit(rng, base, "host"), base
		case r < 8: // both made the same edit
			host = randomEdit(rng, base, "same")
			gen = host
		default:
			host, gen = randomEdit(rng, base, "host"), randomEdit(rng, base, "gen")
		}
		out[i] = scenario{base: joinLines(base), host: joinLines(host), gen: joinLines(gen)}
		if rng.IntN(10) == 0 && out[i].host != out[i].base { // the host drops the final newline
			out[i].host = strings.TrimSuffix(out[i].host, "\n")
		}
		if rng.IntN(10) == 0 && out[i].gen != out[i].base { // so does the generator
			out[i].gen = strings.TrimSuffix(out[i].gen, "\n")
		}
	}
	return out
}

func randomBase(rng *rand.Rand) []string {
	repeatedGoLines := []string{"}", "", "\treturn nil", "\t}", "\tif err != nil {", "\t\treturn err"}
	n := rng.IntN(40)
	lines := make([]string, n)
	for i := range lines {
		switch r := rng.IntN(10); {
		case r < 4:
			lines[i] = repeatedGoLines[rng.IntN(len(repeatedGoLines))]
		case r < 5:
			lines[i] = fmt.Sprintf("func F%d() error {", i)
		case r < 6:
			lines[i] = fmt.Sprintf("// F%d does step %d.", i, i)
		default:
			lines[i] = fmt.Sprintf("\tv%d := step(%d)", i, i)
		}
	}
	return lines
}

// randomEdit applies one to four random insertions, deletions and
// changes; every new line is unique and carries tag.
func randomEdit(rng *rand.Rand, base []string, tag string) []string {
	lines := slices.Clone(base)
	for e := range 1 + rng.IntN(4) {
		at := rng.IntN(len(lines) + 1)
		k := 1 + rng.IntN(3)
		fresh := func() []string {
			var s []string
			for j := range k {
				s = append(s, fmt.Sprintf("\t%s_%d_%d_%d()", tag, e, j, rng.IntN(1_000_000)))
			}
			return s
		}
		switch rng.IntN(3) {
		case 0:
			lines = slices.Insert(lines, at, fresh()...)
		case 1:
			lines = slices.Delete(lines, at, min(at+k, len(lines)))
		default:
			lines = slices.Replace(lines, at, min(at+k, len(lines)), fresh()...)
		}
	}
	return lines
}

func joinLines(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}

// checkMergeInvariants checks what must hold for any merge of LF-only
// texts, and returns a description of the first violation.
func checkMergeInvariants(base, host, gen, got string, n int) string {
	resultLines := lineSet(got)
	markers := 0
	for _, l := range strings.Split(got, "\n") {
		if _, ok := markerLine(l); ok {
			markers++
		}
	}
	switch {
	case n == 0 && markers > 0:
		return "clean merge contains a conflict marker line"
	case n > 0 && markers != 3*n:
		return fmt.Sprintf("%d conflicts but %d marker lines", n, markers)
	case CountConflicts([]byte(got)) != n:
		return fmt.Sprintf("CountConflicts = %d, ThreeWay said %d", CountConflicts([]byte(got)), n)
	case host == base && got != gen:
		return "host equals base, but the result is not the generated text"
	case gen == base && got != host:
		return "generated equals base, but the result is not the host text"
	}
	// Every line a side inserted or changed is in the result, merged or
	// inside a conflict block.
	added := map[string]bool{}
	for _, side := range []string{host, gen} {
		o, s := splitLines(base), splitLines(side)
		for _, h := range diffLines(o, s) {
			for _, l := range s[h.n0:h.n1] {
				l = strings.TrimSuffix(l, "\n")
				added[l] = true
				if !resultLines[l] {
					return fmt.Sprintf("changed line %q is missing from the result", l)
				}
			}
		}
	}
	if n > 0 {
		return ""
	}
	// A clean merge holds only lines of the two sides; of the lines the
	// base has once and neither side adds (so none was moved), it holds
	// those both sides kept and none that either side deleted.
	sides := lineSet(host)
	for l := range lineSet(gen) {
		sides[l] = true
	}
	for l := range resultLines {
		if !sides[l] {
			return fmt.Sprintf("result line %q is from neither side", l)
		}
	}
	counts := map[string]int{}
	for _, l := range splitLines(base) {
		counts[strings.TrimSuffix(l, "\n")]++
	}
	hostLines, genLines := lineSet(host), lineSet(gen)
	for l, c := range counts {
		if c != 1 || added[l] {
			continue
		}
		deleted := !hostLines[l] || !genLines[l]
		if deleted && resultLines[l] {
			return fmt.Sprintf("base line %q was deleted by one side but is in the clean result", l)
		}
		if !deleted && !resultLines[l] {
			return fmt.Sprintf("base line %q was kept by both sides but is missing from the clean result", l)
		}
	}
	return ""
}

// lineSet returns the lines of s without their newlines.
func lineSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, l := range splitLines(s) {
		m[strings.TrimSuffix(l, "\n")] = true
	}
	return m
}

func TestThreeWayRandomized(t *testing.T) {
	const count = 2000
	clean, conflicted, conflicts := 0, 0, 0
	for i, sc := range randomScenarios(count) {
		got, n := ThreeWay([]byte(sc.base), []byte(sc.host), []byte(sc.gen), Options{})
		if msg := checkMergeInvariants(sc.base, sc.host, sc.gen, string(got), n); msg != "" {
			t.Fatalf("scenario %d: %s\nbase:\n%s\nhost:\n%s\ngen:\n%s\nresult:\n%s", i, msg, sc.base, sc.host, sc.gen, got)
		}
		if n == 0 {
			clean++
		} else {
			conflicted++
			conflicts += n
		}
	}
	t.Logf("%d scenarios: %d clean, %d with conflicts (%d conflict blocks)", count, clean, conflicted, conflicts)
}

// TestThreeWayRandomizedMatchesGit merges the randomized scenarios with
// git merge-file too and requires the same conflict count and text.
func TestThreeWayRandomizedMatchesGit(t *testing.T) {
	gitPath, err := exec.LookPath("git")
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("git is not installed; the cross-check needs git merge-file")
	}
	if err != nil {
		t.Fatal(err)
	}
	const count = 500
	dir := t.TempDir()
	for i, sc := range randomScenarios(count) {
		wantText, wantN := gitMergeFile(t, gitPath, dir, sc.base, sc.host, sc.gen)
		got, n := ThreeWay([]byte(sc.base), []byte(sc.host), []byte(sc.gen), Options{})
		if n != wantN || string(got) != wantText {
			t.Errorf("scenario %d: %d conflicts, git %d\nbase:\n%s\nhost:\n%s\ngen:\n%s\nours:\n%s\ngit:\n%s", i, n, wantN, sc.base, sc.host, sc.gen, got, wantText)
		}
	}
	t.Logf("%d scenarios merged exactly as git merge-file merges them", count)
}

// FuzzMerge merges arbitrary texts (run it with go test -fuzz=FuzzMerge):
// no panic, ThreeWay equals the merge of the LF-normalised texts in the
// host's line endings, and the invariants of checkMergeInvariants hold.
func FuzzMerge(f *testing.F) {
	for _, tc := range mergeCases() {
		f.Add(tc.base, tc.host, tc.gen)
	}
	for _, sc := range randomScenarios(20) {
		f.Add(sc.base, sc.host, sc.gen)
	}
	f.Fuzz(func(t *testing.T, base, host, gen string) {
		for _, goImports := range []bool{false, true} {
			opts := Options{GoImports: goImports}
			got, n := ThreeWay([]byte(base), []byte(host), []byte(gen), opts)
			if n < 0 {
				t.Fatalf("negative conflict count %d", n)
			}
			// ThreeWay is the merge of the LF-normalised texts, written
			// back with the host's line endings.
			b, h, g := normalizeEOL([]byte(base)), normalizeEOL([]byte(host)), normalizeEOL([]byte(gen))
			core, coreN := mergeNormalized(b, h, g, opts)
			if usesCRLF([]byte(host)) {
				core = toCRLF(core)
			}
			if string(got) != string(core) || n != coreN {
				t.Fatalf("ThreeWay differs from the merge of the normalised texts:\n%q (%d)\n%q (%d)", got, n, core, coreN)
			}
			if goImports || hasMarkerLine(string(b)) || hasMarkerLine(string(h)) || hasMarkerLine(string(g)) {
				// The import rewrite may reorder import lines on purpose,
				// and the inputs' own marker lines would blur the checks.
				continue
			}
			merged, _ := mergeNormalized(b, h, g, opts)
			if msg := checkMergeInvariants(string(b), string(h), string(g), string(merged), n); msg != "" {
				t.Fatalf("%s\nbase %q\nhost %q\ngen  %q\nresult %q", msg, base, host, gen, merged)
			}
		}
	})
}

func hasMarkerLine(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if _, ok := markerLine(l); ok {
			return true
		}
	}
	return false
}
