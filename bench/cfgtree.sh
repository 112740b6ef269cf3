#!/usr/bin/env bash
# Times reading and modelling a 20,000-line running configuration, as push
# does for every device's preview and read-back (target: under 20 ms), and
# the largest set of lines a render can produce on the same printout.
# Usage: bench/cfgtree.sh [BUILD-DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
"$build/bin/bench_cfgtree" -l 20000 -r "${2:-21}"
