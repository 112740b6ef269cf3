#!/bin/sh
# spangen 0.1.0: rollback of the port mirroring on br1 (Open vSwitch).
# Reference: vendor-mirroring.md F.4 (removal), F.8, L.1; test-labs.md Lab 1.
# Removes only what intended.sh adds, on bridge br1, in reverse order:
# sessions, trunk additions, RSPAN VLANs. A Mirror leaves Bridge.mirrors by its
# UUID (never `clear` or `set` of the column), tunnel ports go with
# --if-exists, so running this twice is harmless.
set -eu

# spangen_mirror BRIDGE NAME: prints the UUIDs of the Mirrors called NAME that
# BRIDGE holds (F.4; Mirror names are unique per bridge only, not per host).
spangen_mirror() {
	spangen_held=" $(ovs-vsctl --bare --columns=mirrors list Bridge "$1" | tr '\n' ' ') "
	for spangen_u in $(ovs-vsctl --bare --columns=_uuid find Mirror "name=$2"); do
		case "$spangen_held" in
		*" $spangen_u "*) printf '%s\n' "$spangen_u" ;;
		esac
	done
}

# OVS mirrors a packet when its datapath flow is translated. In the test lab
# (OVS 3.1, userspace datapath) flows that already existed kept mirroring
# after their Mirror was removed, until they expired, so the datapath flows
# are flushed when this script ends, also after an error.
trap 'ovs-appctl revalidator/purge || echo "spangen: ovs-appctl revalidator/purge failed: flows older than this change keep their old mirroring until they expire" >&2' EXIT

# session 1 (rspan-destination): spangen: DC2 to S2
spangen_old=$(spangen_mirror 'br1' 'spangen-1')
if [ -n "$spangen_old" ]; then
	ovs-vsctl remove Bridge 'br1' mirrors $spangen_old
fi

# trunk tr0: stop carrying RSPAN VLAN 900. If 900 is the only member left,
# spangen did not add it (it never adds to an empty list), and removing it
# would open the port to every VLAN: leave it.
if [ "$(ovs-vsctl get Port 'tr0' trunks)" != '[900]' ]; then
	ovs-vsctl remove Port 'tr0' trunks '900'
fi

# RSPAN VLAN 900 (SPANGEN-RSPAN-900)
ovs-vsctl remove Bridge 'br1' flood_vlans '900'
