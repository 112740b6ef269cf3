#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with seed corpora
# from the project's own test data, and fails on any crash, leak, timeout
# or sanitizer report.  Targets come from a build configured with
#   CC=clang cmake -S . -B build-fuzz -DSPANGEN_FUZZ=ON
# Usage: tests/fuzz/run.sh BUILD-DIR [SECONDS] [MUSTACHE-SPEC-DIR]
# For a long campaign, the environment chooses more:
#   SG_FUZZ_TARGETS  the targets to run (default: all of them)
#   SG_FUZZ_RUNS     also stop a target after this many executions
#   SG_FUZZ_WORK     keep corpora, logs and artifacts in this directory, and
#                    start from the corpus a previous campaign left there
set -u
cd "$(dirname "$0")/../.."
build=$1
seconds=${2:-60}
spec=${3:-../shared/conformance/mustache-spec}
targets=${SG_FUZZ_TARGETS:-inventory mustache vendor verify cfgtree ncframe}
runs=()
[ -n "${SG_FUZZ_RUNS:-}" ] && runs=(-runs="$SG_FUZZ_RUNS")
if [ -n "${SG_FUZZ_WORK:-}" ]; then
	work=$SG_FUZZ_WORK
	mkdir -p "$work"
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi
status=0

seed() {	# seed TARGET FILE...: copy files into the target's corpus
	local target=$1 f
	shift
	mkdir -p "$work/$target"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$work/$target/$(basename "$(dirname "$f")")-$(basename "$f")"
	done
	return 0
}
seed inventory inventories/*.yaml tests/data/bad-inventories/*.yaml tests/golden/render/*/inventory.yaml
seed vendor vendors/*.yaml
seed mustache templates/*/*.mustache
[ -d "$spec/specs" ] && seed mustache "$spec"/specs/*.yml
# verify: the frames of the lab's captures, joined by 0xff 0xfe markers
mkdir -p "$work/verify"
for f in tests/data/pcap/*.pcap; do
	python3 - "$f" "$work/verify/$(basename "$f" .pcap)" <<'PY' || status=1
import struct, sys
data = open(sys.argv[1], "rb").read()
order = "<" if data[:4] == b"\xd4\xc3\xb2\xa1" else ">"
frames, off = [], 24
while off + 16 <= len(data):
    incl = struct.unpack(order + "I", data[off + 8:off + 12])[0]
    frames.append(data[off + 16:off + 16 + incl])
    off += 16 + incl
open(sys.argv[2], "wb").write(b"\xff\xfe".join(frames[:16]))
PY
done
# cfgtree: a running config, NUL, the lines to enter (golden intended/rollback)
mkdir -p "$work/cfgtree"
for f in tests/golden/render/{cisco-iosxe,cisco-nxos,arista-eos,aruba-aoscx}/expected/devices/*/*.cfg; do
	[ -f "$f" ] && { printf 'hostname sw\n!\n\0'; cat "$f"; } \
	    >"$work/cfgtree/$(basename "$(dirname "$f")")-$(basename "$f")"
done

# ncframe: a control byte (0: base:1.0, 1: chunked), then framed payloads
mkdir -p "$work/ncframe"
for f in tests/golden/render/*-netconf/expected/devices/*/*.xml; do
	[ -f "$f" ] || continue
	n=$(basename "$(dirname "$f")")-$(basename "$f")
	{ printf '\0'; cat "$f"; printf ']]>]]>'; } >"$work/ncframe/eom-$n"
	{ printf '\1\n#%d\n' "$(wc -c <"$f")"; cat "$f"; printf '\n##\n'; } \
	    >"$work/ncframe/chunked-$n"
done
# replies to get-config carrying each payload as data: the reply parser and
# the push summary (xmlsem) only see input shaped like this
for f in tests/golden/render/*-netconf/expected/devices/*/*.xml; do
	[ -f "$f" ] || continue
	n=$(basename "$(dirname "$f")")-$(basename "$f" .xml)
	body="<rpc-reply message-id=\"1\" xmlns=\"urn:ietf:params:xml:ns:netconf:base:1.0\"><data>$(grep -v '^<!--' "$f")</data></rpc-reply>"
	printf '\1\n#%d\n%s\n##\n' "$(printf '%s' "$body" | wc -c)" "$body" >"$work/ncframe/data-$n"
done
reply='<rpc-reply message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><rpc-error><error-tag>lock-denied</error-tag><error-info><session-id>5</session-id></error-info></rpc-error></rpc-reply>'
printf '\1\n#%d\n%s\n##\n' "${#reply}" "$reply" >"$work/ncframe/rpc-error"
for target in $targets; do
	dict=()
	[ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
	mkdir -p "$work/artifacts/$target"
	echo "== fuzz_$target for $seconds s"
	if ! SG_FUZZ_VENDORS=vendors "$build/bin/fuzz_$target" "${dict[@]}" \
	    -max_total_time="$seconds" "${runs[@]}" -rss_limit_mb=2048 -timeout=10 \
	    -print_final_stats=1 -artifact_prefix="$work/artifacts/$target/" \
	    "$work/$target" >"$work/$target.log" 2>&1; then
		status=1
		echo "fuzz_$target FAILED:"
		tail -40 "$work/$target.log"
		for a in "$work/artifacts/$target"/*; do
			[ -f "$a" ] && { echo "reproducer $(basename "$a"), base64:"; base64 -w0 "$a"; echo; }
		done
	else
		grep -E 'stat::number_of_executed_units|cov:' "$work/$target.log" | tail -2
	fi
done
exit $status
