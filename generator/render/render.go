// Package render turns a Plan into file contents: blueprint files with
// their feature regions selected and their package, imports and header
// rewritten for the host, plus the few computed files built with jennifer.
// It decides nothing: every choice comes from the Plan.
package render

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"

	"golang.org/x/mod/module"

	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/gomod"
	"github.com/regstack/regstack-gen/generator/plan"
	"github.com/regstack/regstack-gen/generator/tree"
)

// Options are the facts about the host and the generator that rendering
// needs besides the plan.
type Options struct {
	// Version is the generator version written into headers. Golden tests
	// pass a fixed value.
	Version string
	// ModulePath is the host module's path.
	ModulePath string
}

// Result is the rendered output.
type Result struct {
	// Tree holds every planned file's content at its host path.
	Tree tree.Tree
	// Requires lists the modules the generated code imports.
	Requires []module.Version
	// Policies maps each host path to its regeneration policy.
	Policies map[string]plan.Policy
}

// Render renders every file of p, reading blueprints from bp.
func Render(p plan.Plan, bp fs.FS, opts Options) (Result, error) {
	res := Result{Policies: map[string]plan.Policy{}}
	edit := goEdit{
		pkg:        p.Gen.Package,
		importPath: path.Join(opts.ModulePath, p.Gen.Output),
	}
	var imports []string
	for _, pf := range p.Files {
		data, err := renderFile(p, pf, bp, opts, edit)
		if err != nil {
			return Result{}, err
		}
		if pf.Format == plan.FormatGo {
			imps, err := fileImports(pf.HostPath, data)
			if err != nil {
				return Result{}, err
			}
			imports = append(imports, imps...)
		}
		res.Tree.Set(pf.HostPath, data)
		res.Policies[pf.HostPath] = pf.Policy
	}
	slices.Sort(imports)
	reqs, err := gomod.Requires(slices.Compact(imports), opts.ModulePath)
	if err != nil {
		return Result{}, err
	}
	res.Requires = reqs
	return res, nil
}

func renderFile(p plan.Plan, pf plan.PlannedFile, bp fs.FS, opts Options, edit goEdit) ([]byte, error) {
	switch pf.Source {
	case plan.SourceWire:
		return renderWire(p, pf, opts, edit)
	case plan.SourceTestWire:
		return renderTestWire(pf, opts, edit)
	case plan.SourceOpenAPI:
		return renderOpenAPI(p, opts)
	case plan.SourceHookStub:
		for _, ev := range p.Hooks {
			if ev.Name == pf.Hook {
				return renderHookStub(ev, opts, edit)
			}
		}
		return nil, fmt.Errorf("%s: event %q is not among the plan's hooks", pf.HostPath, pf.Hook)
	}
	src, err := fs.ReadFile(bp, pf.Source)
	if err != nil {
		return nil, err
	}
	sel, err := blueprint.Select(pf.Source, src, p.Features)
	if err != nil {
		return nil, err
	}
	r := newTableRenamer(pf.Renames)
	switch pf.Format {
	case plan.FormatGo:
		if r != nil {
			sel = r.goStrings(sel)
		}
		derived := ""
		if pf.Derived.Tool == "sqlc" {
			body, _, ok := blueprint.SplitSQLCHeader(sel)
			if !ok {
				return nil, fmt.Errorf("%s: planned as sqlc output, but has no sqlc header", pf.Source)
			}
			sel = body
			derived = fmt.Sprintf("Derived by sqlc from %s.", pf.Derived.From)
		}
		e := edit
		e.header = goHeader(opts.Version, pf.Reason, derived)
		return rewriteGo(pf.HostPath, sel, e)
	case plan.FormatTemplate:
		return append([]byte(templateHeader(opts.Version)), sel...), nil
	case plan.FormatVerbatim:
		if r != nil {
			sel = []byte(r.sql(string(sel)))
		}
		return sel, nil
	}
	return nil, fmt.Errorf("%s: no format planned", pf.Source)
}

// fileImports lists the import paths of a rendered Go file.
func fileImports(name string, src []byte) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("rendered %s does not parse: %w", name, err)
	}
	out := make([]string, 0, len(f.Imports))
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		out = append(out, p)
	}
	return out, nil
}
