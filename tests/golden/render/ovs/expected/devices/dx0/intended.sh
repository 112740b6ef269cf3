#!/bin/sh
# spangen 0.1.0: intended port mirroring for dx0 (Open vSwitch).
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
# Every command acts on bridge dx0 (the switch's bridge, or its
# name). Each session is ONE ovs-vsctl call, i.e. one atomic OVSDB
# transaction: it first drops this bridge's Mirror of the same name, if
# any, so re-running converges. Mirrors are ADDED to Bridge.mirrors, never set
# or cleared. Order: RSPAN VLANs, trunk additions, sessions.
set -eu

# spangen_mirror BRIDGE NAME: prints the UUIDs of the Mirrors called NAME that
# BRIDGE holds (Mirror names are unique per bridge only, not per host).
spangen_mirror() {
	spangen_held=" $(ovs-vsctl --bare --columns=mirrors list Bridge "$1" | tr '\n' ' ') "
	for spangen_u in $(ovs-vsctl --bare --columns=_uuid find Mirror "name=$2"); do
		case "$spangen_held" in
		*" $spangen_u "*) printf '%s\n' "$spangen_u" ;;
		esac
	done
}

# OVS mirrors a packet when its datapath flow is translated. In the test lab
# (OVS 3.1, userspace datapath) flows that already existed kept their old
# actions after a Mirror was added or removed, until they expired, so the
# datapath flows are flushed when this script ends, also after an error.
trap 'ovs-appctl revalidator/purge || echo "spangen: ovs-appctl revalidator/purge failed: flows older than this change keep their old mirroring until they expire" >&2' EXIT

# session 1 (erspan-destination): spangen: DC3 to S3
# (no vendor document confirms this recipe; it passed spangen's Open vSwitch lab test):
# receive ERSPAN session 100 (options:key) at 198.51.100.9 on the tunnel port
# spg-ers1, which spangen owns, and hand the inner frames on with one flow
# (cookie 0x5350471). Not through NORMAL: the DC's and its peers' MACs are
# learned on the tunnel port in both directions, so NORMAL drops the frames as
# "output to in_port" (Lab 1). The userspace datapath pops the tunnel when the
# packet reaches the LOCAL port that owns 198.51.100.9. remote_ip=flow accepts
# any sender, because the view does not give the source's address. Flows are
# not kept in OVSDB: run this again after ovs-vswitchd restarts; an OpenFlow
# controller on this bridge may delete the flow.
ovs-ofctl del-flows 'dx0' 'cookie=0x5350471/-1'
ovs-vsctl -- --if-exists del-port 'dx0' 'spg-ers1' \
	-- add-port 'dx0' 'spg-ers1' \
	-- set Interface 'spg-ers1' type=erspan \
		options:remote_ip=flow options:local_ip='198.51.100.9' \
		options:key='100' options:erspan_ver=1
ovs-ofctl add-flow 'dx0' \
	'cookie=0x5350471,priority=65535,in_port=spg-ers1,actions=output:sn0'
