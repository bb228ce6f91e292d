#!/usr/bin/env bash
# make bench: the Go benchmarks of the auth blueprint, then the loopback
# load run (cmd/regstack-loadtest), both printed. About two minutes on a
# 2-core machine; docs/performance.md explains every figure.
#
# BENCHTIME (default 2s) is passed to go test -benchtime; LOADTEST_FLAGS
# (default empty) are added to the load run, for example
#   LOADTEST_FLAGS='-bursts 100 -rounds 1' make bench
# All traffic stays on 127.0.0.1 and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BENCHTIME=${BENCHTIME:-2s}

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $($GO version)"
echo "== $GO test -run '^\$' -bench . -benchtime $BENCHTIME ./blueprints/auth/"
$GO test -run '^$' -bench . -benchtime "$BENCHTIME" ./blueprints/auth/
echo

# Built first, so compiling does not overlap the timed runs.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
$GO build -o "$bin/regstack-loadtest" ./cmd/regstack-loadtest
echo "== regstack-loadtest ${LOADTEST_FLAGS:-}"
# shellcheck disable=SC2086 # LOADTEST_FLAGS is a list of flags.
"$bin/regstack-loadtest" ${LOADTEST_FLAGS:-}
