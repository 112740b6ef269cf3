#!/usr/bin/env bash
# Hostile input benchmark: the peak memory and time of `spangen validate`
# on files built to cost memory, beside the input size, and the same for
# the 50,000-switch generated inventory as the real-world reference.
# The limits (100,000 entries in one list or mapping, 4,000,000 values in
# one file) are what keep the first two small.
# Usage: bench/hostile.sh [PATH-TO-SPANGEN]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/bin/spangen}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
with open(tmp + "/one-list.yaml", "w") as f:		# 25 million entries
    f.write("name: x\nswitches: [" + "1," * 25000000 + "1]\n")
with open(tmp + "/many-lists.yaml", "w") as f:		# 4.5 million values
    f.write("name: x\n")
    for k in range(45):
        f.write("k%d: [" % k + "1," * 99999 + "1]\n")
PY
python3 bench/gen_inventory.py --switches 50000 >"$tmp/50k-switches.yaml"
for f in one-list many-lists 50k-switches; do
	size=$(stat -c %s "$tmp/$f.yaml")
	/usr/bin/time -f "%e %M" -o "$tmp/time" "$bin" validate "$tmp/$f.yaml" >/dev/null 2>&1 || true
	read -r secs kb < <(tail -n 1 "$tmp/time")
	awk -v f="$f" -v s="$size" -v t="$secs" -v k="$kb" 'BEGIN {
		printf "%-14s %6.1f MB input  %6.2f s  peak %6.0f MB  (%.1fx the input)\n",
		    f, s / 1e6, t, k / 1024, k * 1024 / s }'
done
