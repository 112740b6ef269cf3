#!/usr/bin/env bash
# End-to-end lab: spangen renders, pushes and rolls back SPAN, RSPAN and
# ERSPAN on real Open vSwitch (userspace datapath, in network namespaces),
# and `spangen verify`, listening on
# the sensor's port inside the sensor's namespace, proves that the DC's
# traffic arrives while the mirror is in place and stops arriving once it
# is rolled back.  Pushes go over ssh-exec through the private sshd of
# with_sshd.sh: the remote commands run in the root namespace and reach
# each OVS through its unix sockets (the inventory's ovs_rundir).
#
# Needs root (namespaces), Open vSwitch, tcpdump, ethtool, OpenBSD nc and
# ping; exits 77 (skipped) without them.
# Usage: with_sshd.sh test_lab.sh SPANGEN [SCENARIO...]
#   SCENARIO: span, rspan, erspan (default: all three, run side by side)
#   SG_LAB_CAPTURE=DIR: also write what the sensor receives while the mirror
#   is in place to DIR/SCENARIO.pcap, and for ERSPAN what the underlay
#   carries to DIR/erspan-underlay.pcap (tests/lab/capture-fixtures.sh).
set -u
spangen=$1
shift
scenarios=("$@")
[ ${#scenarios[@]} -eq 0 ] && scenarios=(span rspan erspan)
here=$(cd "$(dirname "$0")" && pwd)
labdir=$(cd "$here/../lab" && pwd)

missing=
[ "$(id -u)" -eq 0 ] || missing="root"
for c in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-ofctl ovs-appctl \
	tcpdump ethtool nc ping ip ss; do
	command -v "$c" >/dev/null || missing="$missing $c"
done
# Debian's netcat-traditional has neither -N nor -k
if [ -z "$missing" ] && ! nc -h 2>&1 | grep -q -- '-N'; then
	missing="OpenBSD nc (netcat-openbsd)"
fi
if [ -n "$missing" ]; then
	echo "lab: SKIPPED: missing ${missing# } (runs as root with openvswitch-switch, tcpdump, ethtool, netcat-openbsd, iputils-ping, iproute2)"
	exit 77
fi
for s in "${scenarios[@]}"; do
	case $s in
	span | rspan | erspan) ;;
	*)
		echo "lab: unknown scenario $s (span, rspan, erspan)" >&2
		exit 2
		;;
	esac
done

