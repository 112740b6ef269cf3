#!/bin/sh
# spangen 0.1.0: prints the part of bridge br0 that spangen manages, one
# fact per line, in the form of expected.txt. It reads and changes nothing else.
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
set -eu

# spangen_ports UUID...: the names of those Port rows, sorted, comma separated.
spangen_ports() {
	for spangen_p in "$@"; do
		ovs-vsctl get Port "$spangen_p" name
	done | tr -d '"' | LC_ALL=C sort | paste -sd, -
}

# The bridge and every port the bundle names must be on this host: a dry
# run or push against a bridge or port that is not there stops here, before
# anything is changed.  Exit status 3 says the host was read and lacks it
# (a VM whose port it was moved away), which is not a failure to read.
if ! ovs-vsctl br-exists 'br0'; then
	echo "spangen: this host has no Open vSwitch bridge br0" >&2
	exit 3
fi
spangen_need_port() { # spangen_need_port PORT
	if [ "$(ovs-vsctl port-to-br "$1" 2>/dev/null)" != 'br0' ]; then
		echo "spangen: bridge br0 has no port $1" >&2
		exit 3
	fi
}
spangen_need_port 'tr0'
spangen_need_port 'dc0'
spangen_need_port 'sn0'
spangen_need_port 'dc1'
spangen_need_port 'dc2'

# Every Mirror of this bridge whose name spangen owns (spangen-ID).
for spangen_m in $(ovs-vsctl --bare --columns=mirrors list Bridge 'br0'); do
	spangen_n=$(ovs-vsctl get Mirror "$spangen_m" name | tr -d '"')
	case "$spangen_n" in
	spangen-*) ;;
	*) continue ;;
	esac
	printf 'mirror %s select-all=%s select-src-port=%s select-dst-port=%s select-vlan=%s output-port=%s output-vlan=%s\n' \
		"$spangen_n" \
		"$(ovs-vsctl get Mirror "$spangen_m" select_all)" \
		"$(spangen_ports $(ovs-vsctl --bare --columns=select_src_port list Mirror "$spangen_m"))" \
		"$(spangen_ports $(ovs-vsctl --bare --columns=select_dst_port list Mirror "$spangen_m"))" \
		"$(ovs-vsctl --bare --columns=select_vlan list Mirror "$spangen_m" | tr ' ' ,)" \
		"$(spangen_ports $(ovs-vsctl --bare --columns=output_port list Mirror "$spangen_m"))" \
		"$(ovs-vsctl --bare --columns=output_vlan list Mirror "$spangen_m")"
done

# RSPAN VLAN 900: flooded, not learned
case " $(ovs-vsctl --bare --columns=flood_vlans list Bridge 'br0') " in
*" 900 "*) echo 'flood-vlan 900' ;;
esac
# trunk tr0 carries VLAN 900 when its list names it or is empty (every VLAN)
case " $(ovs-vsctl --bare --columns=trunks list Port 'tr0') " in
"  "|*" 900 "*) echo 'trunk tr0 vlan 900' ;;
esac

# The ERSPAN tunnel ports spangen owns (spg-ersID)
for spangen_t in $(ovs-vsctl list-ports 'br0'); do
	case "$spangen_t" in
	spg-ers*) ;;
	*) continue ;;
	esac
	printf 'tunnel %s type=%s remote_ip=%s key=%s\n' "$spangen_t" \
		"$(ovs-vsctl get Interface "$spangen_t" type)" \
		"$(ovs-vsctl get Interface "$spangen_t" options:remote_ip | tr -d '"')" \
		"$(ovs-vsctl get Interface "$spangen_t" options:key | tr -d '"')"
done
