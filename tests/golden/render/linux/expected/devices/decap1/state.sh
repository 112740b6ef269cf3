#!/bin/sh
# spangen 0.1.0: prints the part of decap1 that this bundle manages, one fact
# per line, in the form of expected.txt: its erspan devices, the clsact
# qdiscs and the tc filters at its sessions' priorities on the ports it
# mirrors. It reads and changes nothing else.
# Sources: the Linux manual pages ip-link(8), tc(8), tc-matchall(8) and
# tc-mirred(8).
set -eu

# Before anything changes: the tools, devices and addresses this bundle
# names must be on this host, or the script stops here and names what is
# missing. Devices are looked up in /sys/class/net, which costs no process.
spangen_missing() {
	echo "spangen: decap1: $*" >&2
	exit 1
}
# tc without matchall still names it in its complaint: only the real usage
# text counts. Action cookies, spangen's mark, need iproute2 4.11.
if ! tc filter add matchall help 2>&1 | grep -q '^Usage: .*matchall'; then
	spangen_missing "tc has no matchall classifier (iproute2 4.11 or later is needed)"
fi
spangen_erspan_ok=
spangen_need_erspan() {
	[ -z "$spangen_erspan_ok" ] || return 0
	spangen_erspan_ok=yes
	if ! ip link help erspan 2>&1 | grep -q 'erspan_ver'; then
		spangen_missing "ip cannot make erspan devices (iproute2 4.16 or later is needed)"
	fi
}
spangen_need_dev() { # spangen_need_dev DEV ROLE
	if [ ! -e "/sys/class/net/$1" ]; then
		spangen_missing "this host has no network device $1 ($2)"
	fi
}
spangen_need_addr() { # spangen_need_addr ADDR ROLE
	if [ -z "$(ip -o addr show to "$1" 2>/dev/null)" ]; then
		spangen_missing "no device of this host has the address $1 ($2)"
	fi
}
# spangen_not_through TO PORT...: the route toward TO must not leave
# through a port this session mirrors, or each ERSPAN packet would be
# mirrored into the tunnel again, nested until the kernel drops it.
spangen_not_through() {
	spangen_to=$1
	shift
	spangen_via=$(ip route get "$spangen_to" 2>/dev/null | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -n 1)
	[ -n "$spangen_via" ] || spangen_missing "no route toward $spangen_to, where ERSPAN is sent"
	for spangen_p in "$@"; do
		if [ "$spangen_p" = "$spangen_via" ]; then
			spangen_missing "the route toward $spangen_to leaves through $spangen_p, which this session mirrors: the ERSPAN packets would be mirrored into the tunnel again"
		fi
	done
}
spangen_need_ethtool() {
	if ! command -v ethtool >/dev/null 2>&1; then
		spangen_missing "ethtool is not installed: it turns GRO off on the ERSPAN receiver, which would otherwise merge mirrored segments into frames far larger than the sensor's link"
	fi
}
spangen_need_erspan
spangen_need_ethtool
spangen_need_dev 'eth1' 'the sensor port of session 1'
spangen_need_addr '198.51.100.9' 'the address ERSPAN session 100 is sent to'

# What on this host is spangen's, whichever bundle made it: erspan devices
# named spangen-*, and matchall mirror filters whose action carries the
# cookie 7370616e67656e ("spangen" in hex).

# spangen_is_erspan DEV: DEV is an erspan device
spangen_is_erspan() {
	ip -d link show dev "$1" | awk '$1 == "erspan" { f = 1 } END { exit !f }'
}

# spangen_has_clsact DEV: DEV has a clsact qdisc
spangen_has_clsact() {
	tc qdisc show dev "$1" | grep -q '^qdisc clsact '
}

# spangen_clsact DEV: add the clsact qdisc unless DEV has one. It is never
# replaced or deleted here: other tools' filters may hang there.
spangen_clsact() {
	spangen_has_clsact "$1" || tc qdisc add dev "$1" clsact
}

# spangen_owned_devs: the names of spangen's erspan devices
spangen_owned_devs() {
	ip -o link show type erspan | sed -n 's/^[0-9]*: \(spangen-[^@:]*\)[@:].*/\1/p'
}

# spangen_owned_filters: "DEV HOOK PREF HANDLE TARGET" for every matchall
# filter of chain 0 (where spangen adds them) whose mirror action carries
# spangen's cookie, on every device with a clsact qdisc
spangen_owned_filters() {
	for spangen_d in $(tc qdisc show | awk '$1 == "qdisc" && $2 == "clsact" {
		for (i = 3; i < NF; i++) if ($i == "dev") print $(i + 1) }'); do
		for spangen_hook in ingress egress; do
			tc filter show dev "$spangen_d" "$spangen_hook" | awk -v dev="$spangen_d" -v hook="$spangen_hook" '
			$1 == "filter" {
				for (i = 2; i < NF; i++) {
					if ($i == "pref") pref = $(i + 1)
					if ($i == "handle") handle = $(i + 1)
				}
				ours = / matchall chain 0( |$)/
				target = ""
			}
			/Egress Mirror to device / {
				target = $0
				sub(/.*Egress Mirror to device /, "", target)
				sub(/\).*/, "", target)
			}
			$1 == "cookie" && $2 == "7370616e67656e" && ours && target != "" {
				print dev, hook, pref, handle, target
				target = ""
			}'
		done
	done
}

