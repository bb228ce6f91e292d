#!/usr/bin/env bash
# check-sqlc.sh: fail when the committed sqlc output is stale.
#
# Regenerates every sqlc target from sqlc.yaml, sql/ and queries/ into a
# temporary copy of the repository and compares each output directory with
# the committed one, so a changed migration or query that was not followed
# by `make sqlc` (or a hand edit of generated code) fails CI. The blueprint's
# migrations (blueprints/auth/migrations/<engine>, copied from sql/<engine>
# by scripts/copy-migrations.sh, which `make sqlc` runs) are checked the same
# way. Files that are not derived (the blueprint's regstack.feature markers)
# are ignored.
#
# Usage: scripts/check-sqlc.sh   (from anywhere inside the repository)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp sqlc.yaml "$tmp/"
cp -R sql queries "$tmp/"

# sqlc resolves paths relative to the config file, so the output lands in
# $tmp; the tool itself is built from this repository's tools/sqlc.mod.
if ! ${GO:-go} tool -modfile=tools/sqlc.mod sqlc generate -f "$tmp/sqlc.yaml"; then
	echo "check-sqlc: sqlc generate failed" >&2
	exit 1
fi

outs=$(sed -n 's/^[[:space:]]*out:[[:space:]]*"\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' sqlc.yaml)
if [ -z "$outs" ]; then
	echo "check-sqlc: no out: directories found in sqlc.yaml" >&2
	exit 1
fi

bash scripts/copy-migrations.sh "$tmp"
outs="$outs $(cd "$tmp" && ls -d blueprints/auth/migrations/*/)"

stale=0
for out in $outs; do
	if ! diff -ru -x regstack.feature "$tmp/$out" "$out"; then
		stale=1
	fi
done

if [ "$stale" -ne 0 ]; then
	echo "check-sqlc: the committed sqlc output or migration copies are stale (diff above: regenerated, then committed);" >&2
	echo "check-sqlc: run 'make sqlc' and commit the result" >&2
	exit 1
fi
echo "check-sqlc: sqlc output and migration copies are up to date"
