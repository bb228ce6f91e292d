package generator_test

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/regstack/regstack-gen/generator"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/manifest"
	"github.com/regstack/regstack-gen/generator/merge"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/render"
	"github.com/regstack/regstack-gen/generator/write"
)

// regenVersion is the generator version the regeneration tests pin.
const regenVersion = "v0.0.0-test"

// regenConfig is the part of a SQLite host's regstack.toml the randomized
// regeneration test varies: everything this version can generate
// differently for SQLite.
type regenConfig struct {
	appName         string
	reset, deletion bool
	hooks           []string
	output, pkg     string
}

func (c regenConfig) toml() string {
	var b strings.Builder
	fmt.Fprintf(&b, "app_name = %q\nbackend = \"sqlite\"\ndatabase_url = \"sqlite:///./app.db\"\n", c.appName)
	fmt.Fprintf(&b, "enable_password_reset = %t\nenable_account_deletion = %t\n", c.reset, c.deletion)
	quoted := make([]string, len(c.hooks))
	for i, h := range c.hooks {
		quoted[i] = fmt.Sprintf("%q", h)
	}
	fmt.Fprintf(&b, "\n[generate]\noutput = %q\npackage = %q\nhooks = [%s]\n", c.output, c.pkg, strings.Join(quoted, ", "))
	return b.String()
}

func (c regenConfig) String() string {
	return fmt.Sprintf("{app %q reset=%t deletion=%t hooks=%v %s/%s}", c.appName, c.reset, c.deletion, c.hooks, c.output, c.pkg)
}

// regenChoices are the values the random configs draw from. The hooks are
// events every SQLite package fires, so each stub compiles in any
// combination.
type regenChoices struct {
	apps    []string
	hooks   []string
	outputs [][2]string // output directory, package name
}

func defaultRegenChoices() regenChoices {
	return regenChoices{
		apps:    []string{"MyApp", "Shop", "Acme Accounts"},
		hooks:   []string{"password_changed", "user_logged_in", "user_registered"},
		outputs: [][2]string{{"internal/auth", "auth"}, {"internal/auth", "authn"}, {"internal/accounts", "accounts"}},
	}
}

func (ch regenChoices) random(rng *rand.Rand) regenConfig {
	out := ch.outputs[rng.IntN(len(ch.outputs))]
	c := regenConfig{appName: ch.apps[rng.IntN(len(ch.apps))], reset: rng.IntN(2) == 0, deletion: rng.IntN(2) == 0, output: out[0], pkg: out[1]}
	for _, h := range ch.hooks {
		if rng.IntN(3) == 0 {
			c.hooks = append(c.hooks, h)
		}
	}
	return c
}

// mutate changes one or two things of c, the way a user edits the toml
// between two generates.
func (ch regenChoices) mutate(rng *rand.Rand, c regenConfig) regenConfig {
	c.hooks = slices.Clone(c.hooks)
	for range 1 + rng.IntN(2) {
		switch rng.IntN(6) {
		case 0:
			c.reset = !c.reset
		case 1:
			c.deletion = !c.deletion
		case 2, 3:
			h := ch.hooks[rng.IntN(len(ch.hooks))]
			if i := slices.Index(c.hooks, h); i >= 0 {
				c.hooks = slices.Delete(c.hooks, i, i+1)
			} else {
				c.hooks = append(c.hooks, h)
				slices.Sort(c.hooks)
			}
		case 4:
			out := ch.outputs[rng.IntN(len(ch.outputs))]
			c.output, c.pkg = out[0], out[1]
		case 5:
			c.appName = ch.apps[rng.IntN(len(ch.apps))]
		}
	}
	return c
}

// built is one rendered config, shared by every scenario that uses it.
type built struct {
	res  render.Result
	meta write.Meta
}

// renderCache renders each distinct generation once.
type renderCache struct {
	byFingerprint map[string]built
	renders       int
}

