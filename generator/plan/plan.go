// Package plan decides what to generate: from the generation keys of a
// regstack.toml and the blueprint index it lists every file the host gets,
// where it goes, why, and how regeneration treats it. A Plan is data; it
// makes every decision so that rendering makes none.
package plan

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/feature"
)

// Policy says how regeneration treats a file.
type Policy string

const (
	// Managed files are merged three-way with the host's edits.
	Managed Policy = "managed"
	// Stub files are written once and then belong to the host alone.
	Stub Policy = "stub"
	// Computed files are built from the config by code, not copied from a
	// blueprint; they are merged like managed files.
	Computed Policy = "computed"
)

// Computed sources, named in PlannedFile.Source.
const (
	SourceWire     = "computed:wire"
	SourceTestWire = "computed:testwire"
	SourceHookStub = "computed:hook"
)

// PlannedFile is one file of the generated tree.
type PlannedFile struct {
	// HostPath is the slash path relative to the host module root.
	HostPath string
	// Source is the blueprint path, or one of the Source* names.
	Source string
	// Policy is how regeneration treats the file.
	Policy Policy
	// Reason is the feature condition that selected the file ("" = core).
	Reason string
	// Hook is the event name for hook stubs.
	Hook string
}

// Plan is everything render needs.
type Plan struct {
	Gen      config.Generation
	Features feature.Set
	Files    []PlannedFile
	// Hooks are the events of [generate] hooks, from the blueprint's event
	// table, in the order of Gen.Hooks.
	Hooks []blueprint.Event
}

// Features returns the feature set a generation selects.
func Features(g config.Generation) (feature.Set, error) {
	names := []string{"backend=" + g.Backend}
	if g.EmailBackend != "" {
		names = append(names, "email="+g.EmailBackend)
	}
	for _, k := range config.FlagKeys() {
		if g.Flags[k.Key] {
			names = append(names, k.Feature)
		}
	}
	if g.SMSBackend != "" {
		names = append(names, "sms="+g.SMSBackend)
	}
	for _, p := range g.OAuthProviders {
		names = append(names, "oauth."+p)
	}
	return feature.NewSet(names...)
}

// Make builds the plan for g from the blueprint index.
func Make(g config.Generation, idx blueprint.Index) (Plan, error) {
	set, err := Features(g)
	if err != nil {
		return Plan{}, err
	}
	if err := checkAvailable(set, idx); err != nil {
		return Plan{}, err
	}
	p := Plan{Gen: g, Features: set}
	for _, f := range idx.Files {
		if f.Omit || !f.Condition.Holds(set) || (isCLI(f.Path) && g.CLI == "") {
			continue
		}
		host, ok := hostPath(g, f.Path)
		if !ok {
			return Plan{}, fmt.Errorf("blueprint %s: no host location for this directory", f.Path)
		}
		p.Files = append(p.Files, PlannedFile{
			HostPath: host,
			Source:   f.Path,
			Policy:   Managed,
			Reason:   f.Condition.String(),
		})
	}
	p.Files = append(p.Files,
		PlannedFile{HostPath: path.Join(g.Output, "wire_gen.go"), Source: SourceWire, Policy: Computed},
		PlannedFile{HostPath: path.Join(g.Output, "wire_gen_test.go"), Source: SourceTestWire, Policy: Computed},
	)
	if p.Hooks, err = hookEvents(g.Hooks, set, idx.Events); err != nil {
		return Plan{}, err
	}
	for _, h := range g.Hooks {
		p.Files = append(p.Files, PlannedFile{
			HostPath: path.Join(g.Output, "hook_"+h+".go"),
			Source:   SourceHookStub,
			Policy:   Stub,
			Hook:     h,
		})
	}
	slices.SortFunc(p.Files, func(a, b PlannedFile) int { return strings.Compare(a.HostPath, b.HostPath) })
	for i := 1; i < len(p.Files); i++ {
		if p.Files[i].HostPath == p.Files[i-1].HostPath {
			return Plan{}, fmt.Errorf("two planned files at %s (%s, %s)", p.Files[i].HostPath, p.Files[i-1].Source, p.Files[i].Source)
		}
	}
	return p, nil
}

// isCLI reports whether a blueprint file belongs to the host CLI, which
// `[generate] cli = ""` leaves out.
func isCLI(bp string) bool { return strings.HasPrefix(bp, "cli/") }

// hostPath maps a blueprint path to its place in the host module: auth/…
// to [generate] output, cli/… to [generate] cli.
func hostPath(g config.Generation, bp string) (string, bool) {
	switch {
	case strings.HasPrefix(bp, "auth/"):
		return path.Join(g.Output, strings.TrimPrefix(bp, "auth/")), true
	case strings.HasPrefix(bp, "cli/"):
		return path.Join(g.CLI, strings.TrimPrefix(bp, "cli/")), true
	}
	return "", false
}

// ErrUnavailable is returned when the configuration selects a feature this
// version of regstack-gen cannot generate yet.
var ErrUnavailable = errors.New("feature not available in this version of regstack-gen")

// hookEvents looks up each hook in the blueprint's event table and refuses
// one whose event the feature set does not generate: its stub would name a
// type the package lacks.
func hookEvents(hooks []string, set feature.Set, table []blueprint.Event) ([]blueprint.Event, error) {
	var out []blueprint.Event
	for _, h := range hooks {
		i := slices.IndexFunc(table, func(e blueprint.Event) bool { return e.Name == h })
		if i < 0 {
			return nil, fmt.Errorf("generate.hooks: unknown event %q", h)
		}
		ev := table[i]
		if !ev.Condition.Holds(set) {
			var keys []string
			for _, n := range ev.Condition.Names() {
				f, _ := feature.Lookup(n)
				keys = append(keys, f.Key)
			}
			return nil, fmt.Errorf("generate.hooks: %q is only fired with %s (set %s, or remove the hook)",
				h, ev.Condition, strings.Join(keys, ", "))
		}
		out = append(out, ev)
	}
	return out, nil
}

// checkAvailable refuses features no blueprint implements, so a user never
// gets a package that silently lacks what the toml asked for.
func checkAvailable(set feature.Set, idx blueprint.Index) error {
	var missing []string
	for _, n := range set.Names() {
		if !idx.Mentioned[n] {
			f, _ := feature.Lookup(n)
			missing = append(missing, fmt.Sprintf("%s (set by %s)", f.Doc, f.Key))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s", ErrUnavailable, strings.Join(missing, "; "))
	}
	return nil
}

// Available reports which features of All the blueprints implement, in the
// order of feature.All: what init may offer.
func Available(idx blueprint.Index) []feature.Feature {
	var out []feature.Feature
	for _, f := range feature.All() {
		if idx.Mentioned[f.Name] {
			out = append(out, f)
		}
	}
	return out
}
