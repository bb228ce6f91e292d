#!/usr/bin/env bash
# lint-openapi.sh: lint every OpenAPI document regstack-gen produces with a
# real OpenAPI linter (Redocly CLI, pinned in tools/openapi-lint, rules in
# tools/openapi-lint/redocly.yaml): the blueprint's union document and the
# openapi.json of every golden combination. It first checks that the
# linter rejects a broken document, so a linter that passes everything
# cannot make this check pass. Part of `make test`; .ci/run installs the
# linter (npm ci), and so does this script when it is missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tool="$root/tools/openapi-lint"
if [ ! -x "$tool/node_modules/.bin/redocly" ]; then
	(cd "$tool" && npm ci --no-audit --no-fund >/dev/null)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# lint FILE... runs the linter; Node's end-of-life banner is dropped.
lint() {
	local rc=0
	(cd "$tool" && ./node_modules/.bin/redocly lint --config redocly.yaml --format stylish "$@") >"$work/lint.out" 2>&1 || rc=$?
	grep -v '[║╔╚]' "$work/lint.out" | grep -v '^[[:space:]]*$' || true
	return "$rc"
}

docs=("$root/blueprints/auth/openapi.json")
for g in "$root"/golden/*.txtar; do
	name=$(basename "$g" .txtar)
	# The golden holds the generated tree; take its openapi.json section.
	awk '/^-- .*\/openapi\.json --$/ {p = 1; next} /^-- .* --$/ {p = 0} p' "$g" >"$work/$name.json"
	if [ ! -s "$work/$name.json" ]; then
		echo "lint-openapi: $g has no openapi.json" >&2
		exit 1
	fi
	docs+=("$work/$name.json")
done

# The linter must fail on a bad document: an operation answering a schema
# that does not exist.
sed 's|#/components/schemas/UserPublic|#/components/schemas/NoSuchSchema|' "$root/blueprints/auth/openapi.json" >"$work/broken.json"
if lint "$work/broken.json" >"$work/broken.log"; then
	echo "lint-openapi: the linter accepted a document with a dangling \$ref:" >&2
	cat "$work/broken.log" >&2
	exit 1
fi
echo "lint-openapi: the linter rejects a broken document ($(grep -c 'no-unresolved-refs' "$work/broken.log") unresolved refs reported)"

lint "${docs[@]}"
echo "lint-openapi: ${#docs[@]} documents pass"
