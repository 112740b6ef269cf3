#!/bin/sh
# spangen 0.1.0: intended port mirroring for decap1 (Linux host (tc mirred, erspan devices)).
# Sources: the Linux manual pages tc-mirred(8) and ip-link(8) (erspan
# devices). Commands apply at once; rollback.sh is the inverse.
# Needs a kernel with clsact, cls_matchall, act_mirred and ip_gre (ERSPAN type II
# from Linux 4.14). Not yet tested on a real kernel: spangen's test lab
# has no gretap/erspan devices and no tc classifiers (it mirrors in the OVS
# userspace datapath instead), so these commands were only syntax-checked.
# A session's tc filters carry priority (pref) = its session id; a session is
# removed before it is recreated, so re-running converges.
set -eu

# spangen_clsact DEV: add the clsact qdisc unless DEV has one. It is never
# replaced or deleted: other tools' filters may hang there.
spangen_clsact() {
	if ! tc qdisc show dev "$1" | grep -q '^qdisc clsact '; then
		tc qdisc add dev "$1" clsact
	fi
}

# spangen_unfilter DEV PREF: delete spangen's mirror filters (matchall +
# mirred, priority PREF) from both clsact hooks of DEV. Stop if another
# tool's filter holds that priority: spangen deletes only its own.
spangen_unfilter() {
	for spangen_hook in ingress egress; do
		spangen_f=$(tc filter show dev "$1" "$spangen_hook" pref "$2" 2>/dev/null || :)
		case "$spangen_f" in
		'') ;;
		*matchall*'Egress Mirror to device'*)
			tc filter del dev "$1" "$spangen_hook" pref "$2" ;;
		*)
			echo "spangen: $1 $spangen_hook: priority $2 holds a filter spangen did not add" >&2
			return 1 ;;
		esac
	done
}

# session 1 (erspan-destination): spangen: DC1 to S1
# receive ERSPAN type II session 100 (key) at 198.51.100.9 on the device spangen-1,
# which spangen owns and recreates, and copy the decapsulated frames to
# eth1. The view does not give the source's address, so no `remote`: the
# device accepts session 100 from any sender (how the kernel matches the key
# is not yet tested on a real kernel). No `erspan IDX`: the index only labels sent frames.
# rp_filter may drop GRE from unexpected sources, and a firewall must
# pass IP protocol 47 to 198.51.100.9.
if ip link show dev 'spangen-1' >/dev/null 2>&1; then
	ip link del dev 'spangen-1'
fi
ip link add 'spangen-1' type erspan local '198.51.100.9' seq key '100' erspan_ver 1
ip link set dev 'spangen-1' up
tc qdisc add dev 'spangen-1' clsact
tc filter add dev 'spangen-1' ingress pref '1' matchall action mirred egress mirror dev 'eth1'
