#!/usr/bin/env bash
# Regenerates the pcap fixtures in tests/data/pcap/ from the Open vSwitch
# lab (tests/integration/test_lab.sh, which builds it, pushes the mirrors
# with spangen and writes what the sensor receives while they are in
# place).  tests/unit/test_verify.c runs the verifier on these files.
#
#   span-both.pcap         plain SPAN at the sensor: both directions
#   rspan-vlan300.pcap     RSPAN at the sensor: still tagged VLAN 300
#   erspan-underlay.pcap   ERSPAN type II, session 100, on the underlay
#                          before decapsulation (GRE packets only)
#   span-to-dc-only.pcap   span-both.pcap without the frames the DC sent:
#                          what a mirror of the DC's received traffic only
#                          would deliver
#
# Needs what the lab needs (root, Open vSwitch, sshd, tcpdump, ethtool,
# netcat-openbsd).  Exits 77 when the lab is skipped, 1 when it fails; the
# fixtures are only replaced after a lab run that passed.
# Usage: tests/lab/capture-fixtures.sh SPANGEN
set -eu
if [ $# -ne 1 ]; then
	echo "usage: $0 SPANGEN" >&2
	exit 2
fi
spangen=$(readlink -f "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
dest=$src/tests/data/pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

status=0
SG_LAB_CAPTURE=$tmp SPANGEN_DATADIR=${SPANGEN_DATADIR:-$src} \
	bash "$src/tests/integration/with_sshd.sh" \
	bash "$src/tests/integration/test_lab.sh" "$spangen" || status=$?
if [ "$status" -ne 0 ]; then
	echo "capture-fixtures: the lab did not pass (exit $status); fixtures unchanged" >&2
	exit "$status"
fi

mkdir -p "$dest"
cp "$tmp/span.pcap" "$dest/span-both.pcap"
cp "$tmp/rspan.pcap" "$dest/rspan-vlan300.pcap"
cp "$tmp/erspan-underlay.pcap" "$dest/erspan-underlay.pcap"
# "src host" also matches an ARP sender, so the DC's ARP replies go too
tcpdump -Z root -r "$tmp/span.pcap" -w "$dest/span-to-dc-only.pcap" 'not src host 192.0.2.10' 2>/dev/null

for f in span-both rspan-vlan300 erspan-underlay span-to-dc-only; do
	size=$(stat -c %s "$dest/$f.pcap")
	# test data stays small
	if [ "$size" -ge 51200 ]; then
		echo "capture-fixtures: $f.pcap is $size bytes, over 50 KB" >&2
		exit 1
	fi
	verdict=$("$spangen" verify --pcap "$dest/$f.pcap" --dc 192.0.2.10 | grep '^DC ')
	echo "$f.pcap: $size bytes, $verdict"
done
