#!/usr/bin/env bash
# What spangen push may touch on a CLI switch: against devsim --faithful
# seeded with small running configurations in each device's print form,
#   1. a session spangen did not create sits on the id the planner picks
#      (a NOC probe the inventory's in_use forgot; on NX-OS a shut block
#      with a description of its own): the dry run and the push refuse,
#      name the device, the session and its lines, and no device of the
#      push changes, not even the one with nothing foreign on it;
#   2. the lowest VLAN of the RSPAN pool already exists as a production
#      VLAN (a block with a name; on NX-OS also a VLAN that is only in the
#      "vlan 1,2,10-20" line, alone or inside a range): refused the same
#      way;
#   3. RSPAN across trunks whose allowed list starts as no line (all
#      VLANs), 2-4094, a short range list, a list long enough to wrap
#      into "add" lines, or (IOS XE) none: push, a clean dry run,
#      rollback, and every device prints exactly what it printed before.
# IOS XE is the RSPAN source and destination.  NX-OS and EOS are no RSPAN
# transit in their descriptors; the transit cases use a copy of the
# descriptors that lets the planner route RSPAN through them (swa - nx -
# eo - swb), so their VLAN and trunk lines are reviewed as well.  EOS has
# no case 1: a session named spangen-N carries spangen's mark.
# Usage: test_push_owned.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
. "$here/sim_lib.sh"
trap 'stop_all_sims; rm -rf "$work"' EXIT
export FIXTURES=$here/../data/running

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

