#!/usr/bin/env bash
# Render benchmark on the large generated inventory (10,000 switches, 5,000
# DCs, 500 sensors): build/bin/spangen_bench times each phase of a render
# (load, plan, render every device in memory, write the bundle) beside a
# bare libyaml parse of the file and a bare write loop of the same files,
# in turns, and prints medians, spreads, ratios and the peak memory.  Then
# growth: the same on 1,000 and 50,000 switches (time should grow about
# linearly; peak memory on 50,000 under 400 MB).  Last, the same templates
# rendered from the same views (`spangen render --dump-context '*'`) by
# pystache (Debian's python3-pystache), and the ratio of the two.
# Usage: bench/render.sh [BUILD-DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_inventory.py >"$tmp/big.yaml"
echo "== 10,000 switches"
"$build/bin/spangen_bench" "$tmp/big.yaml" "$tmp/out" "$runs" | tee "$tmp/phases"
for n in 1000 50000; do
	python3 bench/gen_inventory.py --switches "$n" >"$tmp/g$n.yaml"
	echo "== $n switches"
	"$build/bin/spangen_bench" "$tmp/g$n.yaml" "$tmp/out" 3 | tee "$tmp/g$n" |
	    grep -E "^total|^peak"
	rm "$tmp/g$n.yaml"
done
"$build/bin/spangen" render --dump-context '*' "$tmp/big.yaml" >"$tmp/views.json"
/usr/bin/python3 - "$tmp" <<'PY'
import json, os, re, statistics, sys, time
import pystache

tmp = sys.argv[1]
phases = open(os.path.join(tmp, "phases")).read()
render = float(re.search(r"templates alone [^:]*: ([0-9.]+) s", phases).group(1))
def total(text):
    return float(re.search(r"total load \+ plan \+ render \+ write ([0-9.]+) s", text).group(1))
big = total(open(os.path.join(tmp, "g50000")).read())
print(f"growth: 50,000 switches take {big / total(phases):.1f}x the time of 10,000 (target 5.5)")
views = json.load(open(os.path.join(tmp, "views.json")))
tdir = os.path.join("templates", "cisco-iosxe")
renderer = pystache.Renderer(search_dirs=[tdir], file_extension="mustache",
                             escape=lambda s: s, missing_tags="strict")
parsed = [pystache.parse(open(os.path.join(tdir, f)).read()) for f in
          ("intended.cfg.mustache", "rollback.cfg.mustache", "verify.txt.mustache")]
t = time.perf_counter()
for view in views.values():
    for p in parsed:
        renderer.render(p, view)
py = time.perf_counter() - t
print(f"the templates alone {render:.3f} s")
print(f"pystache, same templates and {len(views)} views: {py:.3f} s")
print(f"ratio: spangen renders {py / render:.0f}x faster than pystache")
PY
