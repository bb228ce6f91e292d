#!/usr/bin/env bash
# make bench-peers: GET /me of the generated auth package side by side with
# the floors (net/http + one point read) and minimal go-pkgz/auth v2 and
# authboss v3 apps doing the same read, on SQLite, PostgreSQL and MongoDB
# (throwaway servers from scripts/with-services.sh). bench/peers is a
# module of its own, so the regstack-gen module gains no dependency on the
# peers. About 8 minutes with the defaults (3 interleaved rounds of 10 s
# per system); PEERS_FLAGS are added, for example
#   PEERS_FLAGS='-rounds 1 -duration 3s -backends sqlite' make bench-peers
# All traffic stays on 127.0.0.1 and every run stops by itself;
# docs/performance.md explains the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
# Built first, so compiling does not overlap the timed runs.
(cd bench/peers && $GO build -o "$bin/peers" .)
echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, $($GO version)"
# shellcheck disable=SC2086 # PEERS_FLAGS is a list of flags.
bash scripts/with-services.sh "$bin/peers" ${PEERS_FLAGS:-}