spangen_rollback() { # spangen_rollback BUNDLE
	out=$("$spangen" rollback "$1" --known-hosts "$work/known_hosts" --timeout 10 \
		--yes 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

# descriptors with NX-OS and EOS as RSPAN transit switches
transit=$work/data
mkdir -p "$transit"
cp -r "${SPANGEN_DATADIR:?}/templates" "$SPANGEN_DATADIR/vendors" "$transit/"
sed -i 's/^  rspan_transit: false /  rspan_transit: true  /' \
	"$transit/vendors/cisco-nxos.yaml" "$transit/vendors/arista-eos.yaml"
for v in cisco-nxos arista-eos; do
	check "the $v descriptor copy allows RSPAN transit" \
		grep -q '^  rspan_transit: true ' "$transit/vendors/$v.yaml"
done

render() { # render INVENTORY BUNDLE [DATADIR]
	rm -rf "$2"
	SPANGEN_DATADIR=${3:-$SPANGEN_DATADIR} "$spangen" render "$1" -o "$2" \
		>>"$work/all-output.txt" 2>&1
	check "render $(basename "$1") (see $work/all-output.txt)" [ "$?" = 0 ]
}

# mkcfg "DIALECT HOST [--trunk PORT=SPEC]... [--vlan ID:NAME]...
# [--vlan-list LIST] [--extra FILE]"...: writes $work/HOST.initial for
# each, a small running configuration as the device prints it: ports
# 1/0/5 (a DC), 1/0/20 and 1/0/21 (a probe), 1/0/48 (a sensor) on IOS XE,
# Ethernet1/5, 1/20, 1/21, 1/48 on NX-OS, Ethernet5, 20, 21, 48 on EOS;
# VLANs 10 and 20 and the --vlan ones.  SPEC: "all" (no allowed line),
# "none", a VLAN list, or "scatter:SEED:N" (N scattered VLANs, wrapped as
# the device wraps them).  --extra: lines put where the device prints its monitor
# sessions.  --vlan-list: NX-OS's "vlan LIST" line (default: the VLANs).
cat >"$work/mkcfg.py" <<'PY'
import argparse, os, shlex, sys
sys.path.insert(0, os.environ["FIXTURES"])
import gen  # the fixtures' own list printer and wrapper

ap = argparse.ArgumentParser()
ap.add_argument("dialect", choices=["iosxe", "nxos", "eos"])
ap.add_argument("host")
ap.add_argument("--trunk", action="append", default=[])
ap.add_argument("--vlan", action="append", default=[])
ap.add_argument("--vlan-list", default=None)
ap.add_argument("--extra", default=None)


def vset(text):
    out = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def trunk_lines(d, ind, spec):
    if spec == "all":
        return []
    if spec == "none":
        return [ind + "switchport trunk allowed vlan none"]
    if spec.startswith("scatter:"):
        _, seed, n = spec.split(":")
        vl = gen.trunk_vlans(int(seed), int(n))
    else:
        vl = vset(spec)
    first, more = {"iosxe": (79, 79), "nxos": (76, 70), "eos": (0, 0)}[d]
    return gen.wrapped(ind, "switchport trunk allowed vlan ",
                       gen.items(vl, d == "iosxe"), first, more)


def iosxe(a, vlans, trunks, extra):
    L = ["!", "! Last configuration change at 10:14:07 UTC Tue Mar 4 2025 by netops",
         "!", "version 17.9", "service timestamps debug datetime msec",
         "service password-encryption", "!", "hostname " + a.host, "!",
         "vtp mode transparent", "!"]
    for i in sorted(vlans):
        L += ["vlan %d" % i, " name " + vlans[i], "!"]
    ports = [("GigabitEthernet1/0/5", [" description DC01", " switchport access vlan 10",
                                       " switchport mode access"]),
             ("GigabitEthernet1/0/20", [" description noc-probe-source",
                                        " switchport access vlan 20", " switchport mode access"]),
             ("GigabitEthernet1/0/21", [" description noc-probe"]),
             ("GigabitEthernet1/0/48", [" description sensor"])]
    for p, spec in trunks:
        ports.append((p, [" description trunk"] + trunk_lines("iosxe", " ", spec) +
                      [" switchport mode trunk"]))
    for p, body in ports:
        L += ["interface " + p] + body + ["!"]
    L += ["ip ssh version 2", "!"] + extra
    L += ["!", "line con 0", " stopbits 1", "line vty 0 4", " transport input ssh",
          "!", "end"]
    body = "\n".join(L) + "\n"
    return "Building configuration...\n\nCurrent configuration : %d bytes\n%s" % (
        len(body.encode()), body)


def nxos(a, vlans, trunks, extra):
    L = ["!Command: show running-config", "", "version 9.3(8) Bios:version 05.45",
         "hostname " + a.host, "", "feature lldp", "",
         "vlan " + (a.vlan_list or ",".join(str(i) for i in [1] + sorted(vlans)))]
    for i in sorted(vlans):
        L += ["vlan %d" % i, "  name " + vlans[i]]
    L += ["", "vrf context management", "  ip route 0.0.0.0/0 192.0.2.1"]
    ports = [("Ethernet1/5", ["  description DC01", "  switchport access vlan 10",
                              "  spanning-tree port type edge", "  no shutdown"]),
             ("Ethernet1/20", ["  description noc-probe-source", "  switchport access vlan 20",
                               "  no shutdown"]),
             ("Ethernet1/21", ["  description noc-probe", "  switchport monitor",
                               "  no shutdown"]),
             ("Ethernet1/48", ["  description sensor", "  no shutdown"])]
    for p, spec in trunks:
        ports.append((p, ["  description trunk", "  switchport mode trunk"] +
                      trunk_lines("nxos", "  ", spec) + ["  no shutdown"]))
    for p, body in ports:
        L += ["", "interface " + p] + body
    L += ["line console", "line vty"] + extra
    return "\n".join(L) + "\n"


def eos(a, vlans, trunks, extra):
    L = ["! Command: show running-config",
         "! device: %s (vEOS, EOS-4.23.0.1F)" % a.host, "!",
         "! boot system flash:/EOS-4.23.0.1F.swi", "!",
         "hostname " + a.host, "!", "spanning-tree mode mstp", "!"]
    for i in sorted(vlans):
        L += ["vlan %d" % i, "   name " + vlans[i], "!"]
    ports = [("Ethernet5", ["   description DC01", "   switchport access vlan 10"]),
             ("Ethernet20", ["   description noc-probe-source", "   switchport access vlan 20"]),
             ("Ethernet21", ["   description noc-probe"]),
             ("Ethernet48", ["   description sensor"])]
    for p, spec in trunks:
        ports.append((p, ["   description trunk"] + trunk_lines("eos", "   ", spec) +
                      ["   switchport mode trunk"]))
    for p, body in ports:
        L += ["interface " + p] + body + ["!"]
    L += extra + ["ip routing", "!", "end"]
    return "\n".join(L) + "\n"


for arg in sys.argv[1:]:
    a = ap.parse_args(shlex.split(arg))
    vlans = {10: "USERS", 20: "VOICE"}
    for v in a.vlan:
        i, _, name = v.partition(":")
        vlans[int(i)] = name
    trunks = [t.split("=", 1) for t in a.trunk]
    extra = open(a.extra).read().splitlines() if a.extra else []
    text = globals()[a.dialect](a, vlans, trunks, extra)
    with open(os.path.join(os.environ["WORK"], a.host + ".initial"), "w",
              newline="\n") as f:
        f.write(text)
PY
mkcfg() {
	WORK=$work python3 "$work/mkcfg.py" "$@" || fail "mkcfg $*"
}

# start SWITCH:DIALECT...: a fresh simulator for each, from its .initial,
# with an empty log
start() {
	local s
	for s in "$@"; do
		: >"$work/${s%%:*}.log"
		start_sim "${s%%:*}" "${s#*:}" --faithful
	done
}

stop() { # stop SWITCH[:DIALECT]...
	local s
	for s in "$@"; do
		stop_sim "${s%%:*}"
	done
}

# as_before WHAT SWITCH[:DIALECT]...: each simulator prints exactly its
# .initial
as_before() {
	local what=$1 sw
	shift
	for sw in "$@"; do
		sw=${sw%%:*}
		if cmp -s "$work/$sw.initial" "$work/$sw.state"; then
			ok
		else
			fail "$what: $sw prints what it printed before"
			diff -u "$work/$sw.initial" "$work/$sw.state" | head -40
		fi
	done
}

# untouched WHAT SWITCH[:DIALECT]...: as_before, and the simulator was
# sent no configuration or checkpoint command at all
untouched() {
	local what=$1 sw
	shift
	as_before "$what" "$@"
	for sw in "$@"; do
		sw=${sw%%:*}
		if grep -Eq '^< *(conf|checkpoint|rollback)' "$work/$sw.log"; then
			fail "$what: $sw was sent configuration commands"
			grep -E '^< ' "$work/$sw.log" | tail -20
		else
			ok
		fi
	done
}

# has WHAT LINE...: the last output holds one of the LINEs (fixed
# strings, whole lines)
has() {
	local what=$1 line
	shift
	for line in "$@"; do
		grep -qxF -- "$line" <<<"$out" && { ok; return; }
	done
	fail "$what: the output has no line '$1'"
	echo "$out" | head -60
}

# refused WHAT BUNDLE DATADIR DEVICE KEY LINE...: the dry run and the push
# both exit 1 at the review, naming DEVICE, then "KEY:" and each LINE
# indented by 4.  A LINE "A|B" may be the device's printed form A or the
# same line as spangen reads it, B.
refused() {
	local what=$1 dir=$2 data=$3 device=$4 key=$5 mode line
	shift 5
	for mode in --dry-run --yes; do
		SPANGEN_DATADIR=$data spangen_push "$dir" "$mode"
		check "$what: push $mode is refused (got $rc: $out)" [ "$rc" = 1 ]
		check "$what: push $mode names $device as failed at the review" \
			grep -Eq "^== ${device}[: ].*FAILED at review: .*entr(y|ies) that spangen did not create would be changed or removed \\(listed below\\)" <<<"$out"
		check "$what: push $mode says nothing was changed" \
			grep -q 'nothing was changed' <<<"$out"
		has "$what: push $mode" "$key"
		for line in "$@"; do
			has "$what: push $mode" "    ${line%%|*}" "    ${line#*|}"
		done
	done
}

defaults="{username: netops, auth: key, key_file: $work/id_ed25519, transport: ssh}"

###########################################################################
echo "== 1. a foreign session on the id spangen picks"
###########################################################################

# span2 FILE VENDOR DC-PORT SENSOR-PORT: local SPAN on swa and on swb,
# each with its own DC and sensor; in_use lists session 1 only, so both
# get session 2
span2() {
	cat >"$1" <<EOF
spangen: 1
name: owned-span
defaults: $defaults
switches:
  - {name: swa, vendor: $2, mgmt: "127.0.0.1:$port_swa", in_use: {sessions: [1]}}
  - {name: swb, vendor: $2, mgmt: "127.0.0.1:$port_swb", in_use: {sessions: [1]}}
domain_controllers:
  - {name: DC01, address: 10.1.20.11, ports: ["swa:$3"], mbps: 100}
  - {name: DC02, address: 10.1.20.12, ports: ["swb:$3"], mbps: 100}
sensors:
  - {name: S1, port: "swa:$4", monitors: [DC01]}
  - {name: S2, port: "swb:$4", monitors: [DC02]}
EOF
}

# session 1 is in in_use; session 2, the NOC probe, is not
cat >"$work/iosxe-noc.txt" <<'EOF'
monitor session 1 source vlan 20
monitor session 1 destination interface Gi1/0/22
monitor session 2 source interface Gi1/0/20
monitor session 2 destination interface Gi1/0/21
EOF
cat >"$work/nxos-noc.txt" <<'EOF'
monitor session 1
  description legacy tap
  source vlan 20 rx
  destination interface Ethernet1/22
  no shut
monitor session 2
  description NOC probe
  source interface Ethernet1/20 both
  destination interface Ethernet1/21
EOF
# the session is on the first or on the second switch of the inventory
for dialect in iosxe nxos; do
	for holder in swa swb; do
		what="$dialect, foreign session 2 on $holder"
		other=swb
		[ "$holder" = swb ] && other=swa
		mkcfg "$dialect $holder --extra $work/$dialect-noc.txt" "$dialect $other"
		start swa:$dialect swb:$dialect
		if [ "$dialect" = iosxe ]; then
			span2 "$work/span2.yaml" cisco-iosxe GigabitEthernet1/0/5 GigabitEthernet1/0/48
			lines=("monitor session 2 source interface Gi1/0/20|monitor session 2 source interface GigabitEthernet1/0/20 both"
				"monitor session 2 destination interface Gi1/0/21|monitor session 2 destination interface GigabitEthernet1/0/21")
		else
			span2 "$work/span2.yaml" cisco-nxos Ethernet1/5 Ethernet1/48
			lines=("monitor session 2" "  description NOC probe"
				"  source interface Ethernet1/20 both"
				"  destination interface Ethernet1/21")
		fi
		render "$work/span2.yaml" "$work/span2"
		check "$what: the plan gives $other session 2 too" \
			grep -Eq '^monitor session 2( |$)' "$work/span2/devices/$other/intended.cfg"
		refused "$what" "$work/span2" "$SPANGEN_DATADIR" "$holder" \
			"monitor session 2: the device holds this session and spangen did not create it:" \
			"${lines[@]}"
		check "$what: the preview shows $other's change" \
			grep -Eq "^== $other \\(.*\\): changes$" <<<"$out"
		untouched "$what" swa swb
		stop swa swb
	done
done

###########################################################################
# RSPAN from DC01 on swa to the sensor S1 on swb: over one trunk, or
# through nx (NX-OS) and eo (EOS) as transit switches; the planner takes
# the pool's lowest VLAN, 2
###########################################################################

# rspan FILE [transit]: the inventory, two switches or four
rspan() {
	local inuse='in_use: {vlans: [1, 10, 20]}'
	{
		echo "spangen: 1"
		echo "name: owned-rspan"
		echo "defaults: $defaults"
		echo 'pools: {rspan_vlans: ["2-9"]}'
		echo "switches:"
		echo "  - {name: swa, vendor: cisco-iosxe, mgmt: \"127.0.0.1:$port_swa\", $inuse}"
		if [ $# -gt 1 ]; then
			echo "  - {name: nx, vendor: cisco-nxos, mgmt: \"127.0.0.1:$port_nx\", $inuse}"
			echo "  - {name: eo, vendor: arista-eos, mgmt: \"127.0.0.1:$port_eo\", $inuse}"
		fi
		echo "  - {name: swb, vendor: cisco-iosxe, mgmt: \"127.0.0.1:$port_swb\", $inuse}"
		echo "links:"
		if [ $# -gt 1 ]; then
			echo '  - {kind: trunk, a: "swa:TenGigabitEthernet1/1/1", b: "nx:Ethernet1/49"}'
			echo '  - {kind: trunk, a: "nx:Ethernet1/50", b: "eo:Ethernet49"}'
			echo '  - {kind: trunk, a: "eo:Ethernet50", b: "swb:TenGigabitEthernet1/1/1"}'
		else
			echo '  - {kind: trunk, a: "swa:TenGigabitEthernet1/1/1", b: "swb:TenGigabitEthernet1/1/1"}'
		fi
		echo "domain_controllers:"
		echo '  - {name: DC01, address: 10.1.20.11, ports: ["swa:GigabitEthernet1/0/5"], mbps: 100}'
		echo "sensors:"
		echo '  - {name: S1, port: "swb:GigabitEthernet1/0/48"}'
	} >"$1"
}

# rspan_configs SPEC [transit] [ARGS-NX [ARGS-EO]]: the starting
# configurations, every trunk port's list SPEC, plus extra mkcfg options
rspan_configs() {
	local spec=$1
	if [ $# -gt 1 ]; then
		mkcfg "iosxe swa --trunk TenGigabitEthernet1/1/1=$spec" \
			"nxos nx --trunk Ethernet1/49=$spec --trunk Ethernet1/50=$spec ${3:-}" \
			"eos eo --trunk Ethernet49=$spec --trunk Ethernet50=$spec ${4:-}" \
			"iosxe swb --trunk TenGigabitEthernet1/1/1=$spec"
	else
		mkcfg "iosxe swa --trunk TenGigabitEthernet1/1/1=$spec" \
			"iosxe swb --trunk TenGigabitEthernet1/1/1=$spec"
	fi
}

# rspan_bundle NAME [transit]: renders the inventory for the running
# simulators into $work/NAME, with the transit descriptors
rspan_bundle() {
	local name=$1 sw
	shift
	rspan "$work/$name.yaml" "$@"
	render "$work/$name.yaml" "$work/$name" "$transit"
	for sw in swa ${1:+nx eo} swb; do
		check "$name: the plan puts RSPAN VLAN 2 on $sw" \
			grep -q '^vlan 2$' "$work/$name/devices/$sw/intended.cfg"
	done
}

sims2=(swa:iosxe swb:iosxe)
sims4=(swa:iosxe nx:nxos eo:eos swb:iosxe)

###########################################################################
echo "== 2. the pool's VLAN already exists"
###########################################################################

key="vlan 2: the device already has this VLAN, and spangen did not create it:"
for holder in swa swb; do
	what="iosxe, VLAN 2 on $holder"
	rspan_configs all
	mkcfg "iosxe $holder --trunk TenGigabitEthernet1/1/1=all --vlan 2:PRODUCTION"
	start "${sims2[@]}"
	rspan_bundle rspan2
	refused "$what" "$work/rspan2" "$transit" "$holder" "$key" "vlan 2" " name PRODUCTION"
	untouched "$what" "${sims2[@]}"
	stop "${sims2[@]}"
done
what="nxos, VLAN 2 as a block"
rspan_configs all transit "--vlan 2:PRODUCTION"
start "${sims4[@]}"
rspan_bundle rspan4 transit
refused "$what" "$work/rspan4" "$transit" nx "$key" "vlan 2" "  name PRODUCTION"
untouched "$what" "${sims4[@]}"
stop "${sims4[@]}"
what="nxos, VLAN 2 only in the VLAN list line"
rspan_configs all transit "--vlan-list 1,2,10-20"
check "$what: nx has no block for VLAN 2" [ "$(grep -c '^vlan 2$' "$work/nx.initial")" = 0 ]
start "${sims4[@]}"
rspan_bundle rspan4 transit
refused "$what" "$work/rspan4" "$transit" nx "$key" "vlan 1,2,10-20"
untouched "$what" "${sims4[@]}"
stop "${sims4[@]}"
what="nxos, VLAN 2 inside a range of the VLAN list line"
rspan_configs all transit "--vlan-list 1-5,10,20"
start "${sims4[@]}"
rspan_bundle rspan4 transit
refused "$what" "$work/rspan4" "$transit" nx "$key" "vlan 1-5,10,20"
untouched "$what" "${sims4[@]}"
stop "${sims4[@]}"
what="eos, VLAN 2 as a block"
rspan_configs all transit "" "--vlan 2:PRODUCTION"
start "${sims4[@]}"
rspan_bundle rspan4 transit
refused "$what" "$work/rspan4" "$transit" eo "$key" "vlan 2" "   name PRODUCTION|  name PRODUCTION"
untouched "$what" "${sims4[@]}"
stop "${sims4[@]}"

###########################################################################
echo "== 3. trunks"
###########################################################################

# trunk_check WHAT SWITCH:PORT...: after the push, each port's trunk
# allows what it allowed before and VLAN 2, nothing else ("add" lines
# merged, no allowed line meaning all)
cat >"$work/trunks.py" <<'PY'
import os, re, sys


def allowed(path, port):
    inside, items = False, None
    for line in open(path):
        line = line.rstrip("\n")
        if not line.startswith(" "):
            inside = line == "interface " + port
            continue
        m = re.match(r"\s+switchport trunk allowed vlan (add )?(\S+)$", line)
        if inside and m:
            items = (items or []) + m.group(2).split(",")
    on = set(range(1, 4095)) if items is None else set()
    for it in items or []:
        if it != "none":
            lo, _, hi = it.partition("-")
            on.update(range(int(lo), int(hi or lo) + 1))
    return on


def text(on):
    out, v = [], 1
    while v <= 4094:
        if v in on:
            w = v
            while w + 1 in on:
                w += 1
            out.append("%d-%d" % (v, w) if w > v else str(v))
            v = w
        v += 1
    return ",".join(out) or "none"


work = os.environ["WORK"]
for arg in sys.argv[1:]:
    sw, port = arg.split(":", 1)
    want = allowed(os.path.join(work, sw + ".initial"), port) | {2}
    got = allowed(os.path.join(work, sw + ".state"), port)
    print(sw, port, text(want), text(got))
PY
trunk_check() {
	local what=$1 sw port want got
	shift
	while read -r sw port want got; do
		check "$what: $sw $port allows what it did and VLAN 2 (want $want, got $got)" \
			[ "$want" = "$got" ]
	done < <(WORK=$work python3 "$work/trunks.py" "$@")
}

# trunk_round SPEC [transit]: every trunk port starts with SPEC; push, a
# clean dry run, rollback, every device as before
trunk_round() {
	local spec=$1 what sims ports
	if [ $# -gt 1 ]; then
		what="iosxe+nxos+eos, trunks $spec"
		sims=("${sims4[@]}")
		ports=(swa:TenGigabitEthernet1/1/1 nx:Ethernet1/49 nx:Ethernet1/50
			eo:Ethernet49 eo:Ethernet50 swb:TenGigabitEthernet1/1/1)
	else
		what="iosxe, trunks $spec"
		sims=("${sims2[@]}")
		ports=(swa:TenGigabitEthernet1/1/1 swb:TenGigabitEthernet1/1/1)
	fi
	rspan_configs "$@"
	if [ "${spec%%:*}" = scatter ]; then
		check "$what: the list wraps on IOS XE" \
			grep -q '^ switchport trunk allowed vlan add ' "$work/swa.initial"
		[ $# -gt 1 ] && check "$what: the list wraps on NX-OS" \
			grep -q '^  switchport trunk allowed vlan add ' "$work/nx.initial"
	fi
	start "${sims[@]}"
	rspan_bundle trunks "${@:2}"
	spangen_push "$work/trunks" --dry-run
	check "$what: the dry run finds changes (got $rc: $out)" [ "$rc" = 3 ]
	spangen_push "$work/trunks" --yes
	check "$what: push (got $rc: $out)" [ "$rc" = 0 ]
	trunk_check "$what" "${ports[@]}"
	check "$what: swa has RSPAN VLAN 2" grep -Pzq '\nvlan 2\n remote-span\n' "$work/swa.state"
	check "$what: swb has RSPAN VLAN 2" grep -Pzq '\nvlan 2\n remote-span\n' "$work/swb.state"
	spangen_push "$work/trunks" --dry-run
	check "$what: a dry run after the push is clean (got $rc: $out)" [ "$rc" = 0 ]
	spangen_rollback "$work/trunks"
	check "$what: rollback (got $rc: $out)" [ "$rc" = 0 ]
	as_before "$what: after the rollback" "${sims[@]}"
	spangen_push "$work/trunks" --dry-run
	check "$what: after the rollback the bundle has changes to make again (got $rc)" \
		[ "$rc" = 3 ]
	stop "${sims[@]}"
}

for spec in all 2-4094 10,20,30-40 scatter:3:120; do
	trunk_round "$spec"
	trunk_round "$spec" transit
done
# a trunk that carries nothing yet
trunk_round none

echo "push_owned: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
