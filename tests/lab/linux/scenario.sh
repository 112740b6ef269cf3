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
[ -n "${SG_LAB_TRACE-}" ] && set -x
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

# --- an sshd on each host's mgmt address
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
	on "${h%%:*}" "$(command -v sshd || echo /usr/sbin/sshd)" -D -e \
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

# traffic: DC-like exchanges from the client (src) to the DC: Kerberos and
# LDAP connection attempts (the DC answers each with a reset) and
# full-size pings, so a frame cut short shows
traffic() {
	local port
	for port in 88 389; do
		on src timeout 2 bash -c "exec 3<>/dev/tcp/192.0.2.10/$port" 2>/dev/null
	done
	on src ping -q -c 3 -i 0.2 -W 1 -s 1472 -M do 192.0.2.10 >/dev/null 2>&1
}
# bulk: one LDAP-port transfer of 2 MB to the DC, in full-size TCP
# segments, which GRO on the receiver would merge
bulk() {
	on dc timeout 10 nc -l 389 >/dev/null &
	local npid=$!
	sleep 0.3
	on src timeout 8 bash -c 'head -c 2000000 /dev/zero >/dev/tcp/192.0.2.10/389' 2>/dev/null
	wait "$npid"
}
# capture IFACE OUT [TRAFFIC]: verify on the sensor's NIC while TRAFFIC
# (default: traffic) flows; the exit status is verify's
capture() {
	on sensor "$spangen" verify --iface "$1" --dc 192.0.2.10 --seconds 2 >"$2" 2>&1 &
	local vpid=$!
	sleep 0.4
	"${3:-traffic}"
	wait "$vpid"
}
# hand_sender DEV ID: an ERSPAN source made by hand on src, mirroring dc0
# into DEV with session id ID and no MTU check
hand_sender() {
	on src ip -batch - <<EOF
link add $1 type erspan remote 198.51.100.2 oseq key $2 erspan_ver 1 erspan $2 ttl 64
link set dev $1 up
EOF
	on src tc -batch - <<EOF
qdisc add dev dc0 clsact
filter add dev dc0 ingress pref 9 matchall action mirred egress mirror dev $1
filter add dev dc0 egress pref 9 matchall action mirred egress mirror dev $1
EOF
}
# the tc filters and erspan devices a host holds (what "nothing left" means)
held() {
	# erspan0 is the kernel's own fallback device, in every namespace
	on "$1" ip -o link show type erspan | sed 's/^[0-9]*: \([^@:]*\).*/link \1/' | grep -v '^link erspan0$'
	for d in dc0 sp0 sn0 u0 u1; do
		on "$1" ip link show dev "$d" >/dev/null 2>&1 || continue
		on "$1" tc qdisc show dev "$d" | grep -q clsact && echo "clsact $d"
		on "$1" tc filter show dev "$d" ingress | grep -q . && echo "filter $d ingress"
		on "$1" tc filter show dev "$d" egress | grep -q . && echo "filter $d egress"
	done
	return 0
}

section "tc SPAN"
inventory span.yaml "$work/span.yaml"
out=$("$spangen" render "$work/span.yaml" -o "$work/span" 2>&1)
check "render the SPAN inventory: $out" [ -f "$work/span/devices/src/state.sh" ]
# someone else's mirror at the priority spangen picked (no spangen cookie)
on src tc qdisc add dev dc0 clsact
on src tc filter add dev dc0 ingress pref 1 matchall action mirred egress mirror dev sp0
out=$(spg push "$work/span" --yes 2>&1)
rc=$?
check "a foreign filter at spangen's priority stops the push (got $rc): $out" grep -q 'priority 1 holds a filter spangen did not add' <<<"$out"
check "and is left as it was" bash -c "tc -n $p-src filter show dev dc0 ingress pref 1 | grep -q 'Egress Mirror to device sp0'"
on src tc qdisc del dev dc0 clsact
out=$(spg push "$work/span" --dry-run 2>&1)
check "a dry run shows the filters to add: $out" grep -q '^+filter dc0 ingress pref=1 mirror=sp0' <<<"$out"
out=$(spg push "$work/span" --yes 2>&1)
rc=$?
check "push SPAN (got $rc): $out" [ "$rc" = 0 ]
capture eth1 "$work/span-verify.txt"
rc=$?
check "verify passes on the sensor's SPAN port: $(cat "$work/span-verify.txt")" [ "$rc" = 0 ]
check "and sees Kerberos and LDAP" grep -q 'protocols: Kerberos, LDAP' "$work/span-verify.txt"
out=$(spg rollback "$work/span" --yes 2>&1)
rc=$?
check "rollback SPAN (got $rc): $out" [ "$rc" = 0 ]
check "nothing of spangen's is left on src: $(held src)" [ -z "$(held src)" ]
capture eth1 "$work/span-after.txt"
check "and the sensor's SPAN port is silent" grep -q 'no traffic to or from it' "$work/span-after.txt"

