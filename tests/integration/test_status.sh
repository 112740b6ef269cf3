#!/usr/bin/env bash
# spangen status against simulated IOS XE switches (tests/sim/devsim): the
# RSPAN bundle is pushed, then drift is made by hand over SSH, as an
# operator would type it (a session removed, a source changed, a trunk list
# rewritten, a switch put back as it was), and a switch is stopped.  Each
# time status must name the device and the DC it leaves unmirrored, exit
# with the documented status and write the metrics a textfile collector
# reads.
# Usage: test_status.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
work=$(mktemp -d)
. "$(dirname "$0")/sim_lib.sh"
trap 'stop_all_sims; rm -rf "$work"' EXIT

sim_keys
. "$(dirname "$0")/rspan_lib.sh"
mkdir "$work/prom"

status() { # status ARGS...: runs spangen status on the bundle; sets rc and out
	out=$("$spangen" status "$work/out" --known-hosts "$work/known_hosts" --timeout 10 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

# type_on NAME LINE...: configuration typed on a simulator by hand, over SSH
type_on() {
	local port
	eval "port=\$port_${1//-/_}"
	shift
	{ printf 'configure terminal\n'; printf '%s\n' "$@"; printf 'end\nexit\n'; } |
		timeout 20 ssh -tt -o BatchMode=yes -o StrictHostKeyChecking=yes \
			-o UserKnownHostsFile="$work/known_hosts" -i "$work/id_ed25519" \
			-p "$port" netops@127.0.0.1 >>"$work/typed.txt" 2>&1
}

metric() { # metric NAME LABELS: the value of one sample in the textfile
	awk -v want="$1{$2}" '$1 == want { print $2 }' "$work/prom/spangen.prom"
}

start_rspan

echo "== a bundle that was never pushed"
status
check "status of an unpushed bundle exits 2 (got $rc): $out" [ "$rc" = 2 ]
check "and says to push it first" grep -q 'push it first' <<<"$out"

push --yes
check "the push lands (got $rc): $out" [ "$rc" = 0 ]
bundle=$(sed -n 's/^bundle: //p' "$(ls -d "$work"/out/push-* | tail -1)/summary.txt")
labels() { echo "bundle=\"$bundle\",$1"; }

echo "== everything in place"
typed_before=$(cat "$work"/acc1.log "$work"/dist1.log "$work"/acc2.log | grep -c '< configure')
status --metrics "$work/prom/spangen.prom"
check "status exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "every device is in place" [ "$(grep -c '(cisco-iosxe): in place$' <<<"$out")" = 3 ]
check "the DC is covered" grep -q '^DC01 -> S1: covered$' <<<"$out"
check "the summary counts them" grep -q '^3 devices: 3 in place, 0 drifted, 0 removed, 0 unreadable; 1 of 1 DC covered$' <<<"$out"
check "status changed nothing" states_intended
check "status typed no configuration" [ "$(cat "$work"/acc1.log "$work"/dist1.log "$work"/acc2.log | grep -c '< configure')" = "$typed_before" ]
check "status wrote no log into the bundle" [ "$(ls -d "$work"/out/push-* | wc -l)" = 1 ]
check "metrics: acc1 in place" [ "$(metric spangen_device_in_place "$(labels 'device="acc1"')")" = 1 ]
check "metrics: dist1 reachable" [ "$(metric spangen_device_reachable "$(labels 'device="dist1"')")" = 1 ]
check "metrics: acc1's session in place" [ "$(metric spangen_session_in_place "$(labels 'device="acc1",session="1"')")" = 1 ]
check "metrics: DC01 covered" [ "$(metric spangen_dc_covered "$(labels 'dc="DC01",sensor="S1"')")" = 1 ]
check "metrics: each gauge is typed" [ "$(grep -c '^# TYPE spangen_[a-z_]* gauge$' "$work/prom/spangen.prom")" = 5 ]
check "metrics: the check's time is now" python3 - "$work/prom/spangen.prom" <<'EOF'
import re, sys, time
t = float(re.search(r"^spangen_status_checked_timestamp_seconds\{[^}]*\} (\d+)$", open(sys.argv[1]).read(), re.M).group(1))
sys.exit(abs(time.time() - t) > 120)
EOF
check "metrics: no temporary file is left" [ "$(ls "$work/prom")" = spangen.prom ]
status --json
check "status --json exits 0 (got $rc)" [ "$rc" = 0 ]
check "the JSON says so" python3 - <<EOF
import json
r = json.loads('''$out''')
assert r["outcome"] == "in place", r
assert [d["state"] for d in r["devices"]] == ["in place"] * 3, r
assert r["dcs"] == [{"name": "DC01", "sensor": "S1", "covered": True, "reason": None}], r
EOF

echo "== --metrics into a directory that does not exist"
lines_before=$(wc -l <"$work/acc1.log")
status --metrics "$work/nowhere/spangen.prom"
check "exits 2 (got $rc)" [ "$rc" = 2 ]
check "and names the directory: $out" grep -q "$work/nowhere does not exist" <<<"$out"
check "before any device was contacted" [ "$(wc -l <"$work/acc1.log")" = "$lines_before" ]

echo "== a session removed by hand"
type_on acc1 'no monitor session 1'
status --metrics "$work/prom/spangen.prom"
check "status exits 1 (got $rc): $out" [ "$rc" = 1 ]
check "acc1 has drifted" grep -q '^acc1 (cisco-iosxe): drifted$' <<<"$out"
check "the others are in place" [ "$(grep -c '(cisco-iosxe): in place$' <<<"$out")" = 2 ]
check "it says what a push would put back" grep -q '^      session 1: add' <<<"$out"
check "with the diff" grep -q '^    +monitor session 1 source interface GigabitEthernet1/0/5 both' <<<"$out"
check "the DC is not covered, and why" grep -q '^DC01 -> S1: NOT covered: acc1 drifted$' <<<"$out"
check "metrics: acc1 not in place" [ "$(metric spangen_device_in_place "$(labels 'device="acc1"')")" = 0 ]
check "metrics: acc1's session not in place" [ "$(metric spangen_session_in_place "$(labels 'device="acc1",session="1"')")" = 0 ]
check "metrics: acc2's session still in place" [ "$(metric spangen_session_in_place "$(labels 'device="acc2",session="1"')")" = 1 ]
check "metrics: DC01 not covered" [ "$(metric spangen_dc_covered "$(labels 'dc="DC01",sensor="S1"')")" = 0 ]
push --yes
check "a push puts it back (got $rc)" [ "$rc" = 0 ]
status
check "and status is clean again (got $rc)" [ "$rc" = 0 ]

echo "== a source changed by hand"
type_on acc1 'no monitor session 1 source interface GigabitEthernet1/0/5 both' \
	'monitor session 1 source interface GigabitEthernet1/0/6 both'
status
check "status exits 1 (got $rc): $out" [ "$rc" = 1 ]
check "acc1 has drifted" grep -q '^acc1 (cisco-iosxe): drifted$' <<<"$out"
check "the diff shows the source" grep -q '^    -monitor session 1 source interface GigabitEthernet1/0/6 both' <<<"$out"
push --yes
check "a push puts it back (got $rc): $out" [ "$rc" = 0 ]

echo "== a trunk list rewritten by hand"
type_on dist1 'interface TenGigabitEthernet1/0/2' 'switchport trunk allowed vlan 1-899'
status --json
check "status exits 1 (got $rc)" [ "$rc" = 1 ]
check "the JSON names dist1 and the DC" python3 - <<EOF
import json
r = json.loads('''$out''')
state = {d["name"]: d["state"] for d in r["devices"]}
assert state == {"acc2": "in place", "dist1": "drifted", "acc1": "in place"}, state
dist1 = [d for d in r["devices"] if d["name"] == "dist1"][0]
assert any("allow vlan 901" in c for c in dist1["changes"]), dist1
assert r["dcs"][0]["covered"] is False and r["dcs"][0]["reason"] == "dist1 drifted", r["dcs"]
assert r["outcome"] == "drift", r
EOF
push --yes
check "a push puts it back (got $rc)" [ "$rc" = 0 ]

echo "== a switch put back as it was before the push"
type_on acc2 'no monitor session 1' 'no vlan 901' 'interface TenGigabitEthernet1/1/1' \
	'switchport trunk allowed vlan 1-899'
status
check "status exits 1 (got $rc): $out" [ "$rc" = 1 ]
check "acc2's mirror was removed: $out" grep -q '^acc2 (cisco-iosxe): removed$' <<<"$out"
check "and said so" grep -q 'the mirror is gone' <<<"$out"
check "the DC is not covered" grep -q '^DC01 -> S1: NOT covered: acc2 removed$' <<<"$out"
push --yes
check "a push puts it back (got $rc)" [ "$rc" = 0 ]

echo "== a switch that cannot be reached"
stop_sim dist1
status --metrics "$work/prom/spangen.prom" --timeout 3
check "status exits 3 (got $rc): $out" [ "$rc" = 3 ]
check "dist1 is unreadable, and why" grep -q '^dist1 (cisco-iosxe): unreadable: ' <<<"$out"
check "the DC's coverage is unknown" grep -q '^DC01 -> S1: unknown: dist1 could not be read$' <<<"$out"
check "metrics: dist1 unreachable" [ "$(metric spangen_device_reachable "$(labels 'device="dist1"')")" = 0 ]
check "metrics: no DC gauge it cannot tell" [ -z "$(metric spangen_dc_covered "$(labels 'dc="DC01",sensor="S1"')")" ]
type_on acc1 'no monitor session 1'
status --timeout 3
check "drift outranks an unreadable device: exit 1 (got $rc)" [ "$rc" = 1 ]
check "--device picks devices (got $rc)" bash -c "'$spangen' status '$work/out' --known-hosts '$work/known_hosts' --device acc2 >/dev/null"
"$spangen" status "$work/out" --device nosuch >/dev/null 2>&1
rc=$?
check "--device with a name the bundle lacks exits 2 (got $rc)" [ "$rc" = 2 ]

echo "== after a rollback there is nothing to check"
stop_rspan
start_rspan
push --yes
rollback --yes
check "the rollback lands (got $rc): $out" [ "$rc" = 0 ]
status
check "status after a rollback exits 2 (got $rc)" [ "$rc" = 2 ]
check "and says the last change was a rollback" grep -q 'is a rollback' <<<"$out"
stop_rspan

echo "== no secret in any output"
check "the password never appears" bash -c "! grep -rqF \"\$SPANGEN_TEST_PASSWORD\" '$work/all-output.txt' '$work/prom'"

echo "status: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
