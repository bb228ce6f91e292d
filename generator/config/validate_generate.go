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
	seen := map[string]bool{}
	for _, h := range g.Hooks {
		switch {
		case h == "user_logged_out":
			errs = append(errs, c.problem("generate.hooks", `generate.hooks: "user_logged_out" is never fired, so it cannot have a stub`, ""))
		case !contains(HookEvents(), h):
			errs = append(errs, c.problem("generate.hooks", "generate.hooks: unknown event "+quote(h), didYouMean(suggest(h, HookEvents()))))
		case seen[h]:
			errs = append(errs, c.problem("generate.hooks", "generate.hooks lists "+quote(h)+" twice", ""))
		case !c.hookAvailable(h):
			flag := hookFeatures()[h]
			errs = append(errs, c.problem("generate.hooks", "generate.hooks: "+quote(h)+" is only fired when "+flag+" = true",
				"set "+flag+" = true, or remove the hook"))
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

// hookFeatures maps the events that belong to an optional feature to the
// flag that enables it. Their event types exist only in a package
// generated with that feature, so a stub for one would not compile
// without it.
func hookFeatures() map[string]string {
	return map[string]string{
		"mfa_login_started":      "enable_sms_2fa",
		"phone_setup_started":    "enable_sms_2fa",
		"mfa_enabled":            "enable_sms_2fa",
		"mfa_disabled":           "enable_sms_2fa",
		"oauth_signin_started":   "enable_oauth",
		"oauth_signin_completed": "enable_oauth",
		"oauth_account_linked":   "enable_oauth",
		"oauth_account_unlinked": "enable_oauth",
	}
}

// hookAvailable reports whether event h is fired by the code c selects.
func (c *Config) hookAvailable(h string) bool {
	switch hookFeatures()[h] {
	case "enable_sms_2fa":
		return c.EnableSMS2FA
	case "enable_oauth":
		return c.EnableOAuth
	}
	return true
}
