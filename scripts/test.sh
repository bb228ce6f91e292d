#!/usr/bin/env bash
# test.sh: the body of `make test`, run by scripts/with-services.sh once the
# test servers are up.
#
# First every package of the repository (the generated suite on SQLite, the
# combination builds, whose generated suites run on their own backend, and
# the end-to-end test on all three backends), then the blueprint's own suite
# again on PostgreSQL and on the MongoDB-wire server. Each backend run prints
# its own pass line, so the log shows which backends ran.
set -euo pipefail

GO=${GO:-go}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

status=0
"$GO" test -count=1 -timeout 40m ./... || status=1
for backend in postgres mongo; do
	echo "== blueprint suite on $backend =="
	REGSTACK_TEST_BACKEND=$backend "$GO" test -count=1 -timeout 20m ./blueprints/auth/ || status=1
done
exit $status
