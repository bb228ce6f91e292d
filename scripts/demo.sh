#!/usr/bin/env bash
# make demo: generate the default auth package into examples/demo and serve
# it on http://127.0.0.1:8000 with SQLite. Safe to run repeatedly: an
# existing regstack.toml is regenerated (keeping edits), not re-initialised.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/regstack-gen ./cmd/regstack-gen
# The demo host lives in bin/demo (git-ignored): a copy of examples/demo
# that generation then fills in, so the committed example stays pristine.
mkdir -p bin/demo
cp examples/demo/main.go bin/demo/main.go
[ -f bin/demo/go.mod ] || cp examples/demo/go.mod bin/demo/go.mod
cd bin/demo
if [ ! -f regstack.toml ]; then
  ../regstack-gen init --yes --app-name Demo
else
  ../regstack-gen generate --tidy
fi
echo
echo "Serving on http://127.0.0.1:8000 — try (in another terminal):"
echo "  curl -s -X POST localhost:8000/api/auth/register -H 'content-type: application/json' \\"
echo "       -d '{\"email\":\"alice@example.com\",\"password\":\"correct horse\"}'"
echo "  # copy the token from the verification email printed below, then:"
echo "  curl -s -X POST localhost:8000/api/auth/verify -H 'content-type: application/json' -d '{\"token\":\"TOKEN\"}'"
echo "  curl -s -X POST localhost:8000/api/auth/login -H 'content-type: application/json' \\"
echo "       -d '{\"email\":\"alice@example.com\",\"password\":\"correct horse\"}'"
echo "  curl -s localhost:8000/api/auth/me -H 'authorization: Bearer ACCESS_TOKEN'"
echo
exec go run .