func (rc *renderCache) get(t *testing.T, c regenConfig) built {
	t.Helper()
	cfg, err := config.Parse("regstack.toml", []byte(c.toml()))
	if err != nil {
		t.Fatalf("config %s: %v", c, err)
	}
	fp := cfg.Generation().Fingerprint()
	if b, ok := rc.byFingerprint[fp]; ok {
		return b
	}
	p, res, err := generator.Build(cfg, "example.com/host", regenVersion)
	if err != nil {
		t.Fatalf("build %s: %v", c, err)
	}
	b := built{res: res, meta: write.Meta{Version: regenVersion, Fingerprint: fp, Features: p.Features.Names()}}
	rc.byFingerprint[fp] = b
	rc.renders++
	return b
}

// hostEdit is what the host did to one generated file.
type hostEdit struct {
	path    string
	deleted bool   // the host deleted the whole file
	content []byte // the file as the host left it
	ops     []string
}

// hostToken marks every line the host writes, so the checks can find them.
const hostToken = "host-edit-"

// editFile applies 1–3 random line edits to data: insert a line, delete a
// line, or change a line. In Go files the inserted lines are comments, the
// deleted lines are blank or comment lines and a change appends a comment,
// so the host's file still parses.
func editFile(rng *rand.Rand, p string, data []byte, id *int) ([]byte, []string) {
	isGo := strings.HasSuffix(p, ".go")
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var ops []string
	for range 1 + rng.IntN(3) {
		*id++
		tok := fmt.Sprintf("%s%d", hostToken, *id)
		switch op := rng.IntN(3); {
		case op == 0 || len(lines) == 0:
			i := rng.IntN(len(lines) + 1)
			line := tok + " inserted by the host\n"
			if isGo {
				line = "// " + line
			}
			lines = slices.Insert(lines, i, line)
			ops = append(ops, fmt.Sprintf("insert at %d", i+1))
		case op == 1:
			var cands []int
			for i, l := range lines {
				// The host's own lines stay, so every edit changes the file.
				if strings.Contains(l, hostToken) {
					continue
				}
				if tl := strings.TrimSpace(l); !isGo || tl == "" || strings.HasPrefix(tl, "//") {
					cands = append(cands, i)
				}
			}
			if len(cands) == 0 {
				continue
			}
			i := cands[rng.IntN(len(cands))]
			ops = append(ops, fmt.Sprintf("delete line %d %q", i+1, lines[i]))
			lines = slices.Delete(lines, i, i+1)
		default:
			i := rng.IntN(len(lines))
			body, nl := strings.CutSuffix(lines[i], "\n")
			suffix := " [" + tok + " changed by the host]"
			if isGo {
				suffix = " // " + tok + " changed by the host"
			}
			lines[i] = body + suffix
			if nl {
				lines[i] += "\n"
			}
			ops = append(ops, fmt.Sprintf("change line %d", i+1))
		}
	}
	return []byte(strings.Join(lines, "")), ops
}

// hostLines returns the lines of data the host wrote.
func hostLines(data []byte) []string {
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, hostToken) {
			out = append(out, l)
		}
	}
	return out
}

