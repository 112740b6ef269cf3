#!/bin/sh
# spangen 0.1.0: rollback of the port mirroring on dx0 (Open vSwitch).
# Reference: vendor-mirroring.md F.4 (removal), F.8, L.1; test-labs.md Lab 1.
# Removes only what intended.sh adds, on bridge dx0, in reverse order:
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

# session 1 (erspan-destination): spangen: DC3 to S3
ovs-ofctl del-flows 'dx0' 'cookie=0x5350471/-1'
ovs-vsctl --if-exists del-port 'dx0' 'spg-ers1'
