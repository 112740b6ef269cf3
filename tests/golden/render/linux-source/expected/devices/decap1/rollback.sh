#!/bin/sh
# spangen 0.1.0: rollback of the port mirroring on decap1 (Linux host (tc mirred, erspan devices)).
# Sources: the Linux manual pages tc-mirred(8) and ip-link(8) (erspan devices).
# Removes only what intended.sh adds: its tc filters, found by priority
# (= session id), and the erspan devices it created. When spangen push
# runs it, it first tells it what state.sh printed before that push
# (spangen_before, below), and what was there then comes back: the devices
# and filters of an earlier push, and no clsact qdisc that spangen added.
# Run by hand, nothing is known: the clsact qdiscs stay (deleting one
# removes every tool's filters), the bundle's filters and devices go, and
# what the push removed of older bundles cannot come back. Running this
# twice is harmless.
set -eu

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
# mirred with the cookie 7370616e67656e, priority PREF) from both clsact
# hooks of DEV; leave, with a warning, a filter at that priority that
# spangen did not add.
spangen_unfilter() {
	for spangen_hook in ingress egress; do
		spangen_f=$(tc filter show dev "$1" "$spangen_hook" pref "$2" 2>/dev/null || :)
		case "$spangen_f" in
		'') ;;
		*matchall*'Egress Mirror to device'*'cookie 7370616e67656e'*)
			tc filter del dev "$1" "$spangen_hook" pref "$2" ;;
		*)
			echo "spangen: $1 $spangen_hook: priority $2 holds a filter spangen did not add; left in place" >&2 ;;
		esac
	done
}

# spangen_del_erspan DEV: delete the erspan device DEV; leave, with a
# warning, a device of that name of another kind (not spangen's)
spangen_del_erspan() {
	[ -e "/sys/class/net/$1" ] || return 0
	if ! spangen_is_erspan "$1"; then
		echo "spangen: decap1: $1 is a network device spangen did not make (not an erspan device); left in place" >&2
		return 0
	fi
	spangen_unmirror_into "$1"
	ip link del dev "$1"
}

# spangen_had FACT: state.sh printed FACT before the push this undoes
spangen_had() {
	case "
${spangen_before-}
" in
	*"
$1
"*) return 0 ;;
	esac
	return 1
}

# spangen_relink DEV FIELD...: make the erspan device DEV again as a fact
# of state.sh describes it
spangen_relink() {
	spangen_dev=$1
	shift
	spangen_args=''
	spangen_up=yes
	for spangen_f in "$@"; do
		spangen_v=${spangen_f#*=}
		case "$spangen_f" in
		local=any|remote=any|index=0|seq=|type=*) ;;
		local=*|remote=*|key=*|ttl=*) spangen_args="$spangen_args ${spangen_f%%=*} $spangen_v" ;;
		seq=*) spangen_args="$spangen_args $(printf '%s' "$spangen_v" | tr , ' ')" ;;
		ver=*) spangen_args="$spangen_args erspan_ver $spangen_v" ;;
		index=*) spangen_args="$spangen_args erspan $spangen_v" ;;
		up=*) spangen_up=$spangen_v ;;
		esac
	done
	ip link add "$spangen_dev" type erspan $spangen_args
	if [ "$spangen_up" = yes ]; then
		ip link set dev "$spangen_dev" up
	fi
}

# spangen_restore: put back the devices, GRO settings and filters that
# state.sh printed before the push, in that order (a filter can mirror into
# a device made here). What is there already (a push stopped before it
# removed it) stays as it is.
spangen_restore() {
	spangen_facts=$(printf '%s\n' "${spangen_before-}")
	for spangen_kind in link gro filter; do
		printf '%s\n' "$spangen_facts" | while read -r spangen_k spangen_a spangen_b spangen_rest; do
			[ "$spangen_k" = "$spangen_kind" ] || continue
			case "$spangen_k" in
			link) [ -e "/sys/class/net/$spangen_a" ] || spangen_relink "$spangen_a" $spangen_b $spangen_rest ;;
			gro) [ -z "$spangen_b" ] || ethtool -K "$spangen_a" gro "$spangen_b" ;;
			filter)
				spangen_clsact "$spangen_a"
				set -f
				set -- $spangen_rest
				set +f
				[ -z "$(tc filter show dev "$spangen_a" "$spangen_b" pref "${1#pref=}")" ] || continue
				if [ ! -e "/sys/class/net/${2#mirror=}" ]; then
					echo "spangen: decap1: $spangen_a $spangen_b priority ${1#pref=} mirrored into ${2#mirror=}, which is gone: not put back" >&2
					continue
				fi
				tc filter add dev "$spangen_a" "$spangen_b" pref "${1#pref=}" matchall action mirred egress mirror dev "${2#mirror=}" cookie 7370616e67656e ;;
			esac
		done
	done
}

# spangen_unclsact DEV: remove the clsact qdisc of DEV when spangen push
# added it (state.sh did not print it before) and no filter hangs there
spangen_unclsact() {
	if [ -n "${spangen_before+set}" ] && ! spangen_had "clsact $1" &&
	    spangen_has_clsact "$1" &&
	    [ -z "$(tc filter show dev "$1" ingress)$(tc filter show dev "$1" egress)" ]; then
		tc qdisc del dev "$1" clsact
	fi
}

# session 1 (erspan-destination): spangen: DC2 to S2
spangen_del_erspan 'spangen-1'

spangen_restore