// pickEdited chooses 1–4 distinct generated files to edit, favouring the
// files the generator is about to change or drop and the email templates.
func pickEdited(rng *rand.Rand, first, second render.Result) []string {
	all := first.Tree.Paths()
	var hot, templates []string
	for _, p := range all {
		a, _ := first.Tree.Get(p)
		b, ok := second.Tree.Get(p)
		if !ok || !bytes.Equal(a, b) {
			hot = append(hot, p)
		}
		if strings.Contains(p, "/templates/email/") {
			templates = append(templates, p)
		}
	}
	n := 1 + rng.IntN(4)
	var out []string
	for len(out) < n {
		pool := all
		switch r := rng.IntN(10); {
		case r < 5 && len(hot) > 0:
			pool = hot
		case r < 7 && len(templates) > 0:
			pool = templates
		}
		p := pool[rng.IntN(len(pool))]
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// regenTally counts what the scenarios did.
type regenTally struct {
	scenarios, clean, conflicted, withMerge int
	actions                                 map[merge.Action]int
	editedActions                           map[merge.Action]int
}

// TestRegenerationRandom generates a random SQLite config into a host,
// makes random edits to 1–4 generated files (Go files and email templates),
// changes the config at random and generates again. Whatever the merge
// does, no edit may be lost: every line the host inserted or changed is in
// the file afterwards (in a reported conflict block at worst), an edited
// file whose feature was switched off is kept as the host left it, conflict
// markers appear only in files reported as conflicted, every Go file
// parses when nothing conflicted, and a further generate changes nothing.
func TestRegenerationRandom(t *testing.T) {
	const scenarios = 240
	start := time.Now()
	rng := rand.New(rand.NewPCG(20261129, 44))
	choices := defaultRegenChoices()
	cache := &renderCache{byFingerprint: map[string]built{}}
	id := 0
	// Every scenario gets a fresh directory of its own below one temporary
	// directory removed at the end: deleting each tree as soon as its
	// scenario ends makes the next scenario's file creations many times
	// slower on file systems that discard freed blocks synchronously.
	scratch := t.TempDir()
	// The scenarios are drawn first, in order, so the seed alone decides
	// them; they then run in parallel, each recording its report in its
	// own slot.
	type scenario struct {
		before, after regenConfig
		first, second built
		edits         []hostEdit
		rep           write.Report
	}
	all := make([]scenario, scenarios)
	for i := range all {
		sc := &all[i]
		sc.before = choices.random(rng)
		sc.after = choices.mutate(rng, sc.before)
		sc.first, sc.second = cache.get(t, sc.before), cache.get(t, sc.after)
		for _, p := range pickEdited(rng, sc.first.res, sc.second.res) {
			data, _ := sc.first.res.Tree.Get(p)
			e := hostEdit{path: p}
			if rng.IntN(20) == 0 {
				e.deleted = true
				e.ops = []string{"delete the file"}
			} else {
				e.content, e.ops = editFile(rng, p, data, &id)
			}
			sc.edits = append(sc.edits, e)
		}
	}
	t.Run("scenario", func(t *testing.T) {
		for i := range all {
			sc := &all[i]
			t.Run(fmt.Sprintf("%03d", i), func(t *testing.T) {
				t.Parallel()
				t.Cleanup(func() {
					if t.Failed() {
						t.Logf("config %s → %s", sc.before, sc.after)
						for _, e := range sc.edits {
							t.Logf("host edit %s: %s", e.path, strings.Join(e.ops, "; "))
						}
					}
				})
				root, err := os.MkdirTemp(scratch, "host-")
				if err != nil {
					t.Fatal(err)
				}
				sc.rep = runRegenScenario(t, root, sc.first, sc.second, sc.edits)
			})
		}
	})

	tally := regenTally{actions: map[merge.Action]int{}, editedActions: map[merge.Action]int{}}
	for _, sc := range all {
		edited := map[string]bool{}
		for _, e := range sc.edits {
			edited[e.path] = true
		}
		tally.add(sc.rep, edited)
	}
	t.Logf("%d scenarios (%d distinct configs rendered) in %v", tally.scenarios, cache.renders, time.Since(start).Round(time.Millisecond))
	t.Logf("scenarios: %d without conflict (%d of them with a clean three-way merge), %d with a conflict", tally.clean, tally.withMerge, tally.conflicted)
	t.Logf("actions on host-edited files: %s", formatActions(tally.editedActions))
	t.Logf("actions on all files: %s", formatActions(tally.actions))
	if tally.withMerge == 0 || tally.conflicted == 0 || tally.editedActions[merge.KeepOrphan]+tally.editedActions[merge.SetAside] == 0 || tally.actions[merge.Delete] == 0 {
		t.Errorf("the scenarios never reached one of merge, conflict, keep-orphan or set-aside, delete: %s", formatActions(tally.actions))
	}
}

// add counts one scenario's second generate.
func (tally *regenTally) add(rep write.Report, edited map[string]bool) {
	tally.scenarios++
	merged := false
	for _, f := range rep.Files {
		tally.actions[f.Action]++
		if edited[f.Path] {
			tally.editedActions[f.Action]++
		}
		merged = merged || f.Action == merge.Merge
	}
	switch {
	case len(rep.Conflicted()) > 0:
		tally.conflicted++
	case merged:
		tally.clean++
		tally.withMerge++
	default:
		tally.clean++
	}
}

func formatActions(m map[merge.Action]int) string {
	var parts []string
	for a := merge.Create; a <= merge.SetAside; a++ {
		if m[a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[a], a))
		}
	}
	return strings.Join(parts, ", ")
}

