#!/usr/bin/env bash
# make bench: the Go benchmarks of the auth blueprint (GET /me and its floor,
# net/http + one prepared point read, also on PostgreSQL and MongoDB; compare
# their cpu-ns/op), then the loopback load run (tools/regstack-loadtest),
# both printed. make bench-peers measures the same against other Go
# libraries, each server in a process of its own. About four minutes on a
# 2-core machine; docs/performance.md explains every figure. The load run
# sends its login bursts twice: with the GC settings of the environment,
# then (unless GOMEMLIMIT is set) under the memory limit the docs
# recommend to hosts.
#
# BENCHTIME (default 2s) is passed to go test -benchtime; LOADTEST_FLAGS
# (default empty) are added to the load run, for example
#   LOADTEST_FLAGS='-bursts 100 -rounds 1 -login-rounds 2' make bench
# All traffic stays on 127.0.0.1 and every run stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BENCHTIME=${BENCHTIME:-2s}

echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $($GO version), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "== $GO test -run '^\$' -bench . -benchtime $BENCHTIME ./blueprints/auth/"
$GO test -run '^$' -bench . -benchtime "$BENCHTIME" ./blueprints/auth/
echo

# GET /me on each server backend: the same benchmark with the blueprint's
# tests pointed at throwaway PostgreSQL and FerretDB (MongoDB wire
# protocol) servers on loopback (scripts/with-services.sh).
echo "== GET /me and its floor per backend: REGSTACK_TEST_BACKEND=postgres|mongo $GO test -run '^\$' -bench 'BenchmarkGetMe(Floor)?\$'"
GO=$GO BENCHTIME=$BENCHTIME bash scripts/with-services.sh bash -c '
	for backend in postgres mongo; do
		echo "-- $backend"
		REGSTACK_TEST_BACKEND=$backend "$GO" test -run "^\$" -bench "BenchmarkGetMe(Floor)?\$" -benchtime "$BENCHTIME" ./blueprints/auth/ | grep "^Benchmark"
	done'
echo

# Built first, so compiling does not overlap the timed runs.
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
$GO build -o "$bin/regstack-loadtest" ./tools/regstack-loadtest
echo "== regstack-loadtest ${LOADTEST_FLAGS:-}"
# shellcheck disable=SC2086 # LOADTEST_FLAGS is a list of flags.
"$bin/regstack-loadtest" ${LOADTEST_FLAGS:-}
