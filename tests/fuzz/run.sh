#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with seed corpora
# from the project's own test data, and fails on any crash, leak, timeout
# or sanitizer report.  Targets come from a build configured with
#   CC=clang cmake -S . -B build-fuzz -DSPANGEN_FUZZ=ON
# Usage: tests/fuzz/run.sh BUILD-DIR [SECONDS] [MUSTACHE-SPEC-DIR]
set -u
cd "$(dirname "$0")/../.."
build=$1
seconds=${2:-60}
spec=${3:-../shared/conformance/mustache-spec}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
seed verify
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
reply='<rpc-reply message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><rpc-error><error-tag>lock-denied</error-tag><error-info><session-id>5</session-id></error-info></rpc-error></rpc-reply>'
printf '\1\n#%d\n%s\n##\n' "${#reply}" "$reply" >"$work/ncframe/rpc-error"
for target in inventory mustache vendor verify cfgtree ncframe; do
	dict=()
	[ -f "tests/fuzz/$target.dict" ] && dict=(-dict="tests/fuzz/$target.dict")
	mkdir -p "$work/artifacts/$target"
	echo "== fuzz_$target for $seconds s"
	if ! SG_FUZZ_VENDORS=vendors "$build/bin/fuzz_$target" "${dict[@]}" \
	    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
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
