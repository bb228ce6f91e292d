package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/mod/module"

	"github.com/regstack/regstack-gen/blueprints"
	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/gomod"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/render"
	"github.com/regstack/regstack-gen/generator/write"
)

// Blueprints returns the embedded blueprint tree, rooted at its top.
func Blueprints() fs.FS { return blueprints.FS }

// Build runs the pure part of the pipeline: plan and render the package for
// cfg in a host module called modulePath.
func Build(cfg *config.Config, modulePath, version string) (plan.Plan, render.Result, error) {
	idx, err := blueprint.Load(Blueprints())
	if err != nil {
		return plan.Plan{}, render.Result{}, fmt.Errorf("blueprints: %w", err)
	}
	p, err := plan.Make(cfg.Generation(), idx)
	if err != nil {
		return plan.Plan{}, render.Result{}, locateUnavailable(cfg, err)
	}
	res, err := render.Render(p, Blueprints(), render.Options{Version: version, ModulePath: modulePath})
	if err != nil {
		return plan.Plan{}, render.Result{}, err
	}
	return p, res, nil
}

// locateUnavailable turns plan's list of settings that select code this
// version cannot generate into configuration errors at their lines of
// regstack.toml; other errors pass through.
func locateUnavailable(cfg *config.Config, err error) error {
	var ue *plan.UnavailableError
	if !errors.As(err, &ue) {
		return err
	}
	var errs config.Errors
	for _, u := range ue.Settings {
		errs = append(errs, cfg.ErrorAt(u.Key,
			fmt.Sprintf("%s: %s is not available in this version of regstack-gen", u.Key, u.What),
			"remove the setting or set it back to its default"))
	}
	return errs
}

// Request is one generation into a host module.
type Request struct {
	// Root is the host module's root directory (where go.mod is).
	Root string
	// Config is the parsed regstack.toml.
	Config *config.Config
	// Version overrides the generator Version (tests pin it).
	Version string
	// Write controls how host edits are treated.
	Write write.Options
}

// Outcome is what a generation did.
type Outcome struct {
	Plan         plan.Plan
	Report       write.Report
	Requires     []module.Version
	GoModChanged bool
}

// Generate plans, renders and applies the package to req.Root, then adds
// the required modules to the host's go.mod.
func Generate(req Request) (Outcome, error) {
	gomodPath := filepath.Join(req.Root, "go.mod")
	modData, err := os.ReadFile(gomodPath)
	if err != nil {
		return Outcome{}, fmt.Errorf("reading the host go.mod: %w", err)
	}
	modulePath := gomod.ModulePath(modData)
	if modulePath == "" {
		return Outcome{}, fmt.Errorf("%s: no module line", gomodPath)
	}
	version := req.Version
	if version == "" {
		version = Version
	}
	p, res, err := Build(req.Config, modulePath, version)
	if err != nil {
		return Outcome{}, err
	}
	meta := write.Meta{Version: version, Fingerprint: req.Config.Generation().Fingerprint(), Features: p.Features.Names()}
	rep, err := write.Apply(req.Root, res, meta, req.Write)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Plan: p, Report: rep, Requires: res.Requires}
	if !req.Write.DryRun {
		out.GoModChanged, err = write.GoMod(req.Root, res.Requires)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}