// runRegenScenario generates first into root, applies the host's edits,
// generates second, checks that nothing was lost and returns the report of
// the second generate.
func runRegenScenario(t *testing.T, root string, first, second built, edits []hostEdit) write.Report {
	if _, err := write.Apply(root, first.res, first.meta, write.Options{}); err != nil {
		t.Fatal(err)
	}
	editedBy := map[string]hostEdit{}
	for _, e := range edits {
		name := filepath.Join(root, filepath.FromSlash(e.path))
		var err error
		if e.deleted {
			err = os.Remove(name)
		} else {
			err = os.WriteFile(name, e.content, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
		editedBy[e.path] = e
	}
	rep, err := write.Apply(root, second.res, second.meta, write.Options{})
	if err != nil {
		t.Fatal(err)
	}

	conflicted := rep.Conflicted()

	results := map[string]write.FileResult{}
	for _, f := range rep.Files {
		results[f.Path] = f
	}
	disk := func(p string) ([]byte, bool) {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if os.IsNotExist(err) {
			return nil, false
		}
		if err != nil {
			t.Fatal(err)
		}
		return data, true
	}

	// No edit is lost.
	for _, e := range edits {
		got, ok := disk(e.path)
		_, selected := second.res.Tree.Get(e.path)
		if r := results[e.path]; !selected && r.Action == merge.SetAside {
			// A Go file of a switched-off feature: the edit lives on,
			// byte for byte, at the set-aside name.
			got, ok = disk(r.SetAsideTo)
			if strings.HasSuffix(e.path, ".go") && r.SetAsideTo == "" {
				t.Errorf("%s: set aside to no name", e.path)
			}
		}
		switch {
		case e.deleted:
			if ok {
				t.Errorf("%s: deleted by the host, recreated by generate (%v)", e.path, results[e.path].Action)
			}
		case !ok:
			t.Errorf("%s: edited by the host, gone after generate (%v)", e.path, results[e.path].Action)
		case !selected:
			// Kept in place (a stub, or not Go), or set aside (a Go file).
			a := results[e.path].Action
			okAction := a == merge.KeepOrphan || (a == merge.SetAside && strings.HasSuffix(e.path, ".go"))
			if !bytes.Equal(got, e.content) || !okAction {
				t.Errorf("%s: edited, then its feature was switched off: want it kept as the host left it, got %v and\n%s", e.path, results[e.path].Action, got)
			}
		default:
			have := map[string]bool{}
			for _, l := range strings.Split(string(got), "\n") {
				have[l] = true
			}
			for _, l := range hostLines(e.content) {
				if !have[l] {
					t.Errorf("%s (%v): the host's line %q is missing:\n%s", e.path, results[e.path].Action, l, got)
				}
			}
		}
	}

	// Files nobody edited follow the generator: the new output, or gone
	// when their feature is off (hook stubs excepted: they are the host's).
	for _, p := range first.res.Tree.Paths() {
		if _, ok := editedBy[p]; ok {
			continue
		}
		got, ok := disk(p)
		want, selected := second.res.Tree.Get(p)
		stub := first.res.Policies[p] == plan.Stub
		switch {
		case stub:
			orig, _ := first.res.Tree.Get(p)
			if !bytes.Equal(got, orig) {
				t.Errorf("hook stub %s: changed by generate (%v)", p, results[p].Action)
			}
			if selected && goPackage(t, orig) != goPackage(t, want) && !strings.Contains(results[p].Warning, "package clause") {
				t.Errorf("hook stub %s: kept in package %s, the package is now %s, and no warning says so", p, goPackage(t, orig), goPackage(t, want))
			}
		case !selected && ok:
			t.Errorf("%s: untouched and no longer selected, but still there (%v)", p, results[p].Action)
		case selected && !bytes.Equal(got, want):
			t.Errorf("%s: untouched, but not the new output after generate (%v)", p, results[p].Action)
		}
	}

	// Markers only in files reported as conflicted, and as many blocks as
	// reported.
	err = filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		n := merge.CountConflicts(data)
		marked := bytes.Contains(data, []byte("<<<<<<< ")) || bytes.Contains(data, []byte(">>>>>>> "))
		switch reported := results[rel].Conflicts; {
		case strings.HasPrefix(rel, manifest.PristineDir+"/") && marked:
			t.Errorf("pristine copy %s has conflict markers", rel)
		case n != reported:
			t.Errorf("%s: %d conflict blocks on disk, %d reported", rel, n, reported)
		case marked && reported == 0:
			t.Errorf("%s: marker text in a file not reported as conflicted", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRegenRecord(t, root)
	if len(conflicted) > 0 {
		return rep
	}

	// Without a conflict the module's Go files all parse.
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".regstack" {
			return filepath.SkipDir
		}
		if d.IsDir() || path.Ext(name) != ".go" {
			return nil
		}
		if _, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution); err != nil {
			rel, _ := filepath.Rel(root, name)
			t.Errorf("%s (%v) does not parse after a clean generate: %v", rel, results[filepath.ToSlash(rel)].Action, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// And generating again changes no byte.
	snap := regenSnapshot(t, root)
	again, err := write.Apply(root, second.res, second.meta, write.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range again.Files {
		switch f.Action {
		case merge.Unchanged, merge.Keep, merge.KeepOrphan, merge.SkipDeleted:
		default:
			t.Errorf("%s: a second generate would %v it", f.Path, f.Action)
		}
	}
	if diff := cmp.Diff(snap, regenSnapshot(t, root)); diff != "" {
		t.Errorf("a second generate changed the tree (-before +after):\n%s", diff)
	}
	return rep
}

// checkRegenRecord checks that regstack.lock lists exactly the files that
// have a pristine copy, each with that copy's hash.
func checkRegenRecord(t *testing.T, root string) {
	t.Helper()
	lock, err := write.ReadLock(root)
	if err != nil || lock == nil {
		t.Fatalf("reading regstack.lock: %v (lock %v)", err, lock)
	}
	want := map[string]string{}
	for _, f := range lock.Files {
		want[f.Path] = f.SHA256
	}
	got := map[string]string{}
	pristine := filepath.Join(root, filepath.FromSlash(manifest.PristineDir))
	err = filepath.WalkDir(pristine, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(name)
		rel, _ := filepath.Rel(pristine, name)
		got[filepath.ToSlash(rel)] = manifest.Hash(data)
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lock entries (-) and pristine copies (+) disagree:\n%s", diff)
	}
}

// regenSnapshot maps every file below root to its content.
func regenSnapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(name string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(name)
		rel, _ := filepath.Rel(root, name)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// goPackage returns the package a Go source declares.
func goPackage(t *testing.T, src []byte) string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
	if err != nil {
		t.Fatal(err)
	}
	return f.Name.Name
}