# Several scenarios run side by side, each in a process of its own with its
# own namespaces, OVS instances and work directory (three labs with the
# same addresses run at once without meeting), which keeps the test short; their
# reports are printed one after another.
if [ ${#scenarios[@]} -gt 1 ]; then
	logs=$(mktemp -d)
	kids=()
	# an interrupted run stops the scenarios, which tear their labs down
	trap '[ ${#kids[@]} -gt 0 ] && kill "${kids[@]}" 2>/dev/null; wait; rm -rf "$logs"' EXIT
	trap 'exit 1' INT TERM
	for s in "${scenarios[@]}"; do
		bash "$0" "$spangen" "$s" >"$logs/$s" 2>&1 &
		kids+=($!)
	done
	status=0
	for i in "${!scenarios[@]}"; do
		wait "${kids[$i]}" || status=1
		cat "$logs/${scenarios[$i]}"
	done
	kids=()
	exit $status
fi

DC=192.0.2.10
CLIENT=192.0.2.20
# verify's listening window: the traffic (3 pings 0.2 s apart, two short
# TCP exchanges) takes well under a second even on a loaded machine
SECONDS_LISTEN=3
# the least that must arrive per direction (the lab's traffic: client to
# DC 3 ICMP + 5 TCP/88 + 5 TCP/389, DC to client 3 + 3 + 3); a lost frame
# is a failure, a retransmission is not
MIN_TO=13
MIN_FROM=9

prefix=spg-$$-
work=$(mktemp -d)
chmod 700 "$work"
failures=0
checks=0
namespaces=()
instances=()
pids=()

# Kills a pid only if it runs in one of this lab's namespaces, so a
# recycled pid never hits someone else's process.
kill_lab_pid() {
	local pid=$1
	case " $(ip netns identify "$pid" 2>/dev/null | tr '\n' ' ')" in
	*" $prefix"*) kill "$pid" 2>/dev/null ;;
	esac
}

# Teardown: OVS first (exit --cleanup removes its
# datapath and taps), then the daemons by pid file and the listeners and
# captures by pid, then whatever is still running in the lab namespaces,
# then the namespaces themselves.
teardown() {
	local d ns p
	for d in "${instances[@]}"; do
		OVS_RUNDIR=$d ovs-appctl -t ovs-vswitchd exit --cleanup 2>/dev/null
		[ -f "$d/ovsdb-server.pid" ] && kill_lab_pid "$(cat "$d/ovsdb-server.pid")"
	done
	for p in "${pids[@]}"; do
		kill_lab_pid "$p"
	done
	for ns in "${namespaces[@]}"; do
		for p in $(ip netns pids "$ns" 2>/dev/null); do
			kill "$p" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	instances=()
	pids=()
	namespaces=()
}
cleanup() {
	teardown
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
check() {
	local what=$1
	shift
	if "$@"; then checks=$((checks + 1)); else fail "$what"; fi
}

# --- building blocks ----------------------------------------------------

ns_name() { echo "$prefix$scenario-$1"; }

# A namespace with loopback up and IPv6 off (no ND/MLD in the captures).
ns_add() {
	local n
	n=$(ns_name "$1")
	ip netns add "$n" || return 1
	namespaces+=("$n")
	ip -n "$n" link set lo up
	ip netns exec "$n" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

# ovs INSTANCE-DIR COMMAND...: an OVS command against that instance.
ovs() {
	local d=$1
	shift
	OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d "$@"
}

# ovs_up NAME NAMESPACE: an ovsdb-server and ovs-vswitchd of their own in
# $work/NAME, running inside the namespace (their taps live and die there).
# The control sockets keep their default names so that `ovs-appctl -t
# ovs-vswitchd` with OVS_RUNDIR, as the rendered scripts run it, finds them.
ovs_up() {
	local d=$work/$scenario-$1 n
	n=$(ns_name "$2")
	mkdir -p "$d"
	instances+=("$d")
	ovs "$d" ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema &&
		ovs "$d" ip netns exec "$n" ovsdb-server "$d/conf.db" \
			--remote="punix:$d/db.sock" --pidfile="$d/ovsdb-server.pid" \
			-vconsole:off --log-file="$d/ovsdb-server.log" --detach --no-chdir &&
		ovs "$d" ovs-vsctl --no-wait init &&
		ovs "$d" ip netns exec "$n" ovs-vswitchd "unix:$d/db.sock" --disable-system \
			--pidfile="$d/ovs-vswitchd.pid" -vconsole:off \
			--log-file="$d/ovs-vswitchd.log" --detach --no-chdir
}

# host ROLE SWITCH-NS PORT [ADDRESS]: a veth made in the switch's namespace
# whose peer, eth0, goes straight into the host's namespace, so the root
# namespace never sees either end.  Hosts that send get transmit checksum
# offload off: the userspace datapath forwards TCP segments without filling
# in the checksum the veth left to offload.
host() {
	local h s=$2 port=$3 addr=${4:-}
	h=$(ns_name "$1")
	ip -n "$(ns_name "$s")" link add "$port" type veth peer name eth0 netns "$h" &&
		ip -n "$(ns_name "$s")" link set "$port" up &&
		ip -n "$h" link set eth0 up || return 1
	if [ -n "$addr" ]; then
		ip -n "$h" addr add "$addr/24" dev eth0 &&
			ip netns exec "$h" ethtool -K eth0 tx off >/dev/null
	fi
}

# The DC answers on the Kerberos and LDAP ports.
dc_listen() {
	local n p i
	n=$(ns_name dc)
	for p in 88 389; do
		ip netns exec "$n" nc -lk "$p" </dev/null >/dev/null 2>&1 &
		pids+=($!)
	done
	for i in $(seq 50); do
		[ "$(ip netns exec "$n" ss -Hltn '( sport = :88 or sport = :389 )' | wc -l)" -ge 2 ] &&
			return 0
		sleep 0.1
	done
	echo "lab: the DC's listeners did not start" >&2
	return 1
}

# The client talks to the DC: ping, then a short TCP exchange on 88 and 389.
# Fails when any of it fails, so a broken lab cannot pass as "no traffic".
traffic() {
	local n p
	n=$(ns_name cl)
	ip netns exec "$n" ping -q -c 3 -i 0.2 -W 2 "$DC" >/dev/null || return 1
	for p in 88 389; do
		printf x | ip netns exec "$n" nc -N -w 2 "$DC" "$p" || return 1
	done
}

# capture_start NAME NAMESPACE IFACE FILE [FILTER]: tcpdump in the
# background; waits until it listens.  Started with exec, so its own pid
# is recorded, and stopped with SIGTERM (a backgrounded job ignores SIGINT).
declare -A cap_pid
capture_start() {
	local name=$1 n i
	n=$(ns_name "$2")
	(exec ip netns exec "$n" tcpdump -Z root -nn -U -i "$3" -w "$4" ${5:+"$5"} \
		2>"$work/$name.tcpdump") &
	cap_pid[$name]=$!
	pids+=($!)
	for i in $(seq 50); do
		grep -q 'listening on' "$work/$name.tcpdump" && return 0
		sleep 0.1
	done
	echo "lab: tcpdump on $3 did not start: $(cat "$work/$name.tcpdump")" >&2
	return 1
}
capture_stop() {
	kill -TERM "${cap_pid[$1]}" 2>/dev/null
	wait "${cap_pid[$1]}" 2>/dev/null
}

# ERSPAN type II (GRE protocol 0x88be, ERSPAN version 1) with session id 100,
# in a file written by capture_start.  OVS
# always sets the GRE sequence bit, so the ERSPAN header is at offset 42.
# The template also sets the type II index to the session id (OVS reads
# erspan_idx as hexadecimal), checked here in the second header word.
erspan_count() {
	tcpdump -nn -r "$1" 'ether[36:2] = 0x88be and ether[42] & 0xf0 = 0x10 and (ether[44:2] & 0x3ff) = 100 and (ether[46:4] & 0xfffff) = 100' 2>/dev/null | wc -l
}

# running PID: true while the process exists and is not a zombie (a
# zombie keeps its /proc entry until it is reaped).
running() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

# measure PHASE: verify listens on the sensor's eth0 while the client talks
# to the DC.  Sets vrc (verify's exit status), vout (its report) and
# traffic_ok.  Traffic starts only once verify's capture is running: libpcap
# maps its receive ring right after binding to the interface, so a
# "socket:[...]" mapping in verify's memory map means frames are collected.
measure() {
	local phase=$1 vpid i ready=0
	vout=$work/$scenario-$phase.verify
	ip netns exec "$(ns_name sn)" "$spangen" verify --iface eth0 --dc "$DC" \
		--seconds "$SECONDS_LISTEN" >"$vout" 2>&1 &
	vpid=$!
	for i in $(seq 100); do
		if grep -q 'socket:\[' "/proc/$vpid/maps" 2>/dev/null; then
			ready=1
			break
		fi
		running "$vpid" || break
		sleep 0.05
	done
	if [ "$ready" = 1 ]; then
		traffic_ok=1
		traffic || traffic_ok=0
	else
		traffic_ok=0
		echo "lab: $scenario $phase: verify never started capturing" >&2
	fi
	# --seconds must bound verify also on a port that stays quiet (the
	# rolled-back phase): give it 10 s more, then stop it and say so.
	for i in $(seq $(((SECONDS_LISTEN + 10) * 10))); do
		running "$vpid" || break
		sleep 0.1
	done
	if running "$vpid"; then
		kill "$vpid" 2>/dev/null
		echo "(verify did not return $((SECONDS_LISTEN + 10)) s after it started listening for $SECONDS_LISTEN s)" >>"$vout"
	fi
	wait "$vpid"
	vrc=$?
}

# verify's report: frames counted in one direction ("to" or "from")
frames() { sed -n "s/^  $1 the DC: *\([0-9]*\) frames.*/\1/p" "$vout"; }

no_warnings() { ! grep -q -e warning -e encapsulated "$vout"; }

# The checks after a push: both directions, the protocols, the VLAN tags
# the sensor gets, nothing still encapsulated and nothing twice.
check_mirrored() {
	local vlans=$1 to from
	to=$(frames to)
	from=$(frames from)
	check "$scenario: the client reaches the DC while mirrored" [ "$traffic_ok" = 1 ]
	check "$scenario: verify exits 0 (got $vrc): $(cat "$vout")" [ "$vrc" = 0 ]
	check "$scenario: verify passes the DC" grep -q "^DC $DC: PASS$" "$vout"
	check "$scenario: at least $MIN_TO frames to the DC (got ${to:-none})" \
		[ "${to:-0}" -ge "$MIN_TO" ]
	check "$scenario: at least $MIN_FROM frames from the DC (got ${from:-none})" \
		[ "${from:-0}" -ge "$MIN_FROM" ]
	check "$scenario: verify sees Kerberos and LDAP" grep -q '^  protocols: Kerberos, LDAP$' "$vout"
	check "$scenario: VLAN tags $vlans" grep -q "^  VLAN tags: $vlans$" "$vout"
	check "$scenario: nothing encapsulated or seen twice" no_warnings
}

# The checks after a rollback: the same traffic, and the sensor gets none.
check_unmirrored() {
	check "$scenario: the client reaches the DC after the rollback" [ "$traffic_ok" = 1 ]
	check "$scenario: after the rollback verify exits 1 (got $vrc): $(cat "$vout")" [ "$vrc" = 1 ]
	check "$scenario: after the rollback the DC has no traffic at the sensor: $(cat "$vout")" \
		grep -q '^  no traffic to or from it$' "$vout"
}

# sg ARGS...: runs spangen, keeps its output in $out and status in $rc, and
# notes how long it took (printed per scenario: the test must stay short).
sg() {
	local t0=$EPOCHREALTIME label=$1
	[ "$1" = render ] || label="$1 ${3#--}"
	out=$("$spangen" "$@" 2>&1)
	rc=$?
	steps+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" -v w="$label" \
		'BEGIN { printf " %s %.1f s", w, b - a }')")
}

# push, dry runs and rollback of the rendered bundle, with the mirror
# checked by verify in between.  $1: the VLAN tags the sensor must report.
run_spangen() {
	local vlans=$1 inv=$work/$scenario.yaml bundle=$work/$scenario-out n
	local conn=(--known-hosts "$work/known_hosts" --timeout 20)
	sed -e "s|@SSHD_PORT@|$SG_SSHD_PORT|g" -e "s|@USER@|$SG_SSHD_USER|g" \
		-e "s|@KEY@|$SG_SSHD_DIR/id_ed25519|g" \
		-e "s|@SW_RUNDIR@|$work/$scenario-sw|g" \
		-e "s|@DX_RUNDIR@|$work/$scenario-dx|g" \
		"$labdir/$scenario.yaml" >"$inv"
	sg render "$inv" -o "$bundle"
	check "$scenario: render exits 0 (got $rc): $out" [ "$rc" = 0 ]
	sg push "$bundle" --dry-run "${conn[@]}"
	check "$scenario: first dry run exits 3 (got $rc): $out" [ "$rc" = 3 ]
	sg push "$bundle" --yes "${conn[@]}"
	check "$scenario: push exits 0 (got $rc): $out" [ "$rc" = 0 ]
	sg push "$bundle" --dry-run "${conn[@]}"
	check "$scenario: dry run after the push exits 0 (got $rc): $out" [ "$rc" = 0 ]

	if [ "$scenario" = erspan ]; then
		check "erspan: OVS learns the tunnel's next hop 198.51.100.2" erspan_warm_up
		capture_start underlay dx u1 "$work/erspan-underlay.pcap" 'ip proto 47'
	fi
	if [ -n "${SG_LAB_CAPTURE:-}" ]; then
		capture_start sensor sn eth0 "$SG_LAB_CAPTURE/$scenario.pcap"
	fi
	measure mirrored
	[ -n "${SG_LAB_CAPTURE:-}" ] && capture_stop sensor
	check_mirrored "$vlans"
	if [ "$scenario" = erspan ]; then
		capture_stop underlay
		n=$(erspan_count "$work/erspan-underlay.pcap")
		check "erspan: the underlay carries ERSPAN type II, session 100, index 100 (got $n packets)" \
			[ "$n" -ge $((MIN_TO + MIN_FROM)) ]
		[ -n "${SG_LAB_CAPTURE:-}" ] && cp "$work/erspan-underlay.pcap" "$SG_LAB_CAPTURE/"
	fi

	sg rollback "$bundle" --yes "${conn[@]}"
	check "$scenario: rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
	[ "$scenario" = erspan ] &&
		capture_start underlay dx u1 "$work/erspan-underlay-after.pcap" 'ip proto 47'
	measure rolled-back
	check_unmirrored
	if [ "$scenario" = erspan ]; then
		capture_stop underlay
		n=$(erspan_count "$work/erspan-underlay-after.pcap")
		check "erspan: after the rollback the underlay carries no ERSPAN (got $n packets)" [ "$n" = 0 ]
	fi
}

# --- the three topologies ------------------------------------------------

# One bridge: the DC, a client and the sensor.
up_span() {
	local d=$work/span-sw
	ns_add sw && ns_add dc && ns_add cl && ns_add sn &&
		ovs_up sw sw &&
		ovs "$d" ovs-vsctl add-br br0 -- set Bridge br0 datapath_type=netdev &&
		host dc sw dc0 "$DC" && host cl sw cl0 "$CLIENT" && host sn sw sn0 &&
		ovs "$d" ovs-vsctl add-port br0 dc0 -- add-port br0 cl0 -- add-port br0 sn0
}

# Two bridges in one OVS joined by a veth trunk that carries VLAN 10 (the
# DC's and the client's access VLAN); spangen adds the RSPAN VLAN to it.
# The sensor's port is a trunk of VLAN 300 only: a mirror output keeps the
# frame's tag on a trunk port (an access port would strip it), and the port
# is not in VLAN 10.  Were it, then after the rollback the DC's unicast,
# flooded because changing flood_vlans empties OVS's MAC table, would reach
# the sensor and look like a half-working mirror.
up_rspan() {
	local d=$work/rspan-sw
	ns_add sw && ns_add dc && ns_add cl && ns_add sn &&
		ovs_up sw sw &&
		host dc sw dc0 "$DC" && host cl sw cl0 "$CLIENT" && host sn sw sn0 &&
		ip -n "$(ns_name sw)" link add tr0 type veth peer name tr1 &&
		ip -n "$(ns_name sw)" link set tr0 up && ip -n "$(ns_name sw)" link set tr1 up &&
		ovs "$d" ovs-vsctl \
			-- add-br br0 -- set Bridge br0 datapath_type=netdev \
			-- add-port br0 dc0 tag=10 -- add-port br0 cl0 tag=10 \
			-- add-port br0 tr0 trunks=10 \
			-- add-br br1 -- set Bridge br1 datapath_type=netdev \
			-- add-port br1 tr1 trunks=10 -- add-port br1 sn0 trunks=300
}

# Two OVS instances: the source in sw, the decapsulator in dx, each with an
# underlay bridge brU whose LOCAL port owns the tunnel endpoint address,
# joined by the veth u0--u1.  brD, on the decapsulator, is fail_mode=secure:
# nothing reaches the sensor but what spangen's flow sends there.
up_erspan() {
	local s=$work/erspan-sw x=$work/erspan-dx
	ns_add sw && ns_add dx && ns_add dc && ns_add cl && ns_add sn &&
		ovs_up sw sw && ovs_up dx dx &&
		host dc sw dc0 "$DC" && host cl sw cl0 "$CLIENT" && host sn dx sn0 &&
		ip -n "$(ns_name sw)" link add u0 mtu 9000 type veth peer name u1 mtu 9000 \
			netns "$(ns_name dx)" &&
		ip -n "$(ns_name sw)" link set u0 up && ip -n "$(ns_name dx)" link set u1 up &&
		ovs "$s" ovs-vsctl \
			-- add-br br0 -- set Bridge br0 datapath_type=netdev \
			-- add-port br0 dc0 -- add-port br0 cl0 \
			-- add-br brU -- set Bridge brU datapath_type=netdev \
			-- add-port brU u0 &&
		ovs "$x" ovs-vsctl \
			-- add-br brU -- set Bridge brU datapath_type=netdev \
			-- add-port brU u1 \
			-- add-br brD -- set Bridge brD datapath_type=netdev fail_mode=secure \
			-- add-port brD sn0 &&
		ip -n "$(ns_name sw)" addr add 198.51.100.1/24 dev brU &&
		ip -n "$(ns_name sw)" link set brU up &&
		ip -n "$(ns_name dx)" addr add 198.51.100.2/24 dev brU &&
		ip -n "$(ns_name dx)" link set brU up
}

# Resolves the tunnel's next hop before anything is measured: frames
# mirrored while OVS resolves it are dropped.  Only
# after the push: OVS learns tunnel neighbours by snooping ARP replies only
# while the datapath has a tunnel port, and spangen's push creates it.
erspan_warm_up() {
	ip netns exec "$(ns_name sw)" ping -q -c 1 -W 2 198.51.100.2 >/dev/null || return 1
	for _ in $(seq 50); do
		ovs "$work/erspan-sw" ovs-appctl tnl/neigh/show | grep -q '^198\.51\.100\.2 ' &&
			return 0
		sleep 0.1
	done
	return 1
}

# one scenario from here on (several were handed to processes of their own)
scenario=${scenarios[0]}
steps=()
echo "[127.0.0.1]:$SG_SSHD_PORT $(cut -d' ' -f1,2 "$SG_SSHD_DIR/host_ed25519_key.pub")" >"$work/known_hosts"
t0=$EPOCHREALTIME
if "up_$scenario" && dc_listen; then
	t1=$EPOCHREALTIME
	case $scenario in
	rspan) run_spangen 300 ;;
	*) run_spangen none ;;
	esac
else
	t1=$EPOCHREALTIME
	fail "$scenario: the lab did not come up"
fi
t2=$EPOCHREALTIME
teardown
t3=$EPOCHREALTIME
awk -v s="$scenario" -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
	printf "lab: %s: up %.2f s, spangen and checks %.2f s, down %.2f s\n", s, b - a, c - b, d - c }'
[ ${#steps[@]} -gt 0 ] && (IFS=,; echo "lab: $scenario:${steps[*]}")
echo "lab: $scenario: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
