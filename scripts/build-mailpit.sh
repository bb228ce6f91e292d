#!/usr/bin/env bash
# Builds mailpit, an SMTP capture server with an HTTP API, into the regstack
# test-service cache so that scripts/services.sh can start it. Run it once
# on a developer machine; CI runs it from .ci/run.
#
# Usage: scripts/build-mailpit.sh [--force]
#
# Prints the binary's path on stdout. An existing binary is reused unless
# --force is given. Cold build: about one minute on two cores.
#
# Environment: MAILPIT_VERSION (default v1.33.1), REGSTACK_CACHE_DIR
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci).
set -euo pipefail

version=${MAILPIT_VERSION:-v1.33.1}
cache=${REGSTACK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/regstack-ci}
out="$cache/mailpit-$version"

if [ -x "$out" ] && [ "${1:-}" != --force ]; then
	echo "$out"
	exit 0
fi
if ! command -v go >/dev/null 2>&1; then
	echo "build-mailpit.sh: go is not in PATH" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/regstack-mailpit-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The module ships its web UI assets, so a plain go install is a complete
# build; run it outside any module so the repo's go.mod is not consulted.
(cd "$work" && GOTOOLCHAIN=local GOBIN="$work/bin" go install -buildvcs=false "github.com/axllent/mailpit@$version")

# Rename inside the cache directory so a concurrent reader never sees a
# half-written binary.
mkdir -p "$cache"
cp "$work/bin/mailpit" "$out.partial.$$"
mv -f "$out.partial.$$" "$out"
echo "$out"
