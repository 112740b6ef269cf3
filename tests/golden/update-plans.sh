#!/usr/bin/env bash
# Regenerates the golden plan.json files from the example inventories.
# Review the diff before committing: these files are the expected output.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/bin/spangen}
for inv in inventories/*.yaml; do
	name=$(basename "$inv" .yaml)
	"$bin" plan --json "$inv" >"tests/golden/plan/$name.json" || true
done
