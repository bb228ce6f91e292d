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
	"strings"

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
		if strings.HasSuffix(pf.HostPath, ".go") {
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
		return renderWire(p, opts, edit)
	case plan.SourceTestWire:
		return renderTestWire(p, opts, edit)
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
	if r := newTableRenamer(p.Gen.SQLTables); r != nil && sqlFile(pf.Source) {
		if path.Ext(pf.Source) == ".go" {
			sel = r.goStrings(sel)
		} else {
			sel = []byte(r.sql(string(sel)))
		}
	}
	switch ext := path.Ext(pf.Source); {
	case ext == ".go":
		derived := ""
		if body, source, ok := stripSQLCHeader(sel); ok {
			sel = body
			derived = fmt.Sprintf("Derived by sqlc from queries/%s/%s.", sqlcEngine(pf.Source), source)
		}
		e := edit
		e.header = goHeader(opts.Version, pf.Reason, derived)
		return rewriteGo(pf.HostPath, sel, e)
	case ext == ".html" || ext == ".txt" || ext == ".tmpl":
		return append([]byte(templateHeader(opts.Version)), sel...), nil
	default:
		return sel, nil
	}
}

// sqlcEngine names the query folder of an sqlc output package.
func sqlcEngine(bpPath string) string {
	switch {
	case strings.Contains(bpPath, "/pgdb/"):
		return "postgres"
	default:
		return "sqlite"
	}
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
