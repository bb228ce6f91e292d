package config

import (
	"go/token"
	"path"
	"strings"

	"github.com/regstack/regstack-gen/blueprints"
	"github.com/regstack/regstack-gen/generator/blueprint"
)

// checkGenerate checks the [generate] table.
func (c *Config) checkGenerate() Errors {
	var errs Errors
	g := c.Generate
	dirs := []struct{ key, val string }{{"generate.output", g.Output}}
	// An empty cli means "no CLI": the host gets the package alone.
	if g.CLI != "" {
		dirs = append(dirs, struct{ key, val string }{"generate.cli", g.CLI})
	}
	for _, d := range dirs {
		if e := c.checkDir(d.key, d.val); e != nil {
			errs = append(errs, e)
		}
	}
	if g.Output != "" && path.Clean(g.Output) == path.Clean(g.CLI) {
		errs = append(errs, c.problem("generate.cli", "generate.cli must differ from generate.output, both are "+quote(g.Output), ""))
	}
	switch {
	case !token.IsIdentifier(g.Package):
		errs = append(errs, c.problem("generate.package", "generate.package must be a Go identifier, got "+quote(g.Package), ""))
	case g.Package == "main":
		errs = append(errs, c.problem("generate.package", `generate.package must not be "main"`, "the host imports the generated package"))
	}
	errs = append(errs, c.checkHooks()...)
	return errs
}

// checkDir checks that dir is a clean, relative slash path naming a
// directory inside the host module.
func (c *Config) checkDir(key, dir string) *Error {
	bad := dir == "" || dir == "." ||
		strings.Contains(dir, `\`) ||
		path.IsAbs(dir) ||
		(len(dir) >= 2 && dir[1] == ':') ||
		dir == ".." || strings.HasPrefix(dir, "../") || strings.Contains(dir, "/../") || strings.HasSuffix(dir, "/..")
	if bad {
		return c.problem(key, key+" must be a relative slash path inside the module, got "+quote(dir), "")
	}
	if clean := path.Clean(dir); clean != dir {
		return c.problem(key, key+" must be a clean path, got "+quote(dir), didYouMean(clean))
	}
	return nil
}

// checkHooks checks [generate] hooks against the blueprint's event table
// (blueprint.EventsFile). Whether an event's feature is selected is the
// plan's question: it knows the feature set.
func (c *Config) checkHooks() Errors {
	if len(c.Generate.Hooks) == 0 {
		return nil
	}
	names, err := HookEvents()
	if err != nil {
		return Errors{c.problem("generate.hooks", "generate.hooks: reading the event table: "+err.Error(), "")}
	}
	var errs Errors
	seen := map[string]bool{}
	for _, h := range c.Generate.Hooks {
		switch {
		case h == "user_logged_out":
			errs = append(errs, c.problem("generate.hooks", `generate.hooks: "user_logged_out" is never fired, so it cannot have a stub`, ""))
		case !contains(names, h):
			errs = append(errs, c.problem("generate.hooks", "generate.hooks: unknown event "+quote(h), didYouMean(suggest(h, names))))
		case seen[h]:
			errs = append(errs, c.problem("generate.hooks", "generate.hooks lists "+quote(h)+" twice", ""))
		}
		seen[h] = true
	}
	return errs
}

// HookEvents returns the event names [generate] hooks may list: those of
// the blueprint's event table, whatever features select them. (Upstream's
// user_logged_out is declared but never fired, so it has no event type.)
func HookEvents() ([]string, error) {
	evs, err := blueprint.Events(blueprints.FS)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(evs))
	for i, e := range evs {
		names[i] = e.Name
	}
	return names, nil
}
