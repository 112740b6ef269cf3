#!/usr/bin/env bash
# spangen push and rollback over NETCONF to a real server: netconfd with
# the Junos QFX modules behind sshd's netconf subsystem (with_netconfd.sh).
# One Junos switch with a local analyzer (SPAN): unknown and changed host
# keys refused, dry run, push with a confirmed commit, idempotent second
# push, rollback, and an edit the server refuses, which must leave the
# device as before.  Three IOS XE switches (local SPAN, ERSPAN source and
# termination) each pushed, read back and rolled back.
# With DEVSIM, also one push across a NETCONF and a CLI device: a failure on
# either undoes both; success confirms both.
# Usage: with_netconfd.sh test_push_netconf.sh SPANGEN [DEVSIM]
set -u
spangen=$1
devsim=${2:-}
work=$(mktemp -d)
trap '[ -n "${SG_KEEP:-}" ] && cp -r "$work" /tmp/nckeep; rm -rf "$work"' EXIT
failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {
	local what=$1
	shift
	if "$@"; then checks=$((checks + 1)); else fail "$what"; fi
}

inventory() { # inventory FILE SENSOR-PORT
	cat >"$1" <<EOF
spangen: 1
name: push-netconf
defaults: {username: $SG_NETCONF_USER, auth: key, key_file: $SG_NETCONF_KEY, transport: netconf}
switches:
  - {name: ex1, vendor: juniper-junos, mgmt: "127.0.0.1:$SG_NETCONF_PORT"}
domain_controllers:
  - {name: DC1, address: 10.0.0.1, mbps: 100, ports: ["ex1:ge-0/0/1"], ntp: [10.0.0.250]}
sensors:
  - {name: S1, port: "ex1:$2", monitors: [DC1], ntp: [10.0.0.250]}
EOF
}
remanifest() { # remanifest BUNDLE: re-hash MANIFEST after a test edits a file
	python3 - "$1" <<'PY'
import hashlib, sys, pathlib
d = pathlib.Path(sys.argv[1]); m = d / "MANIFEST"
lines = []
for line in m.read_text().splitlines():
    h, p = line.split("  ", 1)
    lines.append(hashlib.sha256((d / p).read_bytes()).hexdigest() + "  " + p)
m.write_text("\n".join(lines) + "\n")
PY
}
push() {
	out=$("$spangen" push "$work/out" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --confirm-timeout 60 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all.txt"
}
inventory "$work/inv.yaml" ge-0/0/47
"$spangen" render "$work/inv.yaml" -o "$work/out" >/dev/null 2>&1 || fail "render"

# host keys over the netconf subsystem: unknown and changed keys refused
: >"$work/empty_known_hosts"
out=$("$spangen" push "$work/out" --known-hosts "$work/empty_known_hosts" --timeout 20 --dry-run 2>&1)
rc=$?
check "an unknown host key is refused (got $rc): $out" [ "$rc" = 1 ]
check "with its fingerprint" grep -q 'unknown host key SHA256:' <<<"$out"
check "and nothing is added to known_hosts" [ ! -s "$work/empty_known_hosts" ]
ssh-keygen -q -t ed25519 -N '' -f "$work/other_host_key"
printf '[127.0.0.1]:%s %s\n' "$SG_NETCONF_PORT" "$(cut -d' ' -f1,2 "$work/other_host_key.pub")" \
	>"$work/wrong_known_hosts"
out=$("$spangen" push "$work/out" --known-hosts "$work/wrong_known_hosts" --timeout 20 --dry-run --accept-new-host-keys 2>&1)
rc=$?
check "a changed host key is refused even with --accept-new-host-keys (got $rc): $out" [ "$rc" = 1 ]
check "and said so" grep -q 'CHANGED' <<<"$out"

push --dry-run
check "dry run exits 3 (got $rc): $out" [ "$rc" = 3 ]
check "the diff adds the analyzer" grep -q '^+.*<name>spangen-1</name>' <<<"$out"
check "the summary says so in one line" grep -qxF \
	'configuration/forwarding-options/analyzer[name=spangen-1]: add: input/ingress/interface[name=ge-0/0/1.0]; input/egress/interface[name=ge-0/0/1.0]; output/interface ge-0/0/47.0' <<<"$out"
push --yes
check "push exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "the commit was a confirmed one" grep -q '<confirmed/>' "$work"/out/push-*/ex1/session.log
sleep 2
push --dry-run
check "second dry run exits 0 (got $rc): $out" [ "$rc" = 0 ]
push --yes
check "second push changes nothing (got $rc)" grep -q 'nothing to change' <<<"$out"
out=$("$spangen" status "$work/out" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --json 2>&1)
rc=$?
check "status after the push: in place (got $rc): $out" [ "$rc" = 0 ]
check "status --json says ex1 is in place and DC1 covered" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert [(d["name"], d["state"]) for d in r["devices"]] == [("ex1", "in place")], r
assert [(c["name"], c["covered"]) for c in r["dcs"]] == [("DC1", True)], r' "$out"
out=$("$spangen" rollback "$work/out" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --yes 2>&1)
rc=$?
check "rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
push --dry-run
check "after the rollback the push would change the device again (got $rc)" [ "$rc" = 3 ]
out=$("$spangen" status "$work/out" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 2>&1)
rc=$?
check "status after the rollback has nothing to check (got $rc): $out" [ "$rc" = 2 ]

# a second push over an earlier one: the sensor moves and a DC joins,
# then the first DC leaves; each is clean on a second dry run
push_dir() { # push_dir BUNDLE ARGS...
	local dir=$1
	shift
	out=$("$spangen" push "$dir" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --confirm-timeout 60 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all.txt"
}
push --yes
check "the first bundle goes on again (got $rc): $out" [ "$rc" = 0 ]
inventory "$work/moved.yaml" ge-0/0/46
sed -i 's|^sensors:|  - {name: DC2, address: 10.0.0.2, mbps: 100, ports: ["ex1:ge-0/0/2"], ntp: [10.0.0.250]}\nsensors:|; s|monitors: \[DC1\]|monitors: [DC1, DC2]|' "$work/moved.yaml"
"$spangen" render "$work/moved.yaml" -o "$work/moved" >/dev/null 2>&1 || fail "render moved"
push_dir "$work/moved" --yes
check "push the moved sensor and the new DC (got $rc): $out" [ "$rc" = 0 ]
sleep 2
push_dir "$work/moved" --dry-run
check "a dry run after the second push is clean (got $rc): $out" [ "$rc" = 0 ]
inventory "$work/left.yaml" ge-0/0/46
sed -i 's|ex1:ge-0/0/1"|ex1:ge-0/0/2"|' "$work/left.yaml"
"$spangen" render "$work/left.yaml" -o "$work/left" >/dev/null 2>&1 || fail "render left"
push_dir "$work/left" --yes
check "push without the first DC (got $rc): $out" [ "$rc" = 0 ]
sleep 2
push_dir "$work/left" --dry-run
check "a dry run after the third push is clean (got $rc): $out" [ "$rc" = 0 ]
push_dir "$work/moved" --dry-run
check "the previous bundle has changes to make again (got $rc)" [ "$rc" = 3 ]
check "the device mirrors the first DC no more: the previous bundle would add it" \
	grep -q '^+.*<name>ge-0/0/1.0</name>' <<<"$out"
out=$("$spangen" rollback "$work/left" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --yes 2>&1)
rc=$?
check "rollback of the last bundle (got $rc): $out" [ "$rc" = 0 ]
latest=$(find "$work/left" -maxdepth 1 -name 'push-*' | sort | head -1)
check "the push worked out the exact inverse" \
	grep -q 'nc:operation="replace"' "$latest/ex1/rollback.xml"
push_dir "$work/moved" --dry-run
check "the rollback put back what the second bundle made: it is clean again (got $rc): $out" [ "$rc" = 0 ]
push --dry-run
check "after it the first bundle would change the device again (got $rc)" [ "$rc" = 3 ]

# an element the Junos model does not have: the server's rpc-error ends
# the push and the device stays as it was
sed -i 's|<output>|<no-such-element>|; s|</output>|</no-such-element>|' "$work/out/devices/ex1/intended.xml"
remanifest "$work/out"
push --yes
check "a refused edit fails the push (got $rc): $out" [ "$rc" = 1 ]
check "the failure quotes the server's error" grep -q 'no-such-element\|unknown-element' <<<"$out"
check "and nothing was changed" grep -q 'nothing was changed\|undone: as before' <<<"$out"

echo "== Cisco IOS XE over NETCONF: local SPAN, ERSPAN source, ERSPAN termination"
# Three Catalysts on the one server (netconfd with the trimmed monitor-session
# module), kept apart by their session ids.  A push keeps every device's
# candidate locked until it confirms them all, and here the three share one
# candidate, so each is pushed and rolled back on its own (--device); on
# real devices each has its own datastore.
cat >"$work/iosxe.yaml" <<EOF
spangen: 1
name: push-netconf-iosxe
defaults: {username: $SG_NETCONF_USER, auth: key, key_file: $SG_NETCONF_KEY, transport: netconf}
pools: {erspan_ids: ["100-199"]}
switches:
  - {name: a1, vendor: cisco-iosxe, mgmt: "127.0.0.1:$SG_NETCONF_PORT", in_use: {sessions: [1]}}
  - {name: dx, vendor: cisco-iosxe, mgmt: "127.0.0.1:$SG_NETCONF_PORT", address: 198.51.100.4, decap: true, in_use: {sessions: [1, 2, 3]}}
  - {name: br, vendor: cisco-iosxe, mgmt: "127.0.0.1:$SG_NETCONF_PORT", address: 203.0.113.5}
links:
  - {kind: routed, a: br, b: dx, mtu: 9000}
domain_controllers:
  - {name: DC1, address: 10.0.0.1, mbps: 100, ports: ["a1:GigabitEthernet1/0/1"], ntp: [10.0.0.250]}
  - {name: DC3, address: 10.0.0.3, mbps: 10, ports: ["br:GigabitEthernet1/0/1"], ntp: [10.0.0.250]}
sensors:
  - {name: S1, port: "a1:GigabitEthernet1/0/48", monitors: [DC1], ntp: [10.0.0.250]}
  - {name: S3, port: "dx:GigabitEthernet1/0/48", monitors: [DC3], ntp: [10.0.0.250]}
EOF
rm -rf "$work/out"
"$spangen" render "$work/iosxe.yaml" -o "$work/out" >"$work/render.txt" 2>&1 ||
	{ fail "render the IOS XE inventory"; cat "$work/render.txt"; }
nc_cycle() { # nc_cycle DEVICE WHAT PATTERN: push, read back, roll back one device
	local dev=$1 what=$2 pattern=$3 latest
	push --device "$dev" --dry-run
	check "$dev: dry run exits 3 (got $rc): $out" [ "$rc" = 3 ]
	check "$dev: the summary adds one session" \
		[ "$(grep -c '^native/monitor/session\[id=[0-9]*\]: add: ' <<<"$out")" = 1 ]
	push --device "$dev" --yes
	check "$dev: push exits 0 (got $rc): $out" [ "$rc" = 0 ]
	check "$dev: changed as intended" grep -q "^  $dev  *changed as intended" <<<"$out"
	check "$dev: the commit was a confirmed one" \
		grep -q '<confirmed/>' "$work"/out/push-*/"$dev"/session.log
	push --device "$dev" --dry-run
	check "$dev: second dry run exits 0 (got $rc): $out" [ "$rc" = 0 ]
	latest=$(find "$work/out" -maxdepth 1 -name 'push-*' | sort | tail -1)
	check "$dev: $what reads back from the server" \
		grep -q "$pattern" "$latest/$dev/running.txt"
	out=$("$spangen" rollback "$work/out" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --yes 2>&1)
	rc=$?
	check "$dev: rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
	check "$dev: the rollback's summary removes the session" \
		grep -q '^native/monitor/session\[id=[0-9]*\]: remove$' <<<"$out"
	push --device "$dev" --dry-run
	check "$dev: after the rollback the push would change it again (got $rc)" [ "$rc" = 3 ]
}
nc_cycle a1 "the local session's source" '<name>GigabitEthernet1/0/1</name>'
# someone else's session on the id the planner picked (a copy of the bundle
# with another source stands in for it): push refuses before any change
cp -r "$work/out" "$work/foreign"
rm -rf "$work"/foreign/push-*
sed -i 's|<name>GigabitEthernet1/0/1</name>|<name>GigabitEthernet1/0/9</name>|' \
	"$work/foreign/devices/a1/intended.xml"
remanifest "$work/foreign"
push_dir "$work/foreign" --device a1 --yes
check "a1: another session 2 goes on (got $rc): $out" [ "$rc" = 0 ]
push --device a1 --yes
check "a1: the push is refused: session 2 is not its own (got $rc)" [ "$rc" = 1 ]
check "a1: it names the entry" \
	grep -q 'native/monitor/session\[id=2\]: the device holds this entry and spangen did not create it' <<<"$out"
check "a1: and lists its leaves" grep -q "GigabitEthernet1/0/9" <<<"$out"
check "a1: nothing was changed" grep -q 'nothing was changed' <<<"$out"
push_dir "$work/foreign" --device a1 --dry-run
check "a1: the other session is still there as it was (got $rc)" [ "$rc" = 0 ]
# planning around it: --live reads the Catalysts' monitor sessions
out=$("$spangen" plan "$work/iosxe.yaml" --live --known-hosts "$SG_NETCONF_KNOWN_HOSTS" 2>&1)
rc=$?
check "plan --live over NETCONF takes session 2 as in use (got: $out)" grep -Eq '^  a1 +3 +span ' <<<"$out"
check "and finds the sensor port already sent to (got $rc)" \
	grep -q 'error E212: a1:GigabitEthernet1/0/48 is already the destination of monitor session 2' <<<"$out"
out=$("$spangen" render "$work/iosxe.yaml" --live --known-hosts "$SG_NETCONF_KNOWN_HOSTS" \
	--allow-errors -o "$work/live" 2>&1)
rc=$?
check "--allow-errors does not render around a port already sent to (got $rc)" [ "$rc" = 1 ]
check "and says why" grep -q 'E212 says a switch cannot take the plan' <<<"$out"
# (the three share one server, so each reads the other session too)
sed 's|"a1:GigabitEthernet1/0/48"|"a1:GigabitEthernet1/0/47"|; s|"dx:GigabitEthernet1/0/48"|"dx:GigabitEthernet1/0/47"|' \
	"$work/iosxe.yaml" >"$work/iosxe47.yaml"
out=$("$spangen" render "$work/iosxe47.yaml" --live --known-hosts "$SG_NETCONF_KNOWN_HOSTS" \
	-o "$work/live" 2>&1)
check "render --live with a free sensor port keeps the sessions it read: $out" \
	grep -q '<id>2</id>' "$work/live/devices/a1/observed.txt"
check "a1: the rendered rollback is the exact inverse: session 3 goes" \
	grep -q '<session nc:operation="remove"><id>3</id></session>' "$work/live/devices/a1/rollback.xml"
check "a1: and nothing else is touched" \
	[ "$(grep -o 'nc:operation="[a-z]*"' "$work/live/devices/a1/rollback.xml" | sort -u)" = 'nc:operation="remove"' ]
push_dir "$work/live" --device a1 --dry-run
check "a1: the --live bundle would add session 3 (got $rc): $out" \
	bash -c "[ $rc = 3 ] && grep -q 'session\[id=3\]: add' <<<\"\$1\"" _ "$out"
# someone puts a session 3 on the device after the bundle was reviewed
cp -r "$work/foreign" "$work/foreign3"
rm -rf "$work"/foreign3/push-*
sed -i 's|<id>2</id>|<id>3</id>|' "$work/foreign3/devices/a1/intended.xml"
remanifest "$work/foreign3"
push_dir "$work/foreign3" --device a1 --yes
check "a1: a session 3 goes on meanwhile (got $rc): $out" [ "$rc" = 0 ]
push_dir "$work/live" --device a1 --dry-run
check "a1: the --live bundle is now stale (got $rc)" [ "$rc" = 1 ]
check "a1: it says so" grep -q 'a1: changed since this bundle was reviewed' <<<"$out"
out=$("$spangen" rollback "$work/foreign3" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --yes 2>&1)
check "a1: session 3 goes again (got $?): $out" grep -q 'rolled back' <<<"$out"
push_dir "$work/live" --device a1 --dry-run
check "a1: and the bundle is fresh again (got $rc)" [ "$rc" = 3 ]
out=$("$spangen" rollback "$work/foreign" --known-hosts "$SG_NETCONF_KNOWN_HOSTS" --timeout 20 --yes 2>&1)
check "a1: the other session goes again (got $?): $out" grep -q 'rolled back' <<<"$out"
nc_cycle br "the enabled ERSPAN source" '<shutdown-source>false</shutdown-source>'
nc_cycle dx "the ERSPAN termination's id" '<erspan-id>100</erspan-id>'
# a session id outside the model's 1..66: the server's rpc-error fails the
# push and leaves nothing behind
sed -i 's|<id>1</id>|<id>67</id>|' "$work/out/devices/br/intended.xml"
remanifest "$work/out"
push --device br --yes
check "an out-of-range session id fails the IOS XE push (got $rc): $out" [ "$rc" = 1 ]
check "the failure quotes the server's error" grep -q 'br:.*67' <<<"$out"
check "and nothing was changed on br: $out" grep -q 'nothing was changed\|undone: as before' <<<"$out"

if [ -n "$devsim" ]; then
	echo "== one push across NETCONF and the SSH CLI"
	ssh-keygen -q -t ed25519 -N '' -f "$work/sim.host"
	cp "$SG_NETCONF_KNOWN_HOSTS" "$work/known_hosts"
	ssh-keygen -y -f "$SG_NETCONF_KEY" >"$work/sim.authorized"
	start_sim() { # start_sim [devsim option...]: an IOS XE switch "sw"
		rm -f "$work/sim.ready"
		printf 'interface GigabitEthernet1/0/5\n' >"$work/sim.state"
		"$devsim" --dialect iosxe --hostname sw --host-key "$work/sim.host" \
			--ready-file "$work/sim.ready" --state "$work/sim.state" \
			--authorized-keys "$work/sim.authorized" --seconds-per-minute 1 "$@" &
		sim_pid=$!
		for _ in $(seq 100); do [ -s "$work/sim.ready" ] && break; sleep 0.05; done
		sim_port=$(cat "$work/sim.ready")
		echo "[127.0.0.1]:$sim_port $(cut -d' ' -f1,2 "$work/sim.host.pub")" >>"$work/known_hosts"
		cat >"$work/mixed.yaml" <<EOF
spangen: 1
name: push-mixed
defaults: {username: $SG_NETCONF_USER, auth: key, key_file: $SG_NETCONF_KEY}
switches:
  - {name: ex1, vendor: juniper-junos, transport: netconf, mgmt: "127.0.0.1:$SG_NETCONF_PORT"}
  - name: sw
    vendor: cisco-iosxe
    transport: ssh
    mgmt: "127.0.0.1:$sim_port"
    ports: [{name: GigabitEthernet1/0/5, mbps: 1000}, {name: GigabitEthernet1/0/48, mbps: 1000}]
domain_controllers:
  - {name: DC1, address: 10.0.0.1, mbps: 100, ports: ["ex1:ge-0/0/1"], ntp: [10.0.0.250]}
  - {name: DC2, address: 10.0.0.2, mbps: 100, ports: ["sw:GigabitEthernet1/0/5"], ntp: [10.0.0.250]}
sensors:
  - {name: S1, port: "ex1:ge-0/0/47", monitors: [DC1], ntp: [10.0.0.250]}
  - {name: S2, port: "sw:GigabitEthernet1/0/48", monitors: [DC2], ntp: [10.0.0.250]}
EOF
		rm -rf "$work/out"
		"$spangen" render "$work/mixed.yaml" -o "$work/out" >"$work/render.txt" 2>&1 ||
			{ fail "render the mixed inventory"; cat "$work/render.txt"; }
	}
	mpush() {
		out=$("$spangen" push "$work/out" --known-hosts "$work/known_hosts" --timeout 20 --confirm-timeout 60 --yes 2>&1)
		rc=$?
		echo "$out" >>"$work/all.txt"
	}
	start_sim --reject '^monitor session 1 destination'
	mpush
	check "a CLI device refusing a line fails the mixed push (got $rc)" [ "$rc" = 1 ]
	check "the NETCONF device was undone too: $out" grep -q 'ex1 *undone: as before' <<<"$out"
	check "the CLI device is as before" [ "$(cat "$work/sim.state")" = "interface GigabitEthernet1/0/5" ]
	kill "$sim_pid"
	wait "$sim_pid" 2>/dev/null
	start_sim
	mpush
	check "the mixed push succeeds (got $rc): $out" [ "$rc" = 0 ]
	check "both devices changed" [ "$(grep -c 'changed as intended' <<<"$out")" = 2 ]
	check "the CLI device holds its session" grep -q '^monitor session 1 destination interface GigabitEthernet1/0/48' "$work/sim.state"
	out=$("$spangen" rollback "$work/out" --known-hosts "$work/known_hosts" --timeout 20 --yes 2>&1)
	rc=$?
	check "the mixed rollback succeeds (got $rc): $out" [ "$rc" = 0 ]
	kill "$sim_pid"
	wait "$sim_pid" 2>/dev/null
fi

leaks=$(grep -l "BEGIN OPENSSH PRIVATE KEY" "$work/all.txt" "$work"/out/push-*/*/* 2>/dev/null)
check "no key material in any output or log" [ -z "$leaks" ]
echo "push-netconf: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
