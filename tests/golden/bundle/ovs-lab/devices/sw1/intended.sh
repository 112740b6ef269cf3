#!/bin/sh
# spangen 0.1.0: intended port mirroring for sw1 (Open vSwitch).
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
# Every command acts on bridge sw1 (the switch's bridge, or its
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

# session 1 (span): spangen: LAB-DC0 to LAB-SN0
# mirror dc0 in both directions to sn0. The output port
# becomes mirror-only: OVS forwards nothing else to it and drops what it sends.
spangen_old=$(spangen_mirror 'sw1' 'spangen-1')
ovs-vsctl ${spangen_old:+-- remove Bridge 'sw1' mirrors $spangen_old} \
	-- --id='@src-dc0' get Port 'dc0' \
	-- --id=@out get Port 'sn0' \
	-- --id=@m create Mirror name='spangen-1' \
		select-src-port='@src-dc0', \
		select-dst-port='@src-dc0', \
		output-port=@out \
	-- add Bridge 'sw1' mirrors @m
