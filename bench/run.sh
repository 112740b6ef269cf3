#!/usr/bin/env bash
# Plan benchmark: generates the large inventory (10,000 switches, 5,000 DCs,
# 500 sensors), then times `spangen plan --json` on it beside the floor of
# the same work, build/bin/bare_yaml (every libyaml event of the file read
# and nothing kept), the two run in turns so noise hits both alike.  Prints
# the median and spread of each, their ratio (target: 3) and spangen's peak
# memory.  Usage: bench/run.sh [BUILD-DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_inventory.py >"$tmp/big.yaml"
python3 - "$build" "$tmp/big.yaml" "$runs" <<'PY'
import os, resource, statistics, subprocess, sys, time
build, inv, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
spangen = [os.path.join(build, "bin", "spangen"), "plan", "--json", inv]
bare = [os.path.join(build, "bin", "bare_yaml"), inv]

def timed(cmd, ok):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    t = time.perf_counter() - t
    if p.returncode not in ok:
        sys.exit(f"{cmd[0]} failed with status {p.returncode}")
    return t, p.stdout

ts, tb = [], []
for i in range(runs):
    # in turns, each first every other run
    order = [(spangen, ts, (0, 1)), (bare, tb, (0,))]
    for cmd, into, ok in (order if i % 2 == 0 else order[::-1]):
        t, out = timed(cmd, ok)
        into.append(t)
        if cmd is spangen:
            plan = out
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
size = os.path.getsize(inv)
def show(name, v):
    print(f"  {name:<30} {statistics.median(v):.3f} s ({min(v):.3f}-{max(v):.3f})")
print(f"inventory: {size / 1e6:.1f} MB (10,000 switches, 5,000 DCs, 500 sensors); "
      f"median of {runs} runs (min-max), each a process")
show("bare libyaml parse", tb)
show("spangen plan --json", ts)
print(f"ratio: plan --json {statistics.median(ts) / statistics.median(tb):.2f}x the bare parse (target 3)")
print(f"peak memory: {rss:.0f} MB")
print(f"pairs without a path: {plan.decode().count(chr(34) + 'kind' + chr(34) + ': ' + chr(34) + 'none')}")
print(f"plan.json: {len(plan) / 1e6:.1f} MB")
PY
