#!/usr/bin/env bash
# Plan benchmark: generates the large inventory (10,000 switches, 5,000 DCs,
# 500 sensors), then times `spangen plan --json` on it and reports wall time
# and peak memory.  Usage: bench/run.sh [PATH-TO-SPANGEN] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/bin/spangen}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_inventory.py >"$tmp/big.yaml"
python3 - "$bin" "$tmp/big.yaml" "$runs" <<'PY'
import resource, statistics, subprocess, sys, time
binary, inv, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
size = open(inv, "rb").seek(0, 2)
times = []
for _ in range(runs):
    t = time.perf_counter()
    p = subprocess.run([binary, "plan", "--json", inv], stdout=subprocess.PIPE)
    times.append(time.perf_counter() - t)
    if p.returncode not in (0, 1):
        sys.exit(f"spangen plan failed with status {p.returncode}")
out = p.stdout.decode()
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"inventory: {size / 1e6:.1f} MB (10,000 switches, 5,000 DCs, 500 sensors)")
print(f"plan (load + plan + JSON): median {statistics.median(times):.3f} s, "
      f"min {min(times):.3f} s over {runs} runs")
print(f"peak memory: {rss:.0f} MB")
print(f"pairs without a path: {out.count(chr(34) + 'kind' + chr(34) + ': ' + chr(34) + 'none')}")
print(f"plan.json: {len(out) / 1e6:.1f} MB")
PY
