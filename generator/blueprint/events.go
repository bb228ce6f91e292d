package blueprint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strconv"
	"strings"

	"github.com/regstack/regstack-gen/generator/feature"
)

// EventsFile is the blueprint's event table: one typed struct per event
// with its EventName and On… method, and one handler list per event in
// eventHandlerLists. The generator reads the event names from it rather
// than keeping a list of its own.
const EventsFile = "auth/events.go"

// Event is one event of the blueprint's event table.
type Event struct {
	// Name is the upstream event name EventName returns, e.g.
	// "user_registered"; [generate] hooks lists these.
	Name string
	// Type is the event struct, e.g. "UserRegistered".
	Type string
	// Condition is the feature region the event is declared in: the event
	// exists only in a package generated with it (the empty condition:
	// every package).
	Condition feature.Condition
}

// OnMethod is the RegStack method that registers a handler for e.
func (e Event) OnMethod() string { return "On" + e.Type }

// StubFunc is the function a hook stub for e declares.
func (e Event) StubFunc() string { return "on" + e.Type }

// Events parses EventsFile in fsys. Every type with an EventName method is
// an event; its struct, On… method and handler list must sit in regions
// with the same condition, so a package generated for any feature set
// declares each event whole or not at all.
func Events(fsys fs.FS) ([]Event, error) {
	src, err := fs.ReadFile(fsys, EventsFile)
	if err != nil {
		return nil, err
	}
	return parseEvents(EventsFile, src)
}

func parseEvents(name string, src []byte) ([]Event, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	conds := regionConditions(src)
	condAt := func(pos token.Pos) string { return conds[fset.Position(pos).Line-1] }

	declared := map[string]string{} // where each piece of an event sits: key → condition
	var events []Event
	for _, d := range file.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				declared["type "+ts.Name.Name] = condAt(ts.Pos())
				if ts.Name.Name == "eventHandlerLists" {
					if err := listFields(ts, condAt, declared); err != nil {
						return nil, fmt.Errorf("%s: %w", name, err)
					}
				}
			}
		case *ast.FuncDecl:
			recv := receiverType(d)
			switch {
			case recv == "RegStack" && strings.HasPrefix(d.Name.Name, "On"):
				declared["method "+d.Name.Name] = condAt(d.Pos())
			case recv != "" && d.Name.Name == "EventName":
				ev, err := eventName(d)
				if err != nil {
					return nil, fmt.Errorf("%s: %s.EventName: %w", name, recv, err)
				}
				c, err := feature.ParseCondition(condAt(d.Pos()))
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
				events = append(events, Event{Name: ev, Type: recv, Condition: c})
			}
		}
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("%s: no event types (types with an EventName method)", name)
	}
	seen := map[string]bool{}
	for _, e := range events {
		if seen[e.Name] {
			return nil, fmt.Errorf("%s: two events named %q", name, e.Name)
		}
		seen[e.Name] = true
		for _, key := range []string{"type " + e.Type, "method " + e.OnMethod(), "list " + e.Type} {
			c, ok := declared[key]
			switch {
			case !ok:
				return nil, fmt.Errorf("%s: event %s has no %s", name, e.Type, key)
			case c != e.Condition.String():
				return nil, fmt.Errorf("%s: %s is in region %q but its EventName in %q", name, key, c, e.Condition.String())
			}
		}
	}
	return events, nil
}

// listFields records the region of each eventHandlers[T] field of the
// eventHandlerLists struct as "list T".
func listFields(ts *ast.TypeSpec, condAt func(token.Pos) string, declared map[string]string) error {
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return fmt.Errorf("eventHandlerLists is not a struct")
	}
	for _, f := range st.Fields.List {
		idx, ok := f.Type.(*ast.IndexExpr)
		if !ok {
			continue
		}
		if arg, ok := idx.Index.(*ast.Ident); ok {
			declared["list "+arg.Name] = condAt(f.Pos())
		}
	}
	return nil
}

// receiverType returns the name of d's receiver type, pointer or not, or "".
func receiverType(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) != 1 {
		return ""
	}
	t := d.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// eventName returns the string literal an EventName method returns.
func eventName(d *ast.FuncDecl) (string, error) {
	if d.Body == nil || len(d.Body.List) != 1 {
		return "", fmt.Errorf("want a single return of a string literal")
	}
	ret, ok := d.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return "", fmt.Errorf("want a single return of a string literal")
	}
	lit, ok := ret.Results[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", fmt.Errorf("want a single return of a string literal")
	}
	return strconv.Unquote(lit.Value)
}

// regionConditions returns, per line of a Go source, the condition of the
// regstack:if region it is in ("" outside regions). Load has already
// checked that regions are balanced and not nested.
func regionConditions(src []byte) []string {
	syn, _ := syntaxFor("x.go")
	lines := strings.Split(string(src), "\n")
	out := make([]string, len(lines))
	cur := ""
	for i, line := range lines {
		if d, ok := syn.marker(line); ok {
			switch {
			case strings.HasPrefix(d, "if "):
				cur = strings.Join(strings.Fields(strings.TrimPrefix(d, "if ")), " ")
			case d == "end":
				cur = ""
			}
		}
		out[i] = cur
	}
	return out
}
