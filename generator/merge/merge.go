package merge

import "bytes"

// Options tune the merge.
type Options struct {
	// GoImports treats the import declarations of a Go file as a set when
	// all three versions parse: the result keeps the imports both sides
	// have plus those either side added, and drops those either side
	// removed, so adding an import on each side never conflicts.
	GoImports bool
	// HostLabel and GenLabel name the two sides on the conflict markers;
	// they default to "host" and "regstack-gen".
	HostLabel, GenLabel string
}

func (o Options) labels() (host, gen string) {
	host, gen = o.HostLabel, o.GenLabel
	if host == "" {
		host = "host"
	}
	if gen == "" {
		gen = "regstack-gen"
	}
	return host, gen
}

// ThreeWay merges the host's edits (base → host) with the generator's
// changes (base → generated) line by line and returns the result and the number of
// conflict blocks written into it (0: a clean merge). Line endings are
// compared normalised and the result uses the host's (see usesCRLF); when
// one side equals the base the result is the other side.
func ThreeWay(base, host, generated []byte, opts Options) (merged []byte, conflicts int) {
	out, n := mergeNormalized(normalizeEOL(base), normalizeEOL(host), normalizeEOL(generated), opts)
	if usesCRLF(host) {
		out = toCRLF(out)
	}
	return out, n
}

// mergeNormalized is ThreeWay on LF-only texts; the result never aliases its
// arguments.
func mergeNormalized(base, host, gen []byte, opts Options) ([]byte, int) {
	switch {
	case bytes.Equal(host, base):
		return bytes.Clone(gen), 0
	case bytes.Equal(gen, base), bytes.Equal(gen, host):
		return bytes.Clone(host), 0
	}
	if opts.GoImports {
		if b, h, g, ok := unifyImports(base, host, gen); ok {
			base, host, gen = b, h, g
		}
	}
	o, a, b := splitLines(string(base)), splitLines(string(host)), splitLines(string(gen))
	switch {
	case equalLines(o, a):
		return []byte(string(gen)), 0
	case equalLines(o, b):
		return []byte(string(host)), 0
	}
	chs := simplify(refine(merge3(o, a, b), a, b), a)
	hostLabel, genLabel := opts.labels()
	text, n := render(chs, a, b, hostLabel, genLabel)
	return []byte(text), n
}
