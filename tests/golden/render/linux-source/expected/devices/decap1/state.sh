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
# What a command prints is matched with the shell's case, not grep: each
# process counts on a small or busy host. tc without matchall still names
# it in its complaint: only the real usage text counts. Action cookies,
# spangen's mark, need iproute2 4.11.
case "$(tc filter add matchall help 2>&1)" in
'Usage: '*matchall*|*'
Usage: '*matchall*) ;;
*) spangen_missing "tc has no matchall classifier (iproute2 4.11 or later is needed)" ;;
esac
spangen_erspan_ok=
spangen_need_erspan() {
	[ -z "$spangen_erspan_ok" ] || return 0
	spangen_erspan_ok=yes
	case "$(ip link help erspan 2>&1)" in
	*erspan_ver*) ;;
	*) spangen_missing "ip cannot make erspan devices (iproute2 4.16 or later is needed)" ;;
	esac
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
	spangen_via=
	spangen_prev=
	set -f
	for spangen_w in $(ip route get "$spangen_to" 2>/dev/null); do
		if [ "$spangen_prev" = dev ] && [ -z "$spangen_via" ]; then
			spangen_via=$spangen_w
		fi
		spangen_prev=$spangen_w
	done
	set +f
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
spangen_need_addr '198.51.100.9' 'the address ERSPAN session 200 is sent to'

# What on this host is spangen's, whichever bundle made it: erspan devices
# named spangen-*, and matchall mirror filters whose action carries the
# cookie 7370616e67656e ("spangen" in hex).

# Each ip or tc costs a process, which on a small host or a busy one is
# what the script's time is made of: the tests below read what one
# command prints with the shell's own case, and the filters of every
# device are read with one tc per hook and parsed by one awk.

# spangen_is_erspan DEV: DEV is an erspan device (ip -d prints the kind
# first on the line of link details)
spangen_is_erspan() {
	case "$(ip -d link show dev "$1" 2>/dev/null)" in
	*'
    erspan '*) return 0 ;;
	esac
	return 1
}

# spangen_has_clsact DEV: DEV has a clsact qdisc
spangen_has_clsact() {
	case "
$(tc qdisc show dev "$1" 2>/dev/null)" in
	*'
qdisc clsact '*) return 0 ;;
	esac
	return 1
}

# spangen_clsact DEV: add the clsact qdisc unless DEV has one. It is never
# replaced or deleted here: other tools' filters may hang there.
spangen_clsact() {
	spangen_has_clsact "$1" || tc qdisc add dev "$1" clsact
}

# spangen_owned_devs: the names of spangen's erspan devices
spangen_owned_devs() {
	ip -o link show type erspan | while read -r spangen_n spangen_name spangen_rest; do
		spangen_name=${spangen_name%%[@:]*}
		case "$spangen_name" in
		spangen-*) echo "$spangen_name" ;;
		esac
	done
}

# spangen_filter_dump: "@ DEV HOOK", then what tc filter show prints for
# that hook, for both hooks of every device with a clsact qdisc (the only
# place spangen's filters hang)
spangen_filter_dump() {
	tc qdisc show | while read -r spangen_q spangen_kind spangen_h spangen_w spangen_d spangen_rest; do
		[ "$spangen_kind" = clsact ] && [ "$spangen_w" = dev ] || continue
		for spangen_hook in ingress egress; do
			echo "@ $spangen_d $spangen_hook"
			tc filter show dev "$spangen_d" "$spangen_hook"
		done
	done
}

# spangen_owned_in [DEV:PREF...]: reads a filter dump and prints "DEV HOOK
# PREF HANDLE TARGET" for every matchall filter of chain 0 (where spangen
# adds them) whose mirror action carries spangen's cookie. Each DEV:PREF
# named is a priority this bundle uses: a filter there on either hook
# that is not spangen's mirror is someone else's, and stops the script
# before anything is printed.
spangen_owned_in() {
	awk -v uses=" $* " '
	$1 == "@" { dev = $2; hook = $3; pref = ""; next }
	$1 == "filter" {
		for (i = 2; i < NF; i++) {
			if ($i == "pref") pref = $(i + 1)
			if ($i == "handle") handle = $(i + 1)
		}
		ours = / matchall chain 0( |$)/
		target = ""
	}
	pref != "" { text[dev " " hook " " pref] = text[dev " " hook " " pref] " " $0 }
	/Egress Mirror to device / {
		target = $0
		sub(/.*Egress Mirror to device /, "", target)
		sub(/\).*/, "", target)
	}
	$1 == "cookie" && $2 == "7370616e67656e" && ours && target != "" {
		owned[++n] = dev " " hook " " pref " " handle " " target
		target = ""
	}
	END {
		split(uses, use, " ")
		for (u = 1; u in use; u++) {
			split(use[u], dp, ":")
			for (h = 0; h < 2; h++) {
				k = dp[1] " " (h ? "egress" : "ingress") " " dp[2]
				if ((k in text) && text[k] !~ /matchall.*Egress Mirror to device.*cookie 7370616e67656e/) {
					printf "spangen: decap1: %s %s: priority %s holds a filter spangen did not add (no cookie 7370616e67656e); move it, or delete it if it is an old hand-applied spangen mirror\n", dp[1], (h ? "egress" : "ingress"), dp[2] > "/dev/stderr"
					exit 1
				}
			}
		}
		for (i = 1; i <= n; i++)
			print owned[i]
	}'
}

