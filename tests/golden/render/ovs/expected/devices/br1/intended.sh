#!/bin/sh
# spangen 0.1.0: intended port mirroring for br1 (Open vSwitch).
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
# Every command acts on bridge br1 (the switch's bridge, or its
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

# RSPAN VLAN 900 (SPANGEN-RSPAN-900): OVS VLANs exist implicitly; put 900 in flood_vlans so
# the bridge floods it and learns no MACs from the mirrored frames.
# Adding a member is idempotent and leaves the other members alone.
ovs-vsctl add Bridge 'br1' flood_vlans '900'

# trunk tr0: carry RSPAN VLAN 900. An empty trunks column means the port
# already carries every VLAN; adding 900 to it would cut the port down to 900 alone,
# so spangen only adds 900 to a non-empty list.
if [ "$(ovs-vsctl get Port 'tr0' trunks)" != '[]' ]; then
	ovs-vsctl add Port 'tr0' trunks '900'
fi

# session 1 (rspan-destination): spangen: DC2 to S2
# (no vendor document confirms this; it passed spangen's Open vSwitch lab test): copy every
# frame of VLAN 900 to sn0. The sensor receives them still tagged
# 900. The output port becomes mirror-only.
spangen_old=$(spangen_mirror 'br1' 'spangen-1')
ovs-vsctl ${spangen_old:+-- remove Bridge 'br1' mirrors $spangen_old} \
	-- --id=@out get Port 'sn0' \
	-- --id=@m create Mirror name='spangen-1' \
		select-all=true select-vlan='900' \
		output-port=@out \
	-- add Bridge 'br1' mirrors @m
