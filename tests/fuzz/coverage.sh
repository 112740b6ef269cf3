#!/usr/bin/env bash
# Line and branch coverage that a fuzz corpus reaches in the code each
# target is for: every input in CORPUS-DIR/TARGET is run once through a
# coverage-instrumented copy of the target, and llvm-cov reports the files
# that target exercises.  The corpora are those a campaign kept with
#   SG_FUZZ_WORK=DIR tests/fuzz/run.sh BUILD SECONDS
# Usage: tests/fuzz/coverage.sh CORPUS-DIR [TARGET...]
#   SG_FUZZ_COV_BUILD: where to build (default build-fuzz-cov)
set -euo pipefail
cd "$(dirname "$0")/../.."
corpora=$(cd "$1" && pwd)
shift
targets=${*:-inventory mustache vendor verify cfgtree ncframe}
build=${SG_FUZZ_COV_BUILD:-build-fuzz-cov}
profdata=$(command -v llvm-profdata || command -v llvm-profdata-14)
cov=$(command -v llvm-cov || command -v llvm-cov-14)

files_of() { # the sources a target is meant to reach
	case $1 in
	inventory) echo src/util/ydoc.c src/inventory/schema.c src/inventory/inventory.c src/inventory/ifname.c src/plan/plan.c src/plan/plan_topo.c src/plan/plan_choose.c src/plan/plan_commit.c src/plan/plan_check.c ;;
	mustache) echo src/render/mustache.c ;;
	vendor) echo src/util/ydoc.c src/inventory/vendor.c ;;
	verify) echo src/verify/verify.c ;;
	cfgtree) echo src/push/cfgtree.c src/inventory/ifname.c ;;
	ncframe) echo src/transport/ncframe.c src/transport/netconf.c src/transport/xml.c src/push/xmlsem.c ;;
	esac
}

CC=clang cmake -S . -B "$build" -DSPANGEN_FUZZ=ON -DSPANGEN_TESTS=OFF \
    -DCMAKE_C_FLAGS="-fprofile-instr-generate -fcoverage-mapping" \
    -DCMAKE_EXE_LINKER_FLAGS="-fprofile-instr-generate" >/dev/null
cmake --build "$build" -j2 >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for target in $targets; do
	[ -d "$corpora/$target" ] || { echo "no corpus for $target"; continue; }
	n=$(find "$corpora/$target" -type f | wc -l)
	LLVM_PROFILE_FILE="$tmp/$target.profraw" SG_FUZZ_VENDORS=vendors \
	    "$build/bin/fuzz_$target" -runs=0 "$corpora/$target" >"$tmp/$target.log" 2>&1
	"$profdata" merge -sparse "$tmp/$target.profraw" -o "$tmp/$target.profdata"
	echo "== fuzz_$target: $n corpus inputs"
	# shellcheck disable=SC2046
	"$cov" report "$build/bin/fuzz_$target" -instr-profile="$tmp/$target.profdata" \
	    $(files_of "$target") | awk '$1 ~ /\.c$/ || $1 == "TOTAL" {
		sub(".*/src/", "", $1)
		printf "%-24s lines %7s of %5s  branches %7s of %5s\n", $1, $10, $8, $13, $11 }'
done
