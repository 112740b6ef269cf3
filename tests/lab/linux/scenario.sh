#!/usr/bin/env bash
# The Linux lab: spangen renders, pushes and rolls back tc SPAN and ERSPAN
# on a real kernel, and `spangen verify` judges what the sensor's NIC
# receives. Runs as root in a kernel with ip_gre, cls_matchall and
# act_mirred: inside User-Mode Linux (guest.sh), or on a host kernel that
# has them. Every host is a network namespace it makes and removes:
#
#   dc      eth0 192.0.2.10: the DC
#   src     dc0 192.0.2.1 (peer: dc eth0), sp0 (peer: sensor eth1),
#           u0 198.51.100.1 (peer: dx u1), mgmt 10.99.1.2 with an sshd
#   dx      u1 198.51.100.2, sn0 (peer: sensor eth0), mgmt 10.99.2.2 with
#           an sshd
#   sensor  eth0 (ERSPAN, decapsulated) and eth1 (SPAN), no addresses
#
# spangen itself runs in the namespace this script starts in, which
# reaches the two sshds over the mgmt links.
# Usage: scenario.sh SPANGEN SOURCE-DIR WORK-DIR   (prints "FAIL: ..."
# lines and "linux-lab: N checks, M failures"; exit 0 only when all pass)
set -u
# with SG_LAB_TRACE, each traced line carries its time, to find the slow ones
[ -n "${SG_LAB_TRACE-}" ] && PS4='+ $EPOCHREALTIME ' && set -x
spangen=$1
src_dir=$2
work=$3
lab=$src_dir/tests/lab/linux
p=spgl$$
failures=0
checks=0
sshd_pids=()

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() {
	local what=$1
	shift
	if "$@"; then checks=$((checks + 1)); else fail "$what"; fi
}
cleanup() {
	local pid ns
	for pid in "${sshd_pids[@]}"; do kill "$pid" 2>/dev/null; done
	for ns in dc src dx sensor; do ip netns del "$p-$ns" 2>/dev/null; done
	ip link del "$p-ms" 2>/dev/null
	ip link del "$p-md" 2>/dev/null
}
trap cleanup EXIT
on() { local ns=$1; shift; ip netns exec "$p-$ns" "$@"; }
lacks() { ! grep -q "$1" <<<"$2"; }
section() { echo "== $* (at $(( $(date +%s) - t0 )) s)"; }

t0=$(date +%s)
exec 3>&2
# --- the hosts and their links, in one ip -batch
ip -batch - <<EOF
netns add $p-dc
netns add $p-src
netns add $p-dx
netns add $p-sensor
link add dc0 netns $p-src type veth peer name eth0 netns $p-dc
link add sp0 netns $p-src type veth peer name eth1 netns $p-sensor
link add u0 netns $p-src type veth peer name u1 netns $p-dx
link add sn0 netns $p-dx type veth peer name eth0 netns $p-sensor
link add $p-ms type veth peer name mgmt netns $p-src
link add $p-md type veth peer name mgmt netns $p-dx
addr add 10.99.1.1/30 dev $p-ms
addr add 10.99.2.1/30 dev $p-md
link set $p-ms up
link set $p-md up
EOF
ip -n "$p-dc" -batch - <<EOF
link set lo up
addr add 192.0.2.10/24 dev eth0
link set eth0 up
EOF
ip -n "$p-src" -batch - <<EOF
link set lo up
addr add 192.0.2.1/24 dev dc0
addr add 198.51.100.1/24 dev u0
addr add 10.99.1.2/30 dev mgmt
link set dc0 up
link set sp0 up
link set u0 up
link set mgmt up
EOF
ip -n "$p-dx" -batch - <<EOF
link set lo up
addr add 198.51.100.2/24 dev u1
addr add 10.99.2.2/30 dev mgmt
link set u1 up
link set sn0 up
link set mgmt up
EOF
ip -n "$p-sensor" -batch - <<EOF
link set lo up
link set eth0 up
link set eth1 up
EOF

# --- an sshd on each host's mgmt address; -r: no re-exec of sshd for
# each connection, which would cost the guest a third of a second each
mkdir -p "$work/ssh" /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/ssh/id_ed25519"
cp "$work/ssh/id_ed25519.pub" "$work/ssh/authorized_keys"
chmod 700 "$work/ssh"
: >"$work/known_hosts"
for h in src:10.99.1.2 dx:10.99.2.2; do
	cat >"$work/ssh/sshd_${h%%:*}" <<CFG
