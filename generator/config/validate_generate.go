package config

import (
	"go/token"
	"path"
	"strings"
)

// checkGenerate checks the [generate] table.
func (c *Config) checkGenerate() Errors {
	var errs Errors
	g := c.Generate
	for _, d := range []struct{ key, val string }{
		{"generate.output", g.Output},
		{"generate.cli", g.CLI},
	} {
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
	seen := map[string]bool{}
	for _, h := range g.Hooks {
		switch {
		case h == "user_logged_out":
			errs = append(errs, c.problem("generate.hooks", `generate.hooks: "user_logged_out" is never fired, so it cannot have a stub`, ""))
		case !contains(HookEvents(), h):
			errs = append(errs, c.problem("generate.hooks", "generate.hooks: unknown event "+quote(h), didYouMean(suggest(h, HookEvents()))))
		case seen[h]:
			errs = append(errs, c.problem("generate.hooks", "generate.hooks lists "+quote(h)+" twice", ""))
		}
		seen[h] = true
	}
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
