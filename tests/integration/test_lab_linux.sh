#!/usr/bin/env bash
# The Linux lab (tests/lab/linux/scenario.sh) on a real kernel: inside
# User-Mode Linux (Debian's user-mode-linux package: a Linux 6.1 kernel
# run as an ordinary process, with the host's file system as its root),
# or straight on this host when its own kernel can make erspan devices
# and matchall filters. Kills only the guest it started. Needs root;
# exits 77 (skipped) when neither kernel is there.
# Usage: test_lab_linux.sh SPANGEN
set -u
spangen=$(realpath "$1")
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ] || ! command -v ip >/dev/null || ! command -v sshd >/dev/null &&
	[ ! -x /usr/sbin/sshd ]; then
	echo "linux-lab: SKIPPED: needs root, iproute2 and openssh-server"
	exit 77
fi

# Does this host's kernel have what the lab needs? Tried in a namespace
# of its own, which goes again at once.
host_kernel_can() {
	local ns=spgl-probe-$$ ok=1
	ip netns add "$ns" 2>/dev/null || return 1
	ip -n "$ns" link add probe0 type erspan local 127.0.0.1 oseq key 1 erspan_ver 1 2>/dev/null &&
		ip -n "$ns" link add probe1 type veth peer name probe2 2>/dev/null &&
		tc -n "$ns" qdisc add dev probe1 clsact 2>/dev/null &&
		tc -n "$ns" filter add dev probe1 ingress pref 1 matchall action mirred egress mirror dev probe0 2>/dev/null &&
		ok=0
	ip netns del "$ns"
	return $ok
}

dir=$(mktemp -d /tmp/spangen-linux-lab.XXXXXX)
pid=
cleanup() {
	[ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null
	[ -n "${SG_LAB_KEEP-}" ] || rm -rf "$dir"
}
trap cleanup EXIT

if host_kernel_can; then
	echo "linux-lab: on this host's kernel ($(uname -r))"
	bash "$src/tests/lab/linux/scenario.sh" "$spangen" "$src" "$dir/work"
	exit $?
fi
if ! command -v linux >/dev/null || [ ! -d "/usr/lib/uml/modules/$(linux --version)" ]; then
	echo "linux-lab: SKIPPED: this kernel has no erspan or matchall, and user-mode-linux is not installed"
	# CI installs it: there a skip would hide a lab that never ran
	[ -n "${SG_REQUIRE_LINUX_LAB-}" ] && exit 1
	exit 77
fi
echo "linux-lab: in User-Mode Linux $(linux --version)"
setsid linux mem=512M rootfstype=hostfs rootflags=/ rw quiet ipv6.disable=1 \
	init="$src/tests/lab/linux/guest.sh" uml_dir="$dir" con=null \
	con0=null,fd:1 SG_SPANGEN="$spangen" SG_SOURCE_DIR="$src" \
	SG_LAB_DIR="$dir" ${SG_LAB_TRACE:+SG_LAB_TRACE=1} >"$dir/console.log" 2>&1 &
pid=$!
# the scenario takes about a minute here; a guest that hangs is stopped
for _ in $(seq 2700); do
	[ -f "$dir/status" ] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
for _ in $(seq 50); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
kill -KILL -- "-$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
cat "$dir/scenario.log" 2>/dev/null
if [ ! -f "$dir/status" ]; then
	echo "linux-lab: the guest stopped without a result; its console:"
	tail -40 "$dir/console.log"
	exit 1
fi
exit "$(cat "$dir/status")"
