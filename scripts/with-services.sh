#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Runs a command with throwaway PostgreSQL, FerretDB (MongoDB wire protocol)
# and mailpit (SMTP capture) servers on loopback, then stops them all and
# exits with the command's status. See scripts/services.sh for the
# variables it exports and where it finds the servers.
#
# Usage: scripts/with-services.sh CMD [ARG...]
#   e.g. scripts/with-services.sh go test -count=1 ./...
#
# A server whose URL variable (REGSTACK_TEST_POSTGRES_URL,
# REGSTACK_TEST_MONGO_URL, REGSTACK_TEST_SMTP_ADDR) is already set is not
# started. Outside CI a server that is missing is reported and its tests
# skip; with CI=true it is a hard failure, because tests must never skip in
# CI.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 CMD [ARG...]" >&2
	exit 2
fi

# Installed before anything starts, so a failure half-way through the
# start-up still stops what did start. The signal traps turn Ctrl-C and
# kill into an ordinary exit, which runs the EXIT trap.
trap 'set +e; if declare -F regstack_services_stop >/dev/null; then regstack_services_stop; fi' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
# services.sh checks its own steps; sourcing it under `if` keeps set -e from
# aborting on the first server that is missing.
# shellcheck source=services.sh
if ! . "$(dirname "$0")/services.sh"; then
	if [ "${CI:-}" = true ]; then
		echo "with-services.sh: CI=true and these test servers could not be started: $REGSTACK_SERVICES_MISSING" >&2
		echo "with-services.sh: tests must not skip in CI; failing instead (see the messages above)" >&2
		exit 1
	fi
	echo "with-services.sh: not running: $REGSTACK_SERVICES_MISSING (their tests will skip)" >&2
fi
echo "with-services.sh: start-up took $((SECONDS - started)) s" >&2

status=0
"$@" || status=$?
exit "$status"