# spangen_owned_filters: spangen's filters on this host, as spangen_owned_in
# prints them
spangen_owned_filters() {
	spangen_filter_dump | spangen_owned_in
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

# The bundle's erspan device names must be erspan devices, if there at
# all: a device of such a name of another kind is not spangen's, and stops
# the push here.
spangen_links=$(ip -d -o link show type erspan)
spangen_not_other() { # spangen_not_other DEV
	[ -e "/sys/class/net/$1" ] || return 0
	# ip -o: "INDEX: NAME@LINK: ..." or "INDEX: NAME: ...", one device a line
	case "$spangen_links" in
	*": $1@"*|*": $1:"*) ;;
	*)
		echo "spangen: decap1: $1 is a network device spangen did not make (not an erspan device)" >&2
		# 3: read, and something that is not spangen's is in the way
		exit 3 ;;
	esac
}
spangen_not_other 'spangen-1'

# Every erspan device of spangen's, also one a session this bundle no
# longer has left behind (intended.sh removes those, so the diff shows
# them), as one fact: key and sequence flags as ip-link(8) prints them,
# the key as a number; and GRO, which matters on a receiver (no remote).
spangen_gro=' '
while read -r spangen_n spangen_name spangen_rest; do
	spangen_name=${spangen_name%%[@:]*}
	case "$spangen_name" in
	spangen-*) ;;
	*) continue ;;
	esac
	case "$spangen_rest" in
	*' remote any '*) ;;
	*) continue ;;
	esac
	case "$(ethtool -k "$spangen_name" 2>/dev/null || :)" in
	*'generic-receive-offload: on'*) spangen_gro="$spangen_gro$spangen_name=on " ;;
	*'generic-receive-offload: off'*) spangen_gro="$spangen_gro$spangen_name=off " ;;
	*)
		echo "spangen: decap1: cannot read GRO of $spangen_name (ethtool -k $spangen_name)" >&2
		exit 1 ;;
	esac
done <<SPANGEN_LINKS
$spangen_links
SPANGEN_LINKS
printf '%s\n' "$spangen_links" | awk -v gros="$spangen_gro" '
BEGIN {
	n = split(gros, g, " ")
	for (i = 1; i <= n; i++) {
		split(g[i], nv, "=")
		gro[nv[1]] = nv[2]
	}
}
$2 ~ /^spangen-/ {
	dev = $2
	sub(/[@:].*/, "", dev)
	up = $3 ~ /^<([^>]*,)?UP[,>]/ ? "yes" : "no"
	for (e = 4; e <= NF && $e != "erspan"; e++)
		;
	seq = ""; key = "0.0.0.0"; local = remote = ttl = ver = idx = ""
	# the link details end where ip -o marks the next line
	for (i = e + 1; i <= NF && $i != "\\"; i++) {
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
		printf "gro %s %s\n", dev, gro[dev]
}'

# The clsact qdiscs on the ports this bundle mirrors, and every filter of
# spangen's here; a priority this bundle uses must hold only spangen's
# mirrors (spangen_owned_in stops the push otherwise).
spangen_dump=$(spangen_filter_dump)
spangen_clsact_fact() { # spangen_clsact_fact DEV
	case "
$spangen_dump" in
	*"
@ $1 ingress"*) echo "clsact $1" ;;
	esac
}
# (a variable first: under set -e, only an assignment stops the script
# when spangen_owned_in refuses)
spangen_filters=$(printf '%s\n' "$spangen_dump" | spangen_owned_in 'spangen-1:1')
printf '%s\n' "$spangen_filters" | while read -r spangen_d spangen_hook spangen_pref spangen_handle spangen_to; do
	[ -z "$spangen_d" ] || echo "filter $spangen_d $spangen_hook pref=$spangen_pref mirror=$spangen_to"
done