ListenAddress ${h#*:}
Port 22
HostKey $work/ssh/host_key
AuthorizedKeysFile $work/ssh/authorized_keys
PidFile $work/ssh/sshd_${h%%:*}.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel ERROR
CFG
	on "${h%%:*}" "$(command -v sshd || echo /usr/sbin/sshd)" -D -r -e \
		-f "$work/ssh/sshd_${h%%:*}" 2>>"$work/ssh/sshd.log" &
	sshd_pids+=($!)
	echo "${h#*:} $(cut -d' ' -f1,2 "$work/ssh/host_key.pub")" >>"$work/known_hosts"
done
for a in 10.99.1.2 10.99.2.2; do
	for _ in $(seq 100); do
		(exec 3<>"/dev/tcp/$a/22") 2>/dev/null && break
		sleep 0.05
	done
done

# inventory TEMPLATE OUT [MTU DX-ADDRESS SENSOR-PORT]
inventory() {
	sed -e "s|@USER@|$(id -un)|" -e "s|@KEY@|$work/ssh/id_ed25519|" \
		-e "s|@SRC@|10.99.1.2|" -e "s|@DX@|10.99.2.2|" \
		-e "s|@MTU@|${3:-9000}|" -e "s|@DX_ADDRESS@|${4:-198.51.100.2}|" \
		-e "s|@SENSOR_PORT@|${5:-sn0}|" "$lab/$1" >"$2"
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
# spg ARGS: spangen with the lab's known_hosts; how long each took goes
# to standard error, for whoever wants to make the lab faster
spg() {
	local t=$(ms) rc
	"$spangen" "$@" --known-hosts "$work/known_hosts"
	rc=$?
	echo "  [spangen $1 ${3-}: $(( $(ms) - t )) ms]" >&3
	return $rc
}

# traffic: DC-like exchanges from the client (src) to the DC, from one
# shell there: Kerberos and LDAP connection attempts (the DC answers each
# with a reset), then full-size pings, so a frame cut short shows. Done in
# about half a second.
traffic() {
	on src timeout 5 bash -c '
	for port in 88 389; do
		(exec 3<>"/dev/tcp/192.0.2.10/$port") 2>/dev/null
	done
	exec ping -q -c 3 -i 0.1 -W 1 -s 1472 -M do 192.0.2.10' >/dev/null 2>&1
}
# listening PID PORT: a TCP socket in the namespace of process PID listens
# on PORT (read from /proc, which costs no process)
listening() {
	local line want
	want=$(printf ':%04X 00000000:0000 0A' "$2")
	while read -r line; do
		[[ $line == *"$want"* ]] && return 0
	done <"/proc/$1/net/tcp"
	return 1
}
# bulk: one LDAP-port transfer of 2 MB to the DC, in full-size TCP
# segments, which GRO on the receiver would merge
bulk() {
	# not through on, which would put a subshell between $! and nc
	ip netns exec "$p-dc" timeout 10 nc -l 389 >/dev/null &
	local npid=$! i
	for ((i = 0; i < 200; i++)); do
		listening "$npid" 389 2>/dev/null && break
		sleep 0.02
	done
	on src timeout 8 bash -c 'head -c 2000000 /dev/zero >/dev/tcp/192.0.2.10/389' 2>/dev/null
	wait "$npid"
}
# capturing PID: process PID is spangen (so in the sensor's namespace) and
# a packet socket is open there
capturing() {
	local comm line n=0
	read -r comm <"/proc/$1/comm" && [ "$comm" = spangen ] || return 1
	while read -r line; do n=$((n + 1)); done <"/proc/$1/net/packet"
	[ "$n" -ge 2 ]
}
# capture IFACE OUT SECONDS [TRAFFIC]: verify on the sensor's NIC for
# SECONDS while TRAFFIC (default: traffic) flows, sent once verify is
# capturing; the exit status is verify's
capture() {
	ip netns exec "$p-sensor" "$spangen" verify --iface "$1" --dc 192.0.2.10 \
		--seconds "$3" >"$2" 2>&1 &
	local vpid=$! i
	for ((i = 0; i < 250; i++)); do
		capturing "$vpid" 2>/dev/null && break
		sleep 0.02
	done
	"${4:-traffic}"
	wait "$vpid"
}
# hand_sender DEV ID: an ERSPAN source made by hand on src, mirroring dc0
# into DEV with session id ID and no MTU check
hand_sender() {
	ip -n "$p-src" -batch - <<EOF
link add $1 type erspan remote 198.51.100.2 oseq key $2 erspan_ver 1 erspan $2 ttl 64
link set dev $1 up
EOF
	tc -n "$p-src" -batch - <<EOF
qdisc add dev dc0 clsact
filter add dev dc0 ingress pref 9 matchall action mirred egress mirror dev $1
filter add dev dc0 egress pref 9 matchall action mirred egress mirror dev $1
EOF
}
# held NS: the erspan devices, clsact qdiscs and tc filters NS holds, one
# a line (what "nothing left" means), read by one shell inside NS, because
# each process costs the guest tens of milliseconds
held() {
	on "$1" sh -c '
	# erspan0 is the kernel'"'"'s own fallback device, in every namespace
	ip -o link show type erspan | sed -n "/^[0-9]*: erspan0[@:]/d; s/^[0-9]*: \([^@:]*\).*/link \1/p"
	tc qdisc show | while read -r qdisc kind handle dev name rest; do
		[ "$kind" = clsact ] || continue
		echo "clsact $name"
		for hook in ingress egress; do
			[ -z "$(tc filter show dev "$name" $hook)" ] || echo "filter $name $hook"
		done
	done'
}
# nothing_held NS WHAT: check that NS holds nothing of spangen's
nothing_held() {
	local h
	h=$(held "$1")
	check "$2: $h" [ -z "$h" ]
}

section "tc SPAN"
inventory span.yaml "$work/span.yaml"
out=$("$spangen" render "$work/span.yaml" -o "$work/span" 2>&1)
check "render the SPAN inventory: $out" [ -f "$work/span/devices/src/state.sh" ]
# someone else's mirror at the priority spangen picked (no spangen cookie)
tc -n "$p-src" qdisc add dev dc0 clsact
tc -n "$p-src" filter add dev dc0 ingress pref 1 matchall action mirred egress mirror dev sp0
out=$(spg push "$work/span" --yes 2>&1)
rc=$?
check "a foreign filter at spangen's priority stops the push (got $rc): $out" grep -q 'priority 1 holds a filter spangen did not add' <<<"$out"
check "and is left as it was" bash -c "tc -n $p-src filter show dev dc0 ingress pref 1 | grep -q 'Egress Mirror to device sp0'"
tc -n "$p-src" qdisc del dev dc0 clsact
out=$(spg push "$work/span" --dry-run 2>&1)
check "a dry run shows the filters to add: $out" grep -q '^+filter dc0 ingress pref=1 mirror=sp0' <<<"$out"
out=$(spg push "$work/span" --yes 2>&1)
rc=$?
check "push SPAN (got $rc): $out" [ "$rc" = 0 ]
capture eth1 "$work/span-verify.txt" 1
rc=$?
check "verify passes on the sensor's SPAN port: $(cat "$work/span-verify.txt")" [ "$rc" = 0 ]
check "and sees Kerberos and LDAP" grep -q 'protocols: Kerberos, LDAP' "$work/span-verify.txt"
out=$(spg rollback "$work/span" --yes 2>&1)
rc=$?
check "rollback SPAN (got $rc): $out" [ "$rc" = 0 ]
nothing_held src "nothing of spangen's is left on src"
capture eth1 "$work/span-after.txt" 1
check "and the sensor's SPAN port is silent" grep -q 'no traffic to or from it' "$work/span-after.txt"

section "ERSPAN over a 1500-byte underlay"
ip -n "$p-src" link set dev u0 mtu 1500
ip -n "$p-dx" link set dev u1 mtu 1500
inventory erspan.yaml "$work/e1500.yaml" 1500
out=$("$spangen" plan "$work/e1500.yaml" 2>&1)
check "the plan warns W302: $out" grep -q 'W302' <<<"$out"
"$spangen" render "$work/e1500.yaml" -o "$work/e1500" >/dev/null 2>&1
out=$(spg push "$work/e1500" --yes 2>&1)
rc=$?
check "push is refused (got $rc)" [ "$rc" != 0 ]
check "naming the underlay MTU needed: $out" grep -q 'raise the underlay MTU toward 198.51.100.2 to 1550 or more' <<<"$out"
nothing_held src "and nothing is left on src"
nothing_held dx "or on dx"
# What the old rendering did (no MTU check): verify must see the cut frames.
on dx sh "$work/e1500/devices/dx/intended.sh" >/dev/null
hand_sender cut0 100
capture eth0 "$work/cut-verify.txt" 1
rc=$?
check "verify fails frames cut by the tunnel: $(cat "$work/cut-verify.txt")" [ "$rc" != 0 ]
check "with the bytes missing" grep -q 'frames arrived cut short, up to 50 bytes missing' "$work/cut-verify.txt"
ip -n "$p-src" link del cut0
tc -n "$p-src" qdisc del dev dc0 clsact
on dx sh "$work/e1500/devices/dx/rollback.sh" >/dev/null

section "ERSPAN over a 9000-byte underlay"
ip -n "$p-src" link set dev u0 mtu 9000
ip -n "$p-dx" link set dev u1 mtu 9000
inventory erspan.yaml "$work/e9000.yaml" 9000
out=$("$spangen" plan "$work/e9000.yaml" 2>&1)
check "no W302 on 9000 bytes: $out" lacks W302 "$out"
"$spangen" render "$work/e9000.yaml" -o "$work/e9000" >/dev/null 2>&1
# What an older bundle's session 7 left on src: its device and its filter,
# spangen's by name and by cookie. The push removes them; its rollback
# puts them back.
ip -n "$p-src" link add spangen-7 type erspan remote 198.51.100.2 oseq key 107 erspan_ver 1 erspan 107 ttl 64
ip -n "$p-src" link set dev spangen-7 up
tc -n "$p-src" qdisc add dev dc0 clsact
tc -n "$p-src" filter add dev dc0 ingress pref 7 matchall action mirred egress mirror dev spangen-7 cookie 7370616e67656e
out=$(spg push "$work/e9000" --yes 2>&1)
rc=$?
check "push ERSPAN (got $rc): $out" [ "$rc" = 0 ]
check "it showed the receiver it made: $out" grep -q '^+link spangen-1 type=erspan local=198.51.100.2 remote=any key=100 seq=oseq' <<<"$out"
check "and the older session going" grep -q '^-link spangen-7 type=erspan .*key=107' <<<"$out"
check "which is gone" lacks 'spangen-7' "$(ip -n "$p-src" -o link show)"
capture eth0 "$work/e9000-verify.txt" 1
rc=$?
check "verify passes, whole frames: $(cat "$work/e9000-verify.txt")" [ "$rc" = 0 ]
check "no frame is cut" lacks 'cut short' "$(cat "$work/e9000-verify.txt")"
capture eth0 "$work/gro-off.txt" 2 bulk
check "GRO is off on the receiver: a bulk transfer arrives in frames the link carries: $(cat "$work/gro-off.txt")" lacks 'longer than the link' "$(cat "$work/gro-off.txt")"
on dx ethtool -K spangen-1 gro on
capture eth0 "$work/gro-on.txt" 2 bulk
check "with GRO on, verify warns of merged frames and names gro off: $(cat "$work/gro-on.txt")" grep -q 'longer than the link carries.*gro off' "$work/gro-on.txt"
on dx ethtool -K spangen-1 gro off
# The source applied again (a new device, its GRE sequence back at 0)
# must still reach the receiver, which keeps the old device.
on src sh "$work/e9000/devices/src/intended.sh" >/dev/null 2>&1
check "the source device was made again" ip -n "$p-src" link show dev spangen-1 >/dev/null
capture eth0 "$work/e9000-again.txt" 1
rc=$?
check "verify still passes after the source is re-created: $(cat "$work/e9000-again.txt")" [ "$rc" = 0 ]
out=$(spg push "$work/e9000" --yes 2>&1)
check "a second push changes nothing: $out" grep -q 'nothing to change' <<<"$out"
out=$(spg rollback "$work/e9000" --yes 2>&1)
rc=$?
check "rollback ERSPAN (got $rc): $out" [ "$rc" = 0 ]
check "puts the older session's device back" ip -n "$p-src" link show dev spangen-7 >/dev/null
check "and its filter" grep -q 'Egress Mirror to device spangen-7' <<<"$(tc -n "$p-src" filter show dev dc0 ingress pref 7)"
ip -n "$p-src" link del spangen-7
tc -n "$p-src" qdisc del dev dc0 clsact
nothing_held src "nothing of spangen's is left on src"
nothing_held dx "or on dx"
capture eth0 "$work/e9000-after.txt" 1
check "and the sensor is silent" grep -q 'no traffic to or from it' "$work/e9000-after.txt"

section "a wrong ERSPAN id delivers nothing"
on dx sh "$work/e9000/devices/dx/intended.sh" >/dev/null
hand_sender wrong0 101
capture eth0 "$work/wrong-verify.txt" 1
check "session 101 into a receiver of 100: nothing arrives" grep -q 'no traffic to or from it' "$work/wrong-verify.txt"
ip -n "$p-src" link del wrong0
tc -n "$p-src" qdisc del dev dc0 clsact
on dx sh "$work/e9000/devices/dx/rollback.sh" >/dev/null

section "bad input is refused before anything changes"
inventory erspan.yaml "$work/noaddr.yaml" 9000 198.51.100.99
"$spangen" render "$work/noaddr.yaml" -o "$work/noaddr" >/dev/null 2>&1
out=$(spg push "$work/noaddr" --dry-run --device dx 2>&1)
check "a decapsulator address not on the host: $out" grep -q 'no device of this host has the address 198.51.100.99' <<<"$out"
inventory erspan.yaml "$work/nonic.yaml" 9000 198.51.100.2 sn9
"$spangen" render "$work/nonic.yaml" -o "$work/nonic" >/dev/null 2>&1
out=$(spg push "$work/nonic" --dry-run --device dx 2>&1)
check "a sensor NIC that does not exist: $out" grep -q 'this host has no network device sn9' <<<"$out"
nothing_held dx "nothing was made on dx"

echo "linux-lab: $checks checks, $failures failures, $(( $(date +%s) - t0 )) s"
[ "$failures" = 0 ]
