#!/usr/bin/env bash
# spangen push against simulators that print the way real switches do
# (devsim --faithful: short names and no default direction on IOS XE,
# merged source ranges, trunk lists re-printed whole and wrapped, AOS-CX
# destinations before sources, NX-OS mode before the allowed list ...),
# seeded with large real-world running configurations
# (tests/data/running/).  For every dialect:
#   1. push a bundle, and its dry run afterwards must be clean;
#   2. push a changed bundle (the sensor moves, a DC is added), clean again;
#   3. push a bundle without the first DC, clean again;
#   4. roll back the three, newest first: after each rollback the device
#      prints exactly what it printed before that push.
# Where the device cannot carry spangen's mark on a session (IOS XE local
# SPAN has no description), the changed bundle is refused until it is
# pushed with --replaces naming the bundle it replaces.
# Foreign sessions, banners, certificates and everything else spangen
# does not manage must come through byte for byte.
# Usage: test_push_faithful.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../data/running
work=$(mktemp -d)
. "$here/sim_lib.sh"
trap 'stop_all_sims; rm -rf "$work"' EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
: >"$work/known_hosts"
export SPANGEN_TEST_PASSWORD=unused-here

spangen_push() { # spangen_push BUNDLE ARGS...: sets rc and out
	local dir=$1
	shift
	out=$("$spangen" push "$dir" --known-hosts "$work/known_hosts" --timeout 10 \
		--confirm-timeout 60 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

# same_as SAVED WHAT: the device prints exactly SAVED
same_as() {
	if cmp -s "$1" "$work/$sw.state"; then
		ok
	else
		fail "$2"
		diff -u "$1" "$work/$sw.state" | head -40
	fi
}

spangen_rollback() { # spangen_rollback BUNDLE
	out=$("$spangen" rollback "$1" --known-hosts "$work/known_hosts" --timeout 10 \
		--yes 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

# inventory FILE SWITCH VENDOR DC-PORTS SENSOR-PORT IN-USE: a one-switch
# SPAN inventory for the simulator named SWITCH
inventory() {
	local file=$1 sw=$2 vendor=$3 dcports=$4 sensor=$5 in_use=$6 i=1 p port
	eval "port=\$port_${sw//-/_}"
	{
		echo "spangen: 1"
		echo "name: faithful"
		echo "defaults: {username: netops, auth: key, key_file: $work/id_ed25519, transport: ssh}"
		echo "switches:"
		echo "  - {name: $sw, vendor: $vendor, mgmt: \"127.0.0.1:$port\", in_use: $in_use}"
		echo "domain_controllers:"
		for p in $dcports; do
			echo "  - {name: DC0$i, address: 10.1.20.1$i, ports: [\"$sw:$p\"], mbps: 100}"
			i=$((i + 1))
		done
		echo "sensors:"
		echo "  - {name: S1, port: \"$sw:$sensor\"}"
	} >"$file"
}

# The simulator is named after the fixture's host, which EOS prints in its
# header; the others print it as a line of the configuration.
sim_name() {
	sed -n 's/^! device: \([^ ]*\) .*/\1/p' "$fixtures/$1.cfg" | grep . || echo sw
}

# short DIALECT PORT: the port as the device prints it in a session line
short() {
	case $1 in
	iosxe) echo "$2" | sed 's/^GigabitEthernet/Gi/; s/^TenGigabitEthernet/Te/' ;;
	*) echo "$2" ;;
	esac
}

# session_ports FILE: every port a mirror session of the printout names,
# one "source PORT" or "destination PORT" a line, with printed lists
# ("Gi1/0/5 - 7 , Gi1/0/9") taken apart, so a port hidden in a range is
# found too
session_ports() {
	[ -s "$1" ] || { echo "session_ports: no printout $1" >&2; return 2; }
	python3 - "$1" <<'PY'
import re, sys
for line in open(sys.argv[1], errors="replace"):
    m = re.match(r"\s*(?:monitor session \S+ )?(source|destination)(?: interface)? (.*)$", line.rstrip("\n"))
    if not m or not re.match(r"[A-Za-z0-9]", m.group(2)):
        continue
    kind, rest = m.group(1), re.sub(r" (both|rx|tx)$", "", m.group(2))
    for item in rest.split(" , "):
        r = re.match(r"(.*?)(\d+) - (\d+)$", item)
        ports = [r.group(1) + str(n) for n in range(int(r.group(2)), int(r.group(3)) + 1)] if r else [item]
        for port in ports:
            print(kind, port)
PY
}

# names_port FILE KIND PORT: whether the printout's sessions name the port
# (exit 1 when not, 2 when the printout cannot be read)
names_port() {
	local list
	list=$(session_ports "$1") || return 2
	grep -qx -- "$2 $3" <<<"$list"
}

# round DIALECT VENDOR IN-USE DC-PORT SENSOR DC-PORT2 SENSOR2 MARKED
# PATTERN...: the steps on one simulator.  MARKED is "yes" when the
# dialect's sessions carry spangen's mark, so a changed bundle may change
# the earlier bundle's session without --replaces.  Each PATTERN (an
# extended regex) must match a line the device prints once the first
# bundle is in.
round() {
	local dialect=$1 vendor=$2 in_use=$3 dc=$4 sensor=$5 dc2=$6 sensor2=$7
	local marked=$8 re replaces_a=() replaces_b=()
	shift 8
	echo "== $dialect ($vendor)"
	sw=$(sim_name "$dialect")
	cp "$fixtures/$dialect.cfg" "$work/$sw.initial"
	start_sim "$sw" "$dialect" --faithful
	check "$dialect: the fixture prints back as it was" cmp -s "$work/$sw.state" "$work/$sw.initial"

	inventory "$work/$dialect-a.yaml" "$sw" "$vendor" "$dc" "$sensor" "$in_use"
	"$spangen" render "$work/$dialect-a.yaml" -o "$work/$dialect-a" >>"$work/all-output.txt" 2>&1 ||
		fail "$dialect: render the first bundle"
	spangen_push "$work/$dialect-a" --dry-run
	check "$dialect: the dry run finds changes (got $rc)" [ "$rc" = 3 ]
	spangen_push "$work/$dialect-a" --yes
	check "$dialect: push (got $rc: $out)" [ "$rc" = 0 ]
	for re in "$@"; do
		check "$dialect: the device prints /$re/" grep -Eq -- "$re" "$work/$sw.state"
	done
	spangen_push "$work/$dialect-a" --dry-run
	check "$dialect: a dry run after the push is clean (got $rc: $out)" [ "$rc" = 0 ]
	cp "$work/$sw.state" "$work/$sw.after-a"

	inventory "$work/$dialect-b.yaml" "$sw" "$vendor" "$dc $dc2" "$sensor2" "$in_use"
	"$spangen" render "$work/$dialect-b.yaml" -o "$work/$dialect-b" >>"$work/all-output.txt" 2>&1 ||
		fail "$dialect: render the changed bundle"
	if [ "$marked" != yes ]; then
		spangen_push "$work/$dialect-b" --yes
		check "$dialect: the changed bundle is refused: the session is not its own (got $rc: $out)" \
			[ "$rc" = 1 ]
		check "$dialect: the refusal names the session and its lines" \
			grep -q 'did not create it:' <<<"$out"
		same_as "$work/$sw.after-a" "$dialect: the refused push changed nothing"
		replaces_a=(--replaces "$work/$dialect-a")
		replaces_b=(--replaces "$work/$dialect-b")
	fi
	spangen_push "$work/$dialect-b" --yes "${replaces_a[@]}"
	check "$dialect: push the changed bundle (got $rc: $out)" [ "$rc" = 0 ]
	names_port "$work/$sw.state" destination "$(short "$dialect" "$sensor2")"
	check "$dialect: the new sensor port is a destination (got $?)" [ "$?" = 0 ]
	names_port "$work/$sw.state" destination "$(short "$dialect" "$sensor")"
	check "$dialect: the old sensor port is no longer a destination (got $?)" [ "$?" = 1 ]
	spangen_push "$work/$dialect-b" --dry-run "${replaces_a[@]}"
	check "$dialect: a dry run after the second push is clean (got $rc: $out)" [ "$rc" = 0 ]
	cp "$work/$sw.state" "$work/$sw.after-b"

	# the first DC leaves: only the second stays mirrored
	inventory "$work/$dialect-c.yaml" "$sw" "$vendor" "$dc2" "$sensor2" "$in_use"
	sed -i 's/name: DC01,/name: DC02,/' "$work/$dialect-c.yaml"
	"$spangen" render "$work/$dialect-c.yaml" -o "$work/$dialect-c" >>"$work/all-output.txt" 2>&1 ||
		fail "$dialect: render the bundle without the first DC"
	spangen_push "$work/$dialect-c" --yes "${replaces_b[@]}"
	check "$dialect: push the bundle without the first DC (got $rc: $out)" [ "$rc" = 0 ]
	names_port "$work/$sw.state" source "$(short "$dialect" "$dc2")"
	check "$dialect: the second DC's port is still a source (got $?)" [ "$?" = 0 ]
	names_port "$work/$sw.state" source "$(short "$dialect" "$dc")"
	check "$dialect: the first DC's port is no longer a source (got $?)" [ "$?" = 1 ]
	spangen_push "$work/$dialect-c" --dry-run "${replaces_b[@]}"
	check "$dialect: a dry run after the third push is clean (got $rc: $out)" [ "$rc" = 0 ]

	spangen_rollback "$work/$dialect-c"
	check "$dialect: roll back the third bundle (got $rc: $out)" [ "$rc" = 0 ]
	same_as "$work/$sw.after-b" "$dialect: after its rollback the device prints what it printed before the third push"
	spangen_rollback "$work/$dialect-b"
	check "$dialect: roll back the second bundle (got $rc: $out)" [ "$rc" = 0 ]
	same_as "$work/$sw.after-a" "$dialect: after its rollback the device prints what it printed before the second push"
	spangen_rollback "$work/$dialect-a"
	check "$dialect: roll back the first bundle (got $rc: $out)" [ "$rc" = 0 ]
	same_as "$work/$sw.initial" "$dialect: after the last rollback the device prints what it printed before any push"
	spangen_push "$work/$dialect-c" --dry-run
	check "$dialect: after the rollback the bundle has changes to make again (got $rc)" [ "$rc" = 3 ]
	stop_sim "$sw"
}

round iosxe cisco-iosxe '{sessions: [1, 5]}' \
	GigabitEthernet1/0/5 GigabitEthernet3/0/30 GigabitEthernet1/0/6 GigabitEthernet3/0/31 no \
	'^monitor session 2 source interface Gi1/0/5$' \
	'^monitor session 2 destination interface Gi3/0/30$' \
	'^monitor session 1 source interface Gi1/0/10 - 11 , Gi2/0/4$' \
	'^monitor session 5 type erspan-source$'
# The NX-OS sensor ports have lines of their own (a description, an access
# VLAN, spanning-tree edge): each rollback takes off only what its push
# put there.
round nxos cisco-nxos '{sessions: [1, 2, 3]}' \
	Ethernet1/5 Ethernet4/32 Ethernet1/6 Ethernet4/33 yes \
	'^  source interface Ethernet1/5 both$' \
	'^  destination interface Ethernet4/32$'
round eos arista-eos '{}' \
	Ethernet3/1 Ethernet6/44 Ethernet3/2 Ethernet6/43 yes \
	'^monitor session [^ ]+ source Ethernet3/1$' \
	'^monitor session [^ ]+ destination Ethernet6/44$' \
	'^monitor session legacy source Ethernet3/9 rx$'
# Sessions 1 and 3 already spend the platform's four mirror directions, so
# in_use leaves session 3 out here: the planner, which cannot see the device
# yet, would refuse the DC, and the id it picks (2) is free on the device.
round aoscx aruba-aoscx '{sessions: [1]}' \
	1/1/3 1/4/47 1/1/4 1/4/46 yes \
	'^    destination interface 1/4/47$' \
	'^    source interface 1/1/3 both$' \
	'^mirror session 1$'

# A device whose paging stays on (here the descriptor's paging_off is a
# harmless show command): push answers every pager prompt, reads the
# 2,679-line printout whole, and says so in the device's log.
echo "== paging that stays on"
mkdir -p "$work/data"
cp -r "${SPANGEN_DATADIR:?}/templates" "$work/data/"
cp -r "$SPANGEN_DATADIR/vendors" "$work/data/"
sed -i 's/^  paging_off: terminal length 0/  paging_off: show running-config hostname/' \
	"$work/data/vendors/cisco-iosxe.yaml"
check "paged: the descriptor was changed" grep -q 'paging_off: show running-config hostname' \
	"$work/data/vendors/cisco-iosxe.yaml"
cp "$fixtures/iosxe.cfg" "$work/sw.initial"
start_sim sw iosxe --faithful
inventory "$work/paged.yaml" sw cisco-iosxe GigabitEthernet1/0/5 GigabitEthernet3/0/30 '{sessions: [1, 5]}'
SPANGEN_DATADIR=$work/data "$spangen" render "$work/paged.yaml" -o "$work/paged" \
	>>"$work/all-output.txt" 2>&1 || fail "paged: render"
SPANGEN_DATADIR=$work/data spangen_push "$work/paged" --yes
check "paged: push (got $rc: $out)" [ "$rc" = 0 ]
check "paged: the log says paging is on" grep -q 'paging is still on' "$work"/paged/push-*/sw/session.log
SPANGEN_DATADIR=$work/data spangen_push "$work/paged" --dry-run
check "paged: a dry run after the push is clean (got $rc: $out)" [ "$rc" = 0 ]
stop_sim sw

echo "push_faithful: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
