// Package plan decides what to generate: from the generation keys of a
// regstack.toml and the blueprint index it lists every file the host gets,
// where it goes, why, and how regeneration treats it. A Plan is data; it
// makes every decision so that rendering makes none.
package plan

import (
	"errors"
	"fmt"
	"maps"
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
	// SourceOpenAPI is the package's openapi.json: the OpenAPI document of
	// the selected features' endpoints.
	SourceOpenAPI = "computed:openapi"
)

// openAPIBlueprint is the blueprint's own openapi.json: the document of
// every feature, which the blueprint's union build embeds. A host gets the
// computed document of its features at the same place instead.
const openAPIBlueprint = "auth/openapi.json"

// Format is how render turns a blueprint file's selected text into the
// host's file.
type Format string

const (
	// FormatGo rewrites the package clause and imports for the host,
	// drops unused imports, adds the regstack header and gofmts.
	FormatGo Format = "go"
	// FormatTemplate adds the regstack header as a template comment.
	FormatTemplate Format = "template"
	// FormatVerbatim copies the selected text as it is (SQL migrations,
	// static files).
	FormatVerbatim Format = "verbatim"
)

// Derivation names the tool and the repository file a blueprint file was
// derived from; render writes it into the header of a Go file.
type Derivation struct {
	// Tool is "sqlc" (render replaces sqlc's header by the regstack one)
	// or "copy" (scripts/copy-migrations.sh).
	Tool string
	// From is the source's path in the regstack-gen repository.
	From string
}