section "ERSPAN over a 1500-byte underlay"
on src ip link set dev u0 mtu 1500
on dx ip link set dev u1 mtu 1500
inventory erspan.yaml "$work/e1500.yaml" 1500
out=$("$spangen" plan "$work/e1500.yaml" 2>&1)
check "the plan warns W302: $out" grep -q 'W302' <<<"$out"
"$spangen" render "$work/e1500.yaml" -o "$work/e1500" >/dev/null 2>&1
out=$(spg push "$work/e1500" --yes 2>&1)
rc=$?
check "push is refused (got $rc)" [ "$rc" != 0 ]
check "naming the underlay MTU needed: $out" grep -q 'raise the underlay MTU toward 198.51.100.2 to 1550 or more' <<<"$out"
check "and nothing is left on src: $(held src)" [ -z "$(held src)" ]
check "or on dx: $(held dx)" [ -z "$(held dx)" ]
# What the old rendering did (no MTU check): verify must see the cut frames.
on dx sh "$work/e1500/devices/dx/intended.sh" >/dev/null
hand_sender cut0 100
capture eth0 "$work/cut-verify.txt"
rc=$?
check "verify fails frames cut by the tunnel: $(cat "$work/cut-verify.txt")" [ "$rc" != 0 ]
check "with the bytes missing" grep -q 'frames arrived cut short, up to 50 bytes missing' "$work/cut-verify.txt"
on src ip link del cut0
on src tc qdisc del dev dc0 clsact
on dx sh "$work/e1500/devices/dx/rollback.sh" >/dev/null

section "ERSPAN over a 9000-byte underlay"
on src ip link set dev u0 mtu 9000
on dx ip link set dev u1 mtu 9000
inventory erspan.yaml "$work/e9000.yaml" 9000
out=$("$spangen" plan "$work/e9000.yaml" 2>&1)
check "no W302 on 9000 bytes: $out" lacks W302 "$out"
"$spangen" render "$work/e9000.yaml" -o "$work/e9000" >/dev/null 2>&1
# What an older bundle's session 7 left on src: its device and its filter,
# spangen's by name and by cookie. The push removes them; its rollback
# puts them back.
on src ip link add spangen-7 type erspan remote 198.51.100.2 oseq key 107 erspan_ver 1 erspan 107 ttl 64
on src ip link set dev spangen-7 up
on src tc qdisc add dev dc0 clsact
on src tc filter add dev dc0 ingress pref 7 matchall action mirred egress mirror dev spangen-7 cookie 7370616e67656e
out=$(spg push "$work/e9000" --yes 2>&1)
rc=$?
check "push ERSPAN (got $rc): $out" [ "$rc" = 0 ]
check "it showed the receiver it made: $out" grep -q '^+link spangen-1 type=erspan local=198.51.100.2 remote=any key=100 seq=oseq' <<<"$out"
check "and the older session going" grep -q '^-link spangen-7 type=erspan .*key=107' <<<"$out"
check "which is gone" lacks 'spangen-7' "$(on src ip -o link show)"
capture eth0 "$work/e9000-verify.txt"
rc=$?
check "verify passes, whole frames: $(cat "$work/e9000-verify.txt")" [ "$rc" = 0 ]
check "no frame is cut" lacks 'cut short' "$(cat "$work/e9000-verify.txt")"
capture eth0 "$work/gro-off.txt" bulk
check "GRO is off on the receiver: a bulk transfer arrives in frames the link carries: $(cat "$work/gro-off.txt")" lacks 'longer than the link' "$(cat "$work/gro-off.txt")"
on dx ethtool -K spangen-1 gro on
capture eth0 "$work/gro-on.txt" bulk
check "with GRO on, verify warns of merged frames and names gro off: $(cat "$work/gro-on.txt")" grep -q 'longer than the link carries.*gro off' "$work/gro-on.txt"
on dx ethtool -K spangen-1 gro off
# The source applied again (a new device, its GRE sequence back at 0)
# must still reach the receiver, which keeps the old device.
on src sh "$work/e9000/devices/src/intended.sh" >/dev/null 2>&1
check "the source device was made again" on src ip link show dev spangen-1 >/dev/null
capture eth0 "$work/e9000-again.txt"
rc=$?
check "verify still passes after the source is re-created: $(cat "$work/e9000-again.txt")" [ "$rc" = 0 ]
out=$(spg push "$work/e9000" --yes 2>&1)
check "a second push changes nothing: $out" grep -q 'nothing to change' <<<"$out"
out=$(spg rollback "$work/e9000" --yes 2>&1)
rc=$?
check "rollback ERSPAN (got $rc): $out" [ "$rc" = 0 ]
check "puts the older session's device back" on src ip link show dev spangen-7 >/dev/null
check "and its filter" grep -q 'Egress Mirror to device spangen-7' <<<"$(on src tc filter show dev dc0 ingress pref 7)"
on src ip link del spangen-7
on src tc qdisc del dev dc0 clsact
check "nothing of spangen's is left on src: $(held src)" [ -z "$(held src)" ]
check "or on dx: $(held dx)" [ -z "$(held dx)" ]
capture eth0 "$work/e9000-after.txt"
check "and the sensor is silent" grep -q 'no traffic to or from it' "$work/e9000-after.txt"

section "a wrong ERSPAN id delivers nothing"
on dx sh "$work/e9000/devices/dx/intended.sh" >/dev/null
hand_sender wrong0 101
capture eth0 "$work/wrong-verify.txt"
check "session 101 into a receiver of 100: nothing arrives" grep -q 'no traffic to or from it' "$work/wrong-verify.txt"
on src ip link del wrong0
on src tc qdisc del dev dc0 clsact
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
check "nothing was made on dx: $(held dx)" [ -z "$(held dx)" ]

echo "linux-lab: $checks checks, $failures failures, $(( $(date +%s) - t0 )) s"
[ "$failures" = 0 ]
