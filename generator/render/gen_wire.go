package render

import (
	"bytes"
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/regstack/regstack-gen/generator/blueprint"
	"github.com/regstack/regstack-gen/generator/config"
	"github.com/regstack/regstack-gen/generator/plan"
)

// newJenFile starts a computed Go file of the host package with the
// regstack header and the shared import-name table.
func newJenFile(opts Options, edit goEdit) *jen.File {
	f := jen.NewFilePathName(edit.importPath, edit.pkg)
	f.ImportNames(importNames())
	f.HeaderComment(goHeaderText(opts.Version))
	return f
}

// goHeaderText is goHeader without comment markers, for jennifer.
func goHeaderText(version string) string {
	return fmt.Sprintf("Written by regstack-gen %s from regstack.toml.\n"+
		"This file is computed from your configuration and yours to edit: `regstack-gen\n"+
		"generate` merges upstream changes into it and keeps your edits (see regstack.lock).", version)
}

// renderWire builds wire_gen.go: the functions that pick this generation's
// backend and record its generation keys. The blueprint's union build has a
// hand-written wire_blueprint.go with the same functions.
func renderWire(p plan.Plan, pf plan.PlannedFile, opts Options, edit goEdit) ([]byte, error) {
	g := p.Gen
	f := newJenFile(opts, edit)

	// Every boolean generation key, on or off, so the file shows them all.
	flagVals := jen.Dict{}
	for _, k := range config.FlagKeys() {
		flagVals[jen.Lit(k.Key)] = jen.Lit(g.Flags[k.Key])
	}
	flags := jen.Map(jen.String()).Bool().Values(flagVals)

	f.Comment("generatedWith reports the generation keys this package was generated")
	f.Comment("with; LoadConfig refuses a regstack.toml that asks for different ones.")
	f.Func().Id("generatedWith").Params().Params(jen.Id("generationKeys"), jen.Bool()).Block(
		jen.Return(jen.Id("generationKeys").Values(jen.Dict{
			jen.Id("Backend"):      jen.Lit(g.Backend),
			jen.Id("EmailBackend"): jen.Lit(g.EmailBackend),
			jen.Id("SMSBackend"):   jen.Lit(g.SMSBackend),
			jen.Id("Flags"):        flags,
			jen.Id("SQLTables"):    jen.Lit(g.SQLTablesKey()),
		}), jen.True()),
	)
	f.Line()

	f.Comment("openStore opens the " + g.Backend + " store, the backend this package was generated for.")
	f.Func().Id("openStore").Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("cfg").Op("*").Id("Config"),
		jen.Id("o").Op("*").Id("options"),
	).Params(jen.Id("Store"), jen.Error()).Block(
		jen.Return(jen.Id(pf.Calls).Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("o"))),
	)
	f.Line()

	f.Comment("openEmailSender builds the " + emailBackendName(g.EmailBackend) + " email transport, the [email] backend this")
	f.Comment("package was generated for.")
	f.Func().Id("openEmailSender").Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("cfg").Op("*").Id("Config"),
		jen.Id("o").Op("*").Id("options"),
	).Params(jen.Id("EmailSender"), jen.Error()).Block(
		jen.Return(jen.Id(pf.EmailCalls).Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("o"))),
	)
	f.Line()

	if pf.SMSCalls != "" {
		f.Comment("openSMSSender builds the " + g.SMSBackend + " SMS transport, the [sms] backend this")
		f.Comment("package was generated for.")
		f.Func().Id("openSMSSender").Params(
			jen.Id("ctx").Qual("context", "Context"),
			jen.Id("cfg").Op("*").Id("Config"),
			jen.Id("o").Op("*").Id("options"),
		).Params(jen.Id("SMSSender"), jen.Error()).Block(
			jen.Return(jen.Id(pf.SMSCalls).Call(jen.Id("ctx"), jen.Id("cfg"), jen.Id("o"))),
		)
		f.Line()
	}

	var regs []jen.Code
	for _, ev := range p.Hooks {
		regs = append(regs, jen.Id("rs").Dot(ev.OnMethod()).Call(jen.Id(ev.StubFunc())))
	}
	f.Comment("registerHookStubs wires the event handlers of the hook_*.go files.")
	f.Func().Params(jen.Id("rs").Op("*").Id("RegStack")).Id("registerHookStubs").Params().Block(regs...)

	return renderJen(f, edit)
}

// emailBackendName is how the wire comment names an [email] backend.
func emailBackendName(b string) string {
	if b == "" {
		return "console"
	}
	return b
}

// renderTestWire builds wire_gen_test.go: the database the package's own
// tests run against.
func renderTestWire(pf plan.PlannedFile, opts Options, edit goEdit) ([]byte, error) {
	f := newJenFile(opts, edit)
	f.Comment("testDatabaseURL returns a database for one test, on the " + pf.Engine + " backend")
	f.Comment("this package was generated for.")
	f.Func().Id("testDatabaseURL").Params(jen.Id("t").Qual("testing", "TB")).String().Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Return(jen.Id(pf.Calls).Call(jen.Id("t"))),
	)
	return renderJen(f, edit)
}

// renderHookStub builds hook_<event>.go, a handler the host fills in. It is
// written once and never overwritten.
func renderHookStub(ev blueprint.Event, opts Options, edit goEdit) ([]byte, error) {
	f := jen.NewFilePathName(edit.importPath, edit.pkg)
	f.ImportNames(importNames())
	f.HeaderComment(fmt.Sprintf("Written once by regstack-gen %s for [generate] hooks; regstack-gen never\n"+
		"overwrites or merges this file: it is entirely yours.", opts.Version))
	f.Comment(fmt.Sprintf("%s handles the %s event. It runs after the action that fired the", ev.StubFunc(), ev.Name))
	f.Comment("event has succeeded, with a timeout; an error it returns is logged and")
	f.Comment("never changes the response.")
	f.Func().Id(ev.StubFunc()).Params(
		jen.Id("ctx").Qual("context", "Context"),
		jen.Id("e").Id(ev.Type),
	).Error().Block(
		jen.Return(jen.Nil()),
	)
	return renderJen(f, edit)
}

func renderJen(f *jen.File, edit goEdit) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