// PlannedFile is one file of the generated tree and every decision render
// needs to produce it.
type PlannedFile struct {
	// HostPath is the slash path relative to the host module root.
	HostPath string
	// Source is the blueprint path, or one of the Source* names.
	Source string
	// Policy is how regeneration treats the file.
	Policy Policy
	// Reason is the feature condition that selected the file ("" = core).
	Reason string
	// Format is how render writes a blueprint file.
	Format Format
	// Engine is the database the file is written for ("sqlite",
	// "postgres", "mongo"), from the backend its condition requires; ""
	// for files every backend shares.
	Engine string
	// Renames maps default SQL table names to the names regstack.toml
	// gives them. Render applies them to SQL identifiers only: in SQL text
	// (a .sql file, or a Go string literal that holds a statement) outside
	// comments, and in literals that are exactly a table name (a catalog
	// lookup, a list of tables); never to messages. Nil when the file
	// holds no SQL of a SQL engine or no table is renamed.
	Renames map[string]string
	// Derived is where the blueprint file comes from, when it is not
	// written by hand (zero otherwise).
	Derived Derivation
	// Calls is, for the computed wire files, the blueprint function their
	// body calls: the backend's store constructor (wire_gen.go) or test
	// database helper (wire_gen_test.go).
	Calls string
	// EmailCalls is, for wire_gen.go, the constructor of the [email]
	// backend's transport (in email_<backend>.go).
	EmailCalls string
	// SMSCalls is, for wire_gen.go, the constructor of the [sms] backend's
	// transport (in sms_<backend>.go); "" without enable_sms_2fa.
	SMSCalls string
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

// Features returns the feature set a generation selects. A setting that
// selects code this version cannot generate yet (no feature of that name)
// is ErrUnavailable, naming the setting.
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
		names = append(names, "oauth_"+p)
	}
	// Google and generic OpenID Connect share the ID-token code (go-oidc);
	// GitHub alone does not need it.
	if slices.Contains(g.OAuthProviders, "google") || slices.Contains(g.OAuthProviders, "oidc") {
		names = append(names, "oauth_idtoken")
	}
	var unknown UnavailableError
	for _, n := range names {
		if !feature.Known(n) {
			unknown.Settings = append(unknown.Settings, Unavailable{Key: settingKey(n), What: n})
		}
	}
	if len(unknown.Settings) > 0 {
		return feature.Set{}, &unknown
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
		if f.Omit || !f.Condition.Holds(set) || (isCLI(f.Path) && g.CLI == "") || f.Path == openAPIBlueprint {
			continue
		}
		host, ok := hostPath(g, f.Path)
		if !ok {
			return Plan{}, fmt.Errorf("blueprint %s: no host location for this directory", f.Path)
		}
		p.Files = append(p.Files, blueprintFile(g, f, host))
	}
	w, ok := backendWiring()[g.Backend]
	if !ok {
		return Plan{}, fmt.Errorf("no store for backend %q", g.Backend)
	}
	emailOpener, ok := emailWiring()[g.EmailBackend]
	if !ok {
		return Plan{}, fmt.Errorf("no email transport for [email] backend %q", g.EmailBackend)
	}
	smsOpener := ""
	if g.Flags["enable_sms_2fa"] {
		if smsOpener, ok = smsWiring()[g.SMSBackend]; !ok {
			return Plan{}, fmt.Errorf("no SMS transport for [sms] backend %q", g.SMSBackend)
		}
	}
	p.Files = append(p.Files,
		PlannedFile{HostPath: path.Join(g.Output, "wire_gen.go"), Source: SourceWire, Policy: Computed, Format: FormatGo, Engine: g.Backend, Calls: w.opener, EmailCalls: emailOpener, SMSCalls: smsOpener},
		PlannedFile{HostPath: path.Join(g.Output, "wire_gen_test.go"), Source: SourceTestWire, Policy: Computed, Format: FormatGo, Engine: g.Backend, Calls: w.testURL},
		PlannedFile{HostPath: path.Join(g.Output, "openapi.json"), Source: SourceOpenAPI, Policy: Computed, Format: FormatVerbatim},
	)
	if p.Hooks, err = hookEvents(g.Hooks, set, idx.Events); err != nil {
		return Plan{}, err
	}
	for _, h := range g.Hooks {
		p.Files = append(p.Files, PlannedFile{
			HostPath: path.Join(g.Output, "hook_"+h+".go"),
			Source:   SourceHookStub,
			Policy:   Stub,
			Format:   FormatGo,
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

// blueprintFile plans one blueprint file at host: its format, engine,
// table renames and derivation.
func blueprintFile(g config.Generation, f blueprint.File, host string) PlannedFile {
	pf := PlannedFile{
		HostPath: host,
		Source:   f.Path,
		Policy:   Managed,
		Reason:   f.Condition.String(),
		Format:   format(f.Path),
		Engine:   engine(f.Condition),
	}
	if sqlEngine(pf.Engine) {
		if (pf.Format == FormatGo || path.Ext(f.Path) == ".sql") && len(g.SQLTables) > 0 {
			pf.Renames = maps.Clone(g.SQLTables)
		}
		switch {
		case f.SQLC && f.SQLCSource != "":
			pf.Derived = Derivation{Tool: "sqlc", From: path.Join("queries", pf.Engine, f.SQLCSource)}
		case f.SQLC:
			pf.Derived = Derivation{Tool: "sqlc", From: path.Join("queries", pf.Engine)}
		case strings.HasPrefix(f.Path, path.Join("auth/migrations", pf.Engine)+"/"):
			pf.Derived = Derivation{Tool: "copy", From: path.Join("sql", pf.Engine, path.Base(f.Path))}
		}
	}
	return pf
}

// format picks how a blueprint file is written from its extension.
func format(bp string) Format {
	switch path.Ext(bp) {
	case ".go":
		return FormatGo
	case ".html", ".txt", ".tmpl":
		return FormatTemplate
	}
	return FormatVerbatim
}

// engine is the backend a file's condition requires, or "".
func engine(c feature.Condition) string {
	for _, n := range c.Positive() {
		if b, ok := strings.CutPrefix(n, "backend="); ok {
			return b
		}
	}
	return ""
}

// sqlEngine reports whether e speaks SQL, so table renames apply.
func sqlEngine(e string) bool { return e == "sqlite" || e == "postgres" }

// wiring names the blueprint functions the computed wire files call for
// one backend.
type wiring struct{ opener, testURL string }

// backendWiring maps each backend to its store constructor (in
// store_<backend>.go) and its test database helper (testdb_<backend>_test.go).
func backendWiring() map[string]wiring {
	return map[string]wiring{
		"sqlite":   {"openSQLiteStore", "sqliteTestURL"},
		"postgres": {"openPostgresStore", "postgresTestURL"},
		"mongo":    {"openMongoStore", "mongoTestURL"},
	}
}

// emailWiring maps each [email] backend to its transport constructor (in
// email_<backend>.go); an empty backend is the default, console.
func emailWiring() map[string]string {
	return map[string]string{
		"":        "openConsoleEmailSender",
		"console": "openConsoleEmailSender",
		"smtp":    "openSMTPEmailSender",
		"ses":     "openSESEmailSender",
	}
}

// smsWiring maps each [sms] backend to its transport constructor (in
// sms_<backend>.go); an empty backend is the default, null.
func smsWiring() map[string]string {
	return map[string]string{
		"null":   "openNullSMSSender",
		"sns":    "openSNSSMSSender",
		"twilio": "openTwilioSMSSender",
	}
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
// version of regstack-gen cannot generate yet; the error is an
// *UnavailableError naming the settings.
var ErrUnavailable = errors.New("feature not available in this version of regstack-gen")

// UnavailableError names each setting of regstack.toml that selects code
// this version cannot generate, so that the caller can point at its line.
type UnavailableError struct {
	Settings []Unavailable
}

// Unavailable is one setting selecting code that does not exist.
type Unavailable struct {
	// Key is the dotted regstack.toml key: "enable_oauth", "sms.backend".
	Key string
	// What describes the code it selects.
	What string
}

// Error lists the settings: "feature not available in this version of
// regstack-gen: OAuth sign-in endpoints (set by enable_oauth)".
func (e *UnavailableError) Error() string {
	parts := make([]string, len(e.Settings))
	for i, u := range e.Settings {
		parts[i] = fmt.Sprintf("%s (set by %s)", u.What, u.Key)
	}
	return ErrUnavailable.Error() + ": " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrUnavailable) hold.
func (e *UnavailableError) Is(target error) bool { return target == ErrUnavailable }

// settingKey returns the regstack.toml key that selects the feature name.
func settingKey(name string) string {
	switch {
	case strings.HasPrefix(name, "backend="):
		return "backend"
	case strings.HasPrefix(name, "email="):
		return "email.backend"
	case strings.HasPrefix(name, "sms="):
		return "sms.backend"
	case name == "oauth_google":
		return "oauth.google_client_id"
	case strings.HasPrefix(name, "oauth_"):
		return "oauth.providers"
	}
	if f, ok := feature.Lookup(name); ok {
		return f.Key
	}
	return name
}

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
	var missing UnavailableError
	for _, n := range set.Names() {
		if !idx.Mentioned[n] {
			f, _ := feature.Lookup(n)
			missing.Settings = append(missing.Settings, Unavailable{Key: settingKey(n), What: f.Doc})
		}
	}
	if len(missing.Settings) > 0 {
		return &missing
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
