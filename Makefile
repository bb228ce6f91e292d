# regstack-gen development tasks. `make test` is the one test command; CI
# (.ci/run) installs the servers it needs and then runs it.

GO ?= go
SQLC = $(GO) tool -modfile=tools/sqlc.mod sqlc
DEMO_DIR = examples/demo

.PHONY: all test test-go golden docs sqlc sqlc-check lint lint-openapi demo bench bench-peers build install

all: lint test

build:
	$(GO) build -o bin/regstack-gen ./cmd/regstack-gen

## install: put regstack-gen in $$GOBIN (default $$HOME/go/bin) from this
## clone; see the README for `go get -tool` with a replace directive.
install:
	$(GO) install ./cmd/regstack-gen

## test: every test (unit, golden, blueprint package on every backend,
## combination builds, end-to-end on every backend) with throwaway
## PostgreSQL, MongoDB-wire and SMTP servers.
test: sqlc-check
	GO=$(GO) bash scripts/with-services.sh bash scripts/test.sh

## golden: rewrite golden/*.txtar after an intended blueprint change.
## It also rewrites the blueprint's openapi.json (the document of every
## feature, which the blueprint's own build embeds).
golden:
	$(GO) test ./blueprints/auth/ -run 'TestBlueprintOpenAPIDocument$$' -update-openapi
	$(GO) test ./generator/ -run 'TestGolden$$' -update

## lint-openapi: lint the blueprint's and every golden's openapi.json with
## Redocly CLI (tools/openapi-lint); part of `make test`.
lint-openapi:
	bash scripts/lint-openapi.sh

## docs: rewrite the key tables of docs/configuration.md from the key
## declarations (blueprints/auth/config_keys.go) and the endpoint tables of
## docs/api.md from the operation declarations (blueprints/auth/
## openapi_spec.go); TestDocsKeyTables and TestDocsAPI, part of `make
## test`, fail when they are stale.
docs:
	$(GO) test ./generator/config/ -run 'TestDocsKeyTables$$' -update-docs
	$(GO) test ./generator/apidoc/ -run 'TestDocsAPI$$' -update-docs

## sqlc: regenerate the typed query code in blueprints/auth/internal and
## copy sql/<engine> (the one schema source) to blueprints/auth/migrations.
sqlc:
	$(SQLC) generate
	bash scripts/copy-migrations.sh

## sqlc-check: fail when the committed sqlc output or migration copies are stale.
sqlc-check:
	bash scripts/check-sqlc.sh

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	$(GO) test ./generator/blueprint/ ./generator/render/

## demo: generate the default package into examples/demo and serve it on
## 127.0.0.1:8000 with SQLite.
demo:
	bash scripts/demo.sh

## bench: benchmarks and the loopback load run (see docs/performance.md).
bench:
	bash scripts/bench.sh

## bench-peers: GET /me side by side with the floors and go-pkgz/auth v2 and
## authboss v3 apps, per backend (bench/peers, a module of its own).
bench-peers:
	GO=$(GO) bash scripts/bench-peers.sh
