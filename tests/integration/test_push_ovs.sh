#!/usr/bin/env bash
# spangen push over ssh-exec to a real Open vSwitch (ovsdb-server and
# ovs-vswitchd with the userspace datapath, in a network namespace of its
# own, reached through the real sshd of with_sshd.sh).  Needs root (network
# namespaces) and Open vSwitch; exits 77 (skipped) without them.
# Usage: with_sshd.sh test_push_ovs.sh SPANGEN
set -u
spangen=$1
if [ "$(id -u)" -ne 0 ] || ! command -v ovs-vswitchd >/dev/null ||
	! command -v ip >/dev/null; then
	echo "push-ovs: SKIPPED: needs root, iproute2 and openvswitch-switch"
	exit 77
fi
work=$(mktemp -d)
ns=spg-$$-sw
D=$work/ovs
failures=0
checks=0
cleanup() {
	OVS_RUNDIR=$D ovs-appctl -t ovs-vswitchd exit --cleanup 2>/dev/null
	[ -f "$D/ovsdb-server.pid" ] && kill "$(cat "$D/ovsdb-server.pid")" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {
	local what=$1
	shift
	if "$@"; then checks=$((checks + 1)); else fail "$what"; fi
}

export OVS_RUNDIR=$D OVS_LOGDIR=$D OVS_DBDIR=$D
mkdir -p "$D"
ip netns add "$ns"
ovsdb-tool create "$D/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ip netns exec "$ns" ovsdb-server "$D/conf.db" --remote="punix:$D/db.sock" \
	--pidfile="$D/ovsdb-server.pid" -vconsole:off \
	--log-file="$D/ovsdb-server.log" --detach --no-chdir
ovs-vsctl --no-wait init
ip netns exec "$ns" ovs-vswitchd "unix:$D/db.sock" --disable-system \
	--pidfile="$D/ovs-vswitchd.pid" -vconsole:off \
	--log-file="$D/ovs-vswitchd.log" --detach --no-chdir
ovs-vsctl add-br sw1 -- set Bridge sw1 datapath_type=netdev
for p in dc0 dc1 cl0 sn0 sn1; do
	ip -n "$ns" link add "$p" type veth peer name "$p-peer"
	ip -n "$ns" link set "$p" up
	ip -n "$ns" link set "$p-peer" up
	ovs-vsctl add-port sw1 "$p"
done
# someone else's mirror on the same bridge, which spangen must leave alone
ovs-vsctl -- --id=@p get Port cl0 -- --id=@m create Mirror name=noc-probe \
	select-src-port=@p -- add Bridge sw1 mirrors @m >/dev/null

echo "[127.0.0.1]:$SG_SSHD_PORT $(cut -d' ' -f1,2 "$SG_SSHD_DIR/host_ed25519_key.pub")" >"$work/known_hosts"
cat >"$work/lab.yaml" <<EOF
spangen: 1
name: push-ovs
defaults: {username: $SG_SSHD_USER, auth: key, key_file: $SG_SSHD_DIR/id_ed25519, transport: ssh-exec}
switches:
  - name: sw1
    vendor: ovs
    mgmt: "127.0.0.1:$SG_SSHD_PORT"
    ovs_rundir: $D
    ports: [{name: dc0, mbps: 10000}, {name: cl0, mbps: 10000}, {name: sn0, mbps: 10000},
            {name: dc1, mbps: 10000}, {name: sn1, mbps: 10000}]
domain_controllers:
  - {name: LAB-DC0, address: 192.0.2.10, ports: ["sw1:dc0"], mbps: 100, ntp: [192.0.2.1]}
sensors:
  - {name: LAB-SN0, port: "sw1:sn0", monitors: [LAB-DC0], ntp: [192.0.2.1]}
preferences:
  methods: [span]
EOF
"$spangen" render "$work/lab.yaml" -o "$work/out" >/dev/null 2>&1 || fail "render"

push() {
	out=$("$spangen" push "$work/out" --known-hosts "$work/known_hosts" --timeout 20 "$@" 2>&1)
	rc=$?
}

# planning around what the host holds: the bridge's ports, read live over
# ssh-exec, or saved from `ovs-vsctl list-ports BRIDGE`
out=$("$spangen" plan "$work/lab.yaml" --live --known-hosts "$work/known_hosts" 2>&1)
rc=$?
check "plan --live reads the bridge (got $rc): $out" [ "$rc" = 0 ]
out=$("$spangen" render "$work/lab.yaml" --live --known-hosts "$work/known_hosts" -o "$work/live" 2>&1)
rc=$?
check "render --live (got $rc): $out" [ "$rc" = 0 ]
check "the bundle keeps the bridge's ports" grep -qx 'sn0' "$work/live/devices/sw1/observed.txt"
check "and says where it read them" grep -q "^! spangen: read .* from ssh 127.0.0.1:$SG_SSHD_PORT;" \
	"$work/live/devices/sw1/observed.txt"
sed 's|"sw1:dc0"|"sw1:dc9"|' "$work/lab.yaml" >"$work/noport.yaml"
out=$("$spangen" plan "$work/noport.yaml" --live --known-hosts "$work/known_hosts" 2>&1)
rc=$?
check "a port the bridge does not have is an error at planning (got $rc)" [ "$rc" = 1 ]
check "E210 names it" grep -q 'error E210: sw1:dc9 is not on the device' <<<"$out"
sed 's/^    vendor: ovs$/    vendor: ovs\n    bridge: nosuch/' "$work/lab.yaml" >"$work/nobridge.yaml"
out=$("$spangen" plan "$work/nobridge.yaml" --live --known-hosts "$work/known_hosts" 2>&1)
rc=$?
check "a bridge the host does not have is an error at planning (got $rc)" [ "$rc" = 1 ]
check "E209 gives ovs-vsctl's words" grep -q 'error E209: sw1 could not be read.*no bridge named nosuch' <<<"$out"
mkdir -p "$work/saved"
ovs-vsctl list-ports sw1 >"$work/saved/sw1.txt"
out=$("$spangen" plan "$work/lab.yaml" --observed "$work/saved" 2>&1)
rc=$?
check "plan --observed takes the saved list-ports (got $rc): $out" [ "$rc" = 0 ]
sed -i '/^sn0$/d' "$work/saved/sw1.txt"
out=$("$spangen" plan "$work/lab.yaml" --observed "$work/saved" 2>&1)
rc=$?
check "a sensor port missing from it is E210 (got $rc)" \
	bash -c "[ $rc = 1 ] && grep -q 'error E210: sw1:sn0 is not on the device' <<<\"\$1\"" _ "$out"
mirrors() { ovs-vsctl --bare --columns=name list Mirror | sed '/^$/d' | sort | paste -sd' '; }

push --dry-run
check "dry run exits 3 (got $rc): $out" [ "$rc" = 3 ]
check "dry run shows the mirror to add" grep -q '^+mirror spangen-1 select-all=false select-src-port=dc0 select-dst-port=dc0 select-vlan= output-port=sn0 output-vlan=' <<<"$out"
check "dry run changes nothing" [ "$(mirrors)" = "noc-probe" ]
push --yes
check "push exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "the bridge has spangen's mirror and keeps the other one" [ "$(mirrors)" = "noc-probe spangen-1" ]
out_port=$(ovs-vsctl get Port "$(ovs-vsctl --bare --columns=output_port find Mirror name=spangen-1)" name)
check "the mirror's output port is sn0 (got $out_port)" [ "$out_port" = sn0 ]
status() {
	out=$("$spangen" status "$work/out" --known-hosts "$work/known_hosts" --timeout 20 "$@" 2>&1)
	rc=$?
}
status
check "status after the push: in place (got $rc): $out" [ "$rc" = 0 ]
check "status: the DC is covered" grep -q '^LAB-DC0 -> LAB-SN0: covered$' <<<"$out"
# the DC's VM moves to another host: its port leaves the bridge, and so
# leaves the mirror
ovs-vsctl del-port sw1 dc0
status
check "status once the DC's port left the bridge: exit 1 (got $rc): $out" [ "$rc" = 1 ]
check "status: sw1 drifted" grep -q '^sw1 (ovs): drifted' <<<"$out"
check "status: the DC is not covered" grep -q '^LAB-DC0 -> LAB-SN0: NOT covered: sw1 drifted$' <<<"$out"
check "status changed nothing" [ "$(mirrors)" = "noc-probe spangen-1" ]
ovs-vsctl add-port sw1 dc0
push --yes
check "the VM back, a push puts its mirror back (got $rc): $out" [ "$rc" = 0 ]
status
check "and status is clean again (got $rc): $out" [ "$rc" = 0 ]
# someone takes spangen's mirror off the bridge
ovs-vsctl -- --id=@m get Mirror spangen-1 -- remove Bridge sw1 mirrors @m
status --json
check "status once the mirror was removed: exit 1 (got $rc): $out" [ "$rc" = 1 ]
check "status --json: sw1 removed" python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert [(d["name"], d["state"]) for d in r["devices"]] == [("sw1", "removed")], r
assert r["dcs"][0]["covered"] is False, r' "$out"
push --yes
check "a push puts it back (got $rc): $out" [ "$rc" = 0 ]
push --dry-run
check "second dry run exits 0 (got $rc): $out" [ "$rc" = 0 ]
push --yes
check "second push changes nothing (got $rc)" grep -q 'nothing to change' <<<"$out"
out=$("$spangen" rollback "$work/out" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "rollback removes only spangen's mirror" [ "$(mirrors)" = "noc-probe" ]

# a second push over an earlier one: the sensor moves and a DC joins,
# then the first DC leaves
selected() { # selected MIRROR: the names of its source ports
	ovs-vsctl --bare --columns=select_src_port find Mirror name="$1" |
		tr ' ' '\n' | sed '/^$/d' | while read -r uuid; do
			ovs-vsctl get Port "$uuid" name
		done | sort | paste -sd' '
}
output_of() { ovs-vsctl get Port "$(ovs-vsctl --bare --columns=output_port find Mirror name="$1")" name; }
changed_inventory() { # changed_inventory OUT-DIR DC-LINE...
	local dir=$1
	shift
	sed '/^domain_controllers:/,$d' "$work/lab.yaml" >"$work/changed.yaml"
	{
		echo "domain_controllers:"
		printf '  %s\n' "$@"
		echo "sensors:"
		echo '  - {name: LAB-SN0, port: "sw1:sn1", ntp: [192.0.2.1]}'
		echo "preferences:"
		echo "  methods: [span]"
	} >>"$work/changed.yaml"
	"$spangen" render "$work/changed.yaml" -o "$dir" >/dev/null 2>&1 || fail "render $dir"
}
push --yes
check "the first bundle goes on again (got $rc)" [ "$rc" = 0 ]
changed_inventory "$work/moved" \
	'- {name: LAB-DC0, address: 192.0.2.10, ports: ["sw1:dc0"], mbps: 100, ntp: [192.0.2.1]}' \
	'- {name: LAB-DC1, address: 192.0.2.11, ports: ["sw1:dc1"], mbps: 100, ntp: [192.0.2.1]}'
out=$("$spangen" push "$work/moved" --known-hosts "$work/known_hosts" --timeout 20 --yes 2>&1)
rc=$?
check "push the moved sensor and the new DC (got $rc): $out" [ "$rc" = 0 ]
check "the mirror now goes to sn1 (got $(output_of spangen-1))" [ "$(output_of spangen-1)" = sn1 ]
check "and selects both DCs (got $(selected spangen-1))" [ "$(selected spangen-1)" = "dc0 dc1" ]
check "the other mirror stays" [ "$(mirrors)" = "noc-probe spangen-1" ]
out=$("$spangen" push "$work/moved" --known-hosts "$work/known_hosts" --timeout 20 --dry-run 2>&1)
check "a dry run after the second push is clean (got $?): $out" [ "$?" = 0 ]
changed_inventory "$work/left" \
	'- {name: LAB-DC1, address: 192.0.2.11, ports: ["sw1:dc1"], mbps: 100, ntp: [192.0.2.1]}'
out=$("$spangen" push "$work/left" --known-hosts "$work/known_hosts" --timeout 20 --yes 2>&1)
rc=$?
check "push without the first DC (got $rc): $out" [ "$rc" = 0 ]
check "the mirror selects only the second DC (got $(selected spangen-1))" [ "$(selected spangen-1)" = dc1 ]
out=$("$spangen" push "$work/left" --known-hosts "$work/known_hosts" --timeout 20 --dry-run 2>&1)
rc=$?
check "a dry run after the third push is clean (got $rc): $out" [ "$rc" = 0 ]
# Each rollback puts the bridge back as that push found it, newest first:
# rolling back the newest bundle brings the earlier bundle's mirror back.
out=$("$spangen" rollback "$work/left" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "roll back the third bundle (got $rc): $out" [ "$rc" = 0 ]
check "the second bundle's mirror is back (got $(selected spangen-1))" [ "$(selected spangen-1)" = "dc0 dc1" ]
check "to sn1 (got $(output_of spangen-1))" [ "$(output_of spangen-1)" = sn1 ]
out=$("$spangen" rollback "$work/moved" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "roll back the second bundle (got $rc): $out" [ "$rc" = 0 ]
check "the first bundle's mirror is back (got $(selected spangen-1) to $(output_of spangen-1))" \
	[ "$(selected spangen-1) $(output_of spangen-1)" = "dc0 sn0" ]
out=$("$spangen" rollback "$work/out" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "rolling back the first bundle (got $rc): $out" [ "$rc" = 0 ]
check "leaves only the other mirror" [ "$(mirrors)" = "noc-probe" ]

# RSPAN from sw1 to a second bridge over a trunk, where the trunk on sw1
# carries the RSPAN VLAN already (in a list), the one on sw2 carries every
# VLAN, and sw2 floods the VLAN already: after push and rollback both
# bridges are exactly as they were.
ovs-vsctl add-br sw2 -- set Bridge sw2 datapath_type=netdev
ip -n "$ns" link add up1 type veth peer name up2
for p in up1 up2 sn9; do
	[ "$p" = sn9 ] && ip -n "$ns" link add sn9 type veth peer name sn9-peer &&
		ip -n "$ns" link set sn9-peer up
	ip -n "$ns" link set "$p" up
done
ovs-vsctl add-port sw1 up1 trunks=10,901 -- add-port sw2 up2 -- add-port sw2 sn9 \
	-- set Bridge sw2 flood_vlans=901
bridges() { # what spangen may touch on both bridges, one fact a line
	local b
	for b in sw1 sw2; do
		echo "$b mirrors: $(ovs-vsctl --bare --columns=mirrors list Bridge "$b" | wc -w)"
		echo "$b flood_vlans: $(ovs-vsctl get Bridge "$b" flood_vlans)"
	done
	echo "up1 trunks: $(ovs-vsctl get Port up1 trunks)"
	echo "up2 trunks: $(ovs-vsctl get Port up2 trunks)"
	echo "mirrors: $(mirrors)"
}
bridges >"$work/bridges.before"
sed "s/^preferences:/links:\n  - {kind: trunk, a: \"sw1:up1\", b: \"sw2:up2\"}\npools: {rspan_vlans: [\"901-909\"]}\npreferences:/; s/methods: \[span\]/methods: [rspan]/; s/\"sw1:sn0\"/\"sw2:sn9\"/" \
	"$work/lab.yaml" >"$work/rspan.yaml"
sed -i "s|^switches:|switches:\n  - {name: sw2, vendor: ovs, mgmt: \"127.0.0.1:$SG_SSHD_PORT\", ovs_rundir: $D}|" "$work/rspan.yaml"
"$spangen" render "$work/rspan.yaml" -o "$work/rspan" >"$work/rspan.log" 2>&1 || { fail "render rspan"; cat "$work/rspan.log"; }
check "the RSPAN VLAN is 901" grep -q "flood_vlans '901'" "$work/rspan/devices/sw2/intended.sh"
out=$("$spangen" push "$work/rspan" --known-hosts "$work/known_hosts" --timeout 20 --yes 2>&1)
rc=$?
check "push RSPAN across two bridges (got $rc): $out" [ "$rc" = 0 ]
check "a mirror sends into VLAN 901" [ -n "$(ovs-vsctl --bare --columns=name find Mirror output_vlan=901)" ]
check "sw2's trunk was left carrying every VLAN" [ "$(ovs-vsctl get Port up2 trunks)" = "[]" ]
out=$("$spangen" push "$work/rspan" --known-hosts "$work/known_hosts" --timeout 20 --dry-run 2>&1)
check "a dry run after the push is clean (got $?): $out" [ "$?" = 0 ]
out=$("$spangen" rollback "$work/rspan" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "roll the RSPAN back (got $rc): $out" [ "$rc" = 0 ]
bridges >"$work/bridges.after"
check "both bridges are exactly as they were: $(diff "$work/bridges.before" "$work/bridges.after" | tr '\n' ' ')" \
	cmp -s "$work/bridges.before" "$work/bridges.after"
check "sw1's trunk still carries 901 (got $(ovs-vsctl get Port up1 trunks))" \
	[ "$(ovs-vsctl get Port up1 trunks)" = "[10, 901]" ]

# the port the sensor needs has gone: the read stops before any change
ovs-vsctl del-port sw1 sn0
push --dry-run
check "a dry run against a missing port fails (got $rc)" [ "$rc" = 1 ]
check "it names the bridge and the port" grep -q 'bridge sw1 has no port sn0' <<<"$out"
push --yes
check "push fails at the read (got $rc)" [ "$rc" = 1 ]
check "before any change" grep -q 'nothing was changed' <<<"$out"
check "and the bridge is as before" [ "$(mirrors)" = "noc-probe" ]
ovs-vsctl add-port sw1 sn0

# a switch whose bridge has another name (two hosts may both have br-int),
# and one whose bridge is not on the host
for bridge in sw1 nosuch; do
	sed "s/^  - name: sw1$/  - name: host-$bridge/; s/^    vendor: ovs$/    vendor: ovs\n    bridge: $bridge/; s/\"sw1:/\"host-$bridge:/g" \
		"$work/lab.yaml" >"$work/bridge-$bridge.yaml"
	"$spangen" render "$work/bridge-$bridge.yaml" -o "$work/bridge-$bridge" >/dev/null 2>&1 ||
		fail "render with bridge: $bridge"
done
check "the scripts act on the bridge, not the switch's name" \
	grep -q "add Bridge 'sw1' mirrors" "$work/bridge-sw1/devices/host-sw1/intended.sh"
out=$("$spangen" push "$work/bridge-sw1" --known-hosts "$work/known_hosts" --timeout 20 --yes 2>&1)
rc=$?
check "push to host-sw1, bridge sw1 (got $rc): $out" [ "$rc" = 0 ]
check "the mirror is on sw1" [ "$(mirrors)" = "noc-probe spangen-1" ]
out=$("$spangen" rollback "$work/bridge-sw1" --known-hosts "$work/known_hosts" --yes 2>&1)
rc=$?
check "and rolls back (got $rc): $out" [ "$rc" = 0 ]
check "leaving the other mirror alone" [ "$(mirrors)" = "noc-probe" ]
out=$("$spangen" push "$work/bridge-nosuch" --known-hosts "$work/known_hosts" --timeout 20 --dry-run 2>&1)
rc=$?
check "a dry run against a bridge the host does not have fails (got $rc)" [ "$rc" = 1 ]
check "it names the bridge" grep -q 'this host has no Open vSwitch bridge nosuch' <<<"$out"

# host keys: unknown refused, changed refused
: >"$work/known_hosts"
push --dry-run
check "an unknown host key is refused (got $rc)" [ "$rc" = 1 ]
check "with its fingerprint" grep -q 'SHA256:' <<<"$out"

echo "push-ovs: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
