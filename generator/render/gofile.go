package render

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// BlueprintImportPath is the import path of the blueprint package inside
// this module; generated code imports the host's copy instead.
const BlueprintImportPath = "github.com/regstack/regstack-gen/blueprints/auth"

// BlueprintPackage is the package name blueprints are written with.
const BlueprintPackage = "auth"

// goEdit describes how one Go file is rewritten for a host.
type goEdit struct {
	pkg        string // host package name
	importPath string // host import path of the generated package
	header     string
}

// rewriteGo turns a selected blueprint Go file into host code: package
// clause, import paths, references to the blueprint package in external
// tests, unused imports, header, gofmt.
func rewriteGo(name string, src []byte, e goEdit) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	switch f.Name.Name {
	case BlueprintPackage:
		f.Name.Name = e.pkg
	case BlueprintPackage + "_test":
		f.Name.Name = e.pkg + "_test"
	}
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		if p == BlueprintImportPath || strings.HasPrefix(p, BlueprintImportPath+"/") {
			imp.Path.Value = strconv.Quote(e.importPath + strings.TrimPrefix(p, BlueprintImportPath))
		}
		if p == BlueprintImportPath && imp.Name == nil && e.pkg != BlueprintPackage {
			renameSelectors(f, BlueprintPackage, e.pkg)
		}
	}
	removeUnusedImports(fset, f, e.importName)
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	out, err := format.Source(append([]byte(e.header), buf.Bytes()...))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// renameSelectors rewrites pkg.X references (to an imported package, not a
// local variable) from one package name to another.
func renameSelectors(f *ast.File, from, to string) {
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == from && id.Obj == nil {
				id.Name = to
			}
		}
		return true
	})
}

// removeUnusedImports deletes imports whose package name is never used as a
// selector. Package names come from importName, never from guessing the
// last path element (astutil.UsesImport guesses, and gets pgx/v5 wrong).
func removeUnusedImports(fset *token.FileSet, f *ast.File, importName func(string) string) {
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && id.Obj == nil {
				used[id.Name] = true
			}
		}
		return true
	})
	type unused struct{ name, path string }
	var drop []unused
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name == "_" || name == "." {
			continue
		}
		ref := name
		if ref == "" {
			ref = importName(p)
		}
		if !used[ref] {
			drop = append(drop, unused{name, p})
		}
	}
	// Delete after the scan: DeleteNamedImport edits f.Imports.
	for _, d := range drop {
		astutil.DeleteNamedImport(fset, f, d.name, d.path)
	}
}

// importName is the package name an import path declares: the host
// package's own name, the committed table for third-party packages, else the
// last path element (right for the standard library and for the generated
// internal packages).
func (e goEdit) importName(p string) string {
	if p == e.importPath {
		return e.pkg
	}
	if n, ok := importNames()[p]; ok {
		return n
	}
	return lastElem(p)
}

// lastElem is the conventional package name of a path: its last element,
// or the one before a major-version suffix (math/rand/v2 declares rand).
func lastElem(p string) string {
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && path.Dir(p) != "." {
		return path.Base(path.Dir(p))
	}
	return base
}
