#!/bin/sh
# spangen 0.1.0: rollback of the port mirroring on decap1 (Linux host (tc mirred, erspan devices)).
# Sources: the Linux manual pages tc-mirred(8) and ip-link(8) (erspan devices).
# Removes only what intended.sh adds: its tc filters, found by priority
# (= session id), and the erspan devices it created. The clsact qdiscs stay:
# deleting one removes every tool's filters. Running this twice is
# harmless. Not yet tested on a real kernel (spangen's test lab has no tc
# classifiers and no erspan devices); syntax-checked only.
set -eu

# spangen_unfilter DEV PREF: delete spangen's mirror filters (matchall +
# mirred, priority PREF) from both clsact hooks of DEV; leave, with a warning,
# a filter at that priority that spangen did not add.
spangen_unfilter() {
	for spangen_hook in ingress egress; do
		spangen_f=$(tc filter show dev "$1" "$spangen_hook" pref "$2" 2>/dev/null || :)
		case "$spangen_f" in
		'') ;;
		*matchall*'Egress Mirror to device'*)
			tc filter del dev "$1" "$spangen_hook" pref "$2" ;;
		*)
			echo "spangen: $1 $spangen_hook: priority $2 holds a filter spangen did not add; left in place" >&2 ;;
		esac
	done
}

# session 1 (erspan-destination): spangen: DC1 to S1
if ip link show dev 'spangen-1' >/dev/null 2>&1; then
	ip link del dev 'spangen-1'
fi
