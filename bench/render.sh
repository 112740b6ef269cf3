#!/usr/bin/env bash
# Render benchmark on the large generated inventory (10,000 switches, 5,000
# DCs, 500 sensors): the time of each phase of a render (load, plan, render
# every device in memory, write the bundle) and the peak memory, from
# build/bin/spangen_bench; then the same templates rendered from the same
# views (`spangen render --dump-context '*'`) by pystache (Debian's
# python3-pystache), and the ratio of the two rendering times.
# Usage: bench/render.sh [BUILD-DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 bench/gen_inventory.py >"$tmp/big.yaml"
for i in $(seq "$runs"); do
	"$build/bin/spangen_bench" "$tmp/big.yaml" "$tmp/out$i" | tee -a "$tmp/phases"
done
"$build/bin/spangen" render --dump-context '*' "$tmp/big.yaml" >"$tmp/views.json"
/usr/bin/python3 - "$tmp" <<'PY'
import json, os, re, statistics, sys, time
import pystache

tmp = sys.argv[1]
phases = open(os.path.join(tmp, "phases")).read()
render = statistics.median(float(x) for x in re.findall(r"templates alone [^:]*: ([0-9.]+) s", phases))
total = statistics.median(float(x) for x in re.findall(r"plan \+ render ([0-9.]+) s", phases))
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
print(f"median over runs: plan + render {total:.3f} s; the templates alone {render:.3f} s")
print(f"pystache, same templates and {len(views)} views: {py:.3f} s")
print(f"ratio: spangen renders {py / render:.0f}x faster than pystache")
PY
