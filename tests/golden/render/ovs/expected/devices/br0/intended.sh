#!/bin/sh
# spangen 0.1.0: intended port mirroring for br0 (Open vSwitch).
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
# Every command acts on bridge br0 (the switch's bridge, or its
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
ovs-vsctl add Bridge 'br0' flood_vlans '900'

# trunk tr0: carry RSPAN VLAN 900. An empty trunks column means the port
# already carries every VLAN; adding 900 to it would cut the port down to 900 alone,
# so spangen only adds 900 to a non-empty list.
if [ "$(ovs-vsctl get Port 'tr0' trunks)" != '[]' ]; then
	ovs-vsctl add Port 'tr0' trunks '900'
fi

# session 1 (span): spangen: DC1 to S1
# mirror dc0 in both directions to sn0. The output port
# becomes mirror-only: OVS forwards nothing else to it and drops what it sends.
spangen_old=$(spangen_mirror 'br0' 'spangen-1')
ovs-vsctl ${spangen_old:+-- remove Bridge 'br0' mirrors $spangen_old} \
	-- --id='@src-dc0' get Port 'dc0' \
	-- --id=@out get Port 'sn0' \
	-- --id=@m create Mirror name='spangen-1' \
		select-src-port='@src-dc0', \
		select-dst-port='@src-dc0', \
		output-port=@out \
	-- add Bridge 'br0' mirrors @m

# session 2 (rspan-source): spangen: DC2 to S2
# mirror dc1 in both directions into VLAN 900: OVS sends the
# copies out of every port that trunks VLAN 900 (tag replaced by 900).
spangen_old=$(spangen_mirror 'br0' 'spangen-2')
ovs-vsctl ${spangen_old:+-- remove Bridge 'br0' mirrors $spangen_old} \
	-- --id='@src-dc1' get Port 'dc1' \
	-- --id=@m create Mirror name='spangen-2' \
		select-src-port='@src-dc1', \
		select-dst-port='@src-dc1', \
		output-vlan='900' \
	-- add Bridge 'br0' mirrors @m

# session 3 (erspan-source): spangen: DC3 to S3
# mirror dc2 in both directions as ERSPAN type II (OVS erspan_ver=1),
# session id 100 (options:key), to 198.51.100.9 through the tunnel port spg-ers3,
# which spangen owns and recreates. OVS takes the route and next hop from the
# kernel tables of the namespace ovs-vswitchd runs in (Lab 1). IPv4 outer
# header: an IPv6 decapsulator would need type=ip6erspan. Traffic that
# arrives on the tunnel port is dropped: it is a mirror output.
# The type II index (erspan_idx, a label decapsulators ignore) is set to
# the session id too; OVS reads erspan_idx as hexadecimal (seen on the wire in
# the lab), hence the printf.
spangen_old=$(spangen_mirror 'br0' 'spangen-3')
ovs-vsctl ${spangen_old:+-- remove Bridge 'br0' mirrors $spangen_old} \
	-- --if-exists del-port 'br0' 'spg-ers3' \
	-- add-port 'br0' 'spg-ers3' \
	-- set Interface 'spg-ers3' type=erspan \
		options:remote_ip='198.51.100.9' \
		options:local_ip='198.51.100.1' \
		options:key='100' options:erspan_ver=1 \
		options:erspan_idx="$(printf '%x' '100')" \
	-- --id='@src-dc2' get Port 'dc2' \
	-- --id=@out get Port 'spg-ers3' \
	-- --id=@m create Mirror name='spangen-3' \
		select-src-port='@src-dc2', \
		select-dst-port='@src-dc2', \
		output-port=@out \
	-- add Bridge 'br0' mirrors @m
