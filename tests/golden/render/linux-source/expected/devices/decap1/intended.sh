#!/bin/sh
# spangen 0.1.0: intended port mirroring for decap1 (Linux host (tc mirred, erspan devices)).
# Sources: the Linux manual pages tc-mirred(8) and ip-link(8) (erspan
# devices). Commands apply at once; rollback.sh is the inverse.
# Needs a kernel with clsact, cls_matchall, act_mirred and ip_gre (ERSPAN type II
# from Linux 4.14), and ethtool on an ERSPAN receiver. Tested on Linux 6.1.
# A session's tc filters carry priority (pref) = its session id; a session is
# removed before it is recreated, so re-running converges. The first
# command that fails stops the script; spangen push then undoes what ran.
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

# spangen_unfilter DEV PREF: delete spangen's mirror filters (matchall +
# mirred, priority PREF) from both clsact hooks of DEV. spangen marks its
# mirror actions with the cookie 7370616e67656e ("spangen" in hex); stop
# if a filter without it holds that priority: spangen deletes only its own.
spangen_unfilter() {
	for spangen_hook in ingress egress; do
		spangen_f=$(tc filter show dev "$1" "$spangen_hook" pref "$2" 2>/dev/null || :)
		case "$spangen_f" in
		'') ;;
		*matchall*'Egress Mirror to device'*'cookie 7370616e67656e'*)
			tc filter del dev "$1" "$spangen_hook" pref "$2" ;;
		*)
			echo "spangen: $1 $spangen_hook: priority $2 holds a filter spangen did not add (no cookie 7370616e67656e)" >&2
			return 1 ;;
		esac
	done
}

# spangen_unstale: remove what sessions this bundle no longer has left
# behind: spangen's filters at a device and priority the bundle does not
# use, by handle (never a whole priority), then spangen's erspan devices it
# does not name. rollback.sh puts them back.
spangen_keep_devs=' spangen-1 '
spangen_keep_filters=' spangen-1:1 '
spangen_unstale() {
	spangen_owned_filters | while read -r spangen_d spangen_hook spangen_pref spangen_handle spangen_to; do
		case "$spangen_keep_filters" in
		*" $spangen_d:$spangen_pref "*) ;;
		*) tc filter del dev "$spangen_d" "$spangen_hook" pref "$spangen_pref" handle "$spangen_handle" matchall ;;
		esac
	done
	for spangen_dev in $(spangen_owned_devs); do
		case "$spangen_keep_devs" in
		*" $spangen_dev "*) ;;
		*)
			spangen_unmirror_into "$spangen_dev"
			ip link del dev "$spangen_dev" ;;
		esac
	done
}

# spangen_del_erspan DEV: delete the erspan device DEV so that it can be
# made again; a device of that name of another kind is not spangen's, and
# stops the script
spangen_del_erspan() {
	[ -e "/sys/class/net/$1" ] || return 0
	if ! spangen_is_erspan "$1"; then
		echo "spangen: decap1: $1 is a network device spangen did not make (not an erspan device)" >&2
		exit 1
	fi
	spangen_unmirror_into "$1"
	ip link del dev "$1"
}

# spangen_mtu_room DEV TO PORT...: the erspan device DEV (made toward TO)
# must carry every frame its sources send whole. Its MTU is the underlay's
# minus 50 bytes of ERSPAN headers; a frame longer than that leaves cut
# short, and a sensor sees broken Kerberos and LDAP. So the device goes
# again, before it mirrors anything.
spangen_mtu_room() {
	spangen_dev=$1
	spangen_to=$2
	shift 2
	read -r spangen_room <"/sys/class/net/$spangen_dev/mtu"
	for spangen_p in "$@"; do
		read -r spangen_frame <"/sys/class/net/$spangen_p/mtu"
		if [ "$spangen_room" -lt "$spangen_frame" ]; then
			ip link del dev "$spangen_dev"
			echo "spangen: decap1: $spangen_dev: the path toward $spangen_to leaves room for $spangen_room-byte frames, but $spangen_p carries $spangen_frame-byte frames, which would arrive cut short: raise the underlay MTU toward $spangen_to to $((spangen_frame + 50)) or more" >&2
			exit 1
		fi
	done
}

spangen_unstale

# session 1 (erspan-destination): spangen: DC2 to S2
# receive ERSPAN type II session 200 (key) at 198.51.100.9 on the device spangen-1,
# which spangen owns and recreates, and copy the decapsulated frames to
# eth1. No `remote`: the device takes session 200 from any
# sender, and only that id (the kernel matches the key exactly). oseq, not
# seq: seq would also check the sequence of arriving packets, and a source
# whose device is re-created starts again at 0, so everything it sent
# would be dropped. GRO off, or the kernel merges mirrored TCP segments
# into frames of many kilobytes before they are copied to the sensor.
# rp_filter may drop GRE from unexpected sources, and a firewall must
# pass IP protocol 47 to 198.51.100.9.
spangen_del_erspan 'spangen-1'
ip link add 'spangen-1' type erspan local '198.51.100.9' oseq key '200' erspan_ver 1
ethtool -K 'spangen-1' gro off
ip link set dev 'spangen-1' up
tc qdisc add dev 'spangen-1' clsact
tc filter add dev 'spangen-1' ingress pref '1' matchall action mirred egress mirror dev 'eth1' cookie 7370616e67656e