# spangen_unmirror_into DEV: delete, by handle, spangen's filters that
# mirror into DEV, wherever they are: once DEV is gone they would mirror
# into nothing
spangen_unmirror_into() {
	spangen_owned_filters | while read -r spangen_d spangen_hook spangen_pref spangen_handle spangen_to; do
		if [ "$spangen_to" = "$1" ]; then
			tc filter del dev "$spangen_d" "$spangen_hook" pref "$spangen_pref" handle "$spangen_handle" matchall
		fi
	done
}

# spangen_link DEV: the erspan device DEV as one fact (key and sequence
# flags as ip-link(8) prints them, the key as a number). A device of that
# name of another kind is not spangen's, and stops the push here.
spangen_link() {
	spangen_d=$(ip -d link show dev "$1" 2>/dev/null) || return 0
	spangen_g=
	# GRO matters on a receiver only (no remote)
	case "$spangen_d" in
	*' remote any '*)
		if command -v ethtool >/dev/null 2>&1; then
			spangen_g=$(ethtool -k "$1" 2>/dev/null | sed -n 's/^generic-receive-offload: \([a-z]*\).*/\1/p')
		fi
		if [ -z "$spangen_g" ]; then
			echo "spangen: decap1: cannot read GRO of $1 (ethtool -k $1)" >&2
			exit 1
		fi ;;
	esac
	printf '%s\n' "$spangen_d" | awk -v dev="$1" -v gro="$spangen_g" '
	NR == 1 { up = $0 ~ /<([^>]*,)?UP[,>]/ ? "yes" : "no" }
	$1 == "erspan" {
		found = 1; seq = ""; key = "0.0.0.0"
		for (i = 2; i <= NF; i++) {
			if ($i == "remote") remote = $(++i)
			else if ($i == "local") local = $(++i)
			else if ($i == "ttl") ttl = $(++i)
			else if ($i == "ikey" || $i == "key") key = $(++i)
			else if ($i == "iseq" || $i == "oseq") seq = seq (seq == "" ? "" : ",") $i
			else if ($i == "erspan_index") idx = $(++i)
			else if ($i == "erspan_ver") ver = $(++i)
		}
		n = split(key, q, ".")
		k = n == 4 ? ((q[1] * 256 + q[2]) * 256 + q[3]) * 256 + q[4] : key
		printf "link %s type=erspan local=%s remote=%s key=%d seq=%s ttl=%s ver=%s index=%s up=%s\n", dev, local, remote, k, seq, ttl, ver, idx, up
		if (remote == "any")
			printf "gro %s %s\n", dev, gro
	}
	END { exit !found }' || {
		echo "spangen: decap1: $1 is a network device spangen did not make (not an erspan device)" >&2
		exit 1
	}
}

# spangen_not_foreign DEV PREF: a filter at priority PREF on either clsact
# hook of DEV must be spangen's (a matchall mirror whose action carries
# the cookie 7370616e67656e); anything else at the priority this bundle
# uses is someone else's, and stops the push here.
spangen_not_foreign() {
	for spangen_hook in ingress egress; do
		spangen_f=$(tc filter show dev "$1" "$spangen_hook" pref "$2" 2>/dev/null || :)
		case "$spangen_f" in
		'') ;;
		*matchall*'Egress Mirror to device'*'cookie 7370616e67656e'*) ;;
		*)
			echo "spangen: decap1: $1 $spangen_hook: priority $2 holds a filter spangen did not add (no cookie 7370616e67656e); move it, or delete it if it is an old hand-applied spangen mirror" >&2
			exit 1 ;;
		esac
	done
}

# spangen_clsact_fact DEV: DEV has a clsact qdisc
spangen_clsact_fact() {
	if spangen_has_clsact "$1"; then
		echo "clsact $1"
	fi
}
# The devices and priorities this bundle names must be spangen's.
spangen_not_other() { # spangen_not_other DEV: DEV, if there, is an erspan device
	if [ -e "/sys/class/net/$1" ] && ! spangen_is_erspan "$1"; then
		echo "spangen: decap1: $1 is a network device spangen did not make (not an erspan device)" >&2
		exit 1
	fi
}
spangen_not_other 'spangen-1'
if [ -e '/sys/class/net/spangen-1' ]; then
	spangen_not_foreign 'spangen-1' '1'
fi

# Everything of spangen's here, also what sessions this bundle no longer
# has left behind: intended.sh removes those, so the diff shows them.
for spangen_dev in $(spangen_owned_devs); do
	spangen_link "$spangen_dev"
done
spangen_owned_filters | while read -r spangen_d spangen_hook spangen_pref spangen_handle spangen_to; do
	echo "filter $spangen_d $spangen_hook pref=$spangen_pref mirror=$spangen_to"
done
