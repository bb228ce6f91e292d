#!/usr/bin/env bash
# copy-migrations.sh: derive the blueprint's embedded migrations from sql/.
#
# sql/<engine>/*.sql is the one schema source: sqlc reads it, and the
# blueprint embeds the same files under blueprints/auth/migrations/<engine>
# because a host has no sql/ directory. This script makes each copy equal
# to its source (stale copies are removed; the regstack.feature markers are
# kept). `make sqlc` runs it; scripts/check-sqlc.sh fails when a copy is
# stale.
#
# Usage: scripts/copy-migrations.sh [DEST_ROOT]   (DEST_ROOT defaults to the
# repository; check-sqlc.sh passes a temporary directory)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dest=${1:-$root}

for src in "$root"/sql/*/; do
	engine=$(basename "$src")
	out="$dest/blueprints/auth/migrations/$engine"
	mkdir -p "$out"
	find "$out" -maxdepth 1 -name '*.sql' -delete
	cp "$src"*.sql "$out/"
done
