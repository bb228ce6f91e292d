#!/usr/bin/env bash
# test.sh: the body of `make test`, run by scripts/with-services.sh once the
# test servers are up.
#
# First every package of the repository but e2e (the generated suite on
# SQLite, the combination builds, whose generated suites run on their own
# backend), then the end-to-end tests on all three backends, then the
# blueprint's own suite again on PostgreSQL and on the MongoDB-wire server. Each backend run prints
# its own pass line, so the log shows which backends ran.
set -euo pipefail

GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

status=0
echo "== OpenAPI lint (blueprint and every golden combination) =="
bash scripts/lint-openapi.sh || status=1
# shellcheck disable=SC2046 # one package path per word
"$GO" test -count=1 -timeout 40m $("$GO" list ./... | grep -v '/e2e$') || status=1

# The end-to-end tests run verbosely so the log shows every backend's pass
# line; the whole output is printed only when something fails.
echo "== end-to-end tests (generated hosts over real HTTP, per backend) =="
if out=$("$GO" test -count=1 -timeout 20m -v ./e2e/ 2>&1); then
	grep -E '^[[:space:]]*--- (PASS|SKIP)|^ok|^openapi:' <<<"$out"
else
	printf '%s\n' "$out"
	status=1
fi
# bench/peers is a module of its own (the peers' dependencies stay out of
# the main go.mod): build, vet and test it, so the benchmark keeps working
# as the blueprint it imports gains dependencies.
echo "== bench/peers (its own module) =="
(cd bench/peers && "$GO" vet ./... && "$GO" test -count=1 ./...) || status=1
for backend in postgres mongo; do
	echo "== blueprint suite on $backend =="
	REGSTACK_TEST_BACKEND=$backend "$GO" test -count=1 -timeout 20m ./blueprints/auth/ || status=1
done
exit $status
