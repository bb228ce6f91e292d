#!/usr/bin/env bash
# Builds FerretDB, a MongoDB wire-protocol server that stores its data in
# SQLite, into the regstack test-service cache so that scripts/services.sh
# can start it. Run it once on a developer machine; CI runs it from .ci/run.
#
# Usage: scripts/build-ferretdb.sh [--force]
#
# Prints the binary's path on stdout. An existing binary is reused unless
# --force is given. Cold build: about 2.5 minutes on two cores.
#
# Environment: FERRETDB_VERSION (default v1.24.2), REGSTACK_CACHE_DIR
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci).
set -euo pipefail

version=${FERRETDB_VERSION:-v1.24.2}
cache=${REGSTACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci}
out="$cache/ferretdb-$version"

if [ -x "$out" ] && [ "${1:-}" != --force ]; then
	echo "$out"
	exit 0
fi
if ! command -v go >/dev/null 2>&1; then
	echo "build-ferretdb.sh: go is not in PATH" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/regstack-ferretdb-build.XXXXXX")
# The copied module tree is read-only until chmod runs; make sure rm can
# delete it whatever step failed.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

mod=github.com/FerretDB/FerretDB
json=$(cd "$work" && go mod download -json "$mod@$version")
src=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
	echo "build-ferretdb.sh: go mod download gave no source directory:" >&2
	printf '%s\n' "$json" >&2
	exit 1
fi

# The module zip lacks build/version/version.txt, which FerretDB's release
# process generates and embeds; without it the binary panics at start
# ("Invalid build/version/version.txt"). Files in the module cache are
# read-only and go build -overlay refuses them, so build a writable copy.
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$version" >"$work/src/build/version/version.txt"
(cd "$work/src" && GOTOOLCHAIN=local go build -buildvcs=false -o "$work/ferretdb" ./cmd/ferretdb)

# Rename inside the cache directory so a concurrent reader never sees a
# half-written binary.
mkdir -p "$cache"
cp "$work/ferretdb" "$out.partial.$$"
mv -f "$out.partial.$$" "$out"
echo "$out"
