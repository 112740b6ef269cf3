#!/usr/bin/env bash
# Regenerates the golden bundles: tests/golden/bundle/NAME/ for every
# example inventory, and tests/golden/render/CASE/expected/ for every
# vendor/role case.  Review the diff before committing: these files are
# the expected output, each case's README.md names the vendor documents
# its configuration follows.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/spangen}
status=0
render() {	# render INVENTORY DIR
	rm -rf "$2"
	if ! "$bin" render "$1" -o "$2" --allow-errors >"$2.log" 2>&1; then
		echo "render failed: $1" >&2
		sed 's/^/    /' "$2.log" | grep -v 'I401\|hint:' >&2
		status=1
	fi
	rm -f "$2.log"
}
for inv in inventories/*.yaml; do
	render "$inv" "tests/golden/bundle/$(basename "$inv" .yaml)"
done
for case in tests/golden/render/*/; do
	render "$case/inventory.yaml" "$case/expected"
done
exit $status
