#!/usr/bin/env bash
# Runs a test program against a real NETCONF server: netconfd (yuma123)
# behind a private OpenSSH sshd's "netconf" subsystem, both started by hand
# in a temporary directory on a free loopback port, with their own keys,
# sockets, data store and logs.
# netconfd loads the Junos QFX forwarding-options module from the reference
# YANG folder plus the trimmed vlans/interfaces modules in tests/data/yang,
# and the trimmed IOS XE monitor-session module in tests/data/yang/netconfd
# (the real native model does not load in netconfd 2.13); it starts empty
# (--no-startup) and uses a candidate datastore.
# Exports to the program SG_NETCONF_PORT, SG_NETCONF_USER, SG_NETCONF_DIR
# (the lab directory), SG_NETCONF_KEY (the client's private key),
# SG_NETCONF_KNOWN_HOSTS (with the server's host key pinned) and
# SG_NETCONF_SERVER_LOG (netconfd's log).
# Usage: with_netconfd.sh PROGRAM [ARGS]   (e.g. PROGRAM=bash for a lab shell)
#   SG_YANG_DIR: the folder of vendor YANG modules (juniper/24.4R1/...; the
#   CMake cache variable SPANGEN_REFERENCE_YANG sets it for ctest)
#   SG_NETCONFD_LOG_LEVEL: netconfd's --log-level (default info; debug4 shows
#   every message)
#   exit 77 when netconfd, sshd or the Junos modules are missing
set -u
here=$(cd "$(dirname "$0")/../.." && pwd)
yang=${SG_YANG_DIR:-$here/../shared/reference/yang}
junos=$yang/juniper/24.4R1
stubs=$here/tests/data/yang
sshd=$(command -v sshd || echo /usr/sbin/sshd)
subsys=/usr/sbin/netconf-subsystem
for prog in netconfd "$sshd" "$subsys"; do
	if ! command -v "$prog" >/dev/null; then
		echo "netconfd: SKIPPED: $prog not installed (Debian packages netconfd, openssh-server)"
		exit 77
	fi
done
if [ ! -f "$junos/junos-qfx-conf-forwarding-options@2024-01-01.yang" ]; then
	echo "netconfd: SKIPPED: no Junos YANG modules in $junos"
	exit 77
fi
# unix socket paths must fit in sun_path (108 bytes)
dir=$(mktemp -d /tmp/sg-nc.XXXXXX)
nc_pid= sshd_pid= made_run=
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	if [ -n "$nc_pid" ]; then
		kill "$nc_pid" 2>/dev/null
		# netconfd notices SIGTERM only at its next 1 s select timeout
		for _ in $(seq 30); do
			kill -0 "$nc_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$nc_pid" 2>/dev/null
		wait "$nc_pid" 2>/dev/null
	fi
	[ -n "$sshd_pid" ] && wait "$sshd_pid" 2>/dev/null
	# another test's sshd may still need it
	if [ -n "$made_run" ] && ! pgrep -x sshd >/dev/null; then
		rmdir /run/sshd 2>/dev/null
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
chmod 700 "$dir"
mkdir -p "$dir/home" "$dir/yuma/data"
ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
user=$(id -un)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_ed25519_key.pub")" \
    >"$dir/known_hosts"
# sshd wants its privilege separation directory even when not started by init
if [ ! -d /run/sshd ] && [ "$(id -u)" -eq 0 ]; then
	mkdir -m 0755 /run/sshd && made_run=1
fi

# netconfd writes its NV-save and backup-cfg.xml files into the yuma home
# data folder and the working directory, so both are the lab's.
echo 'netconfd { }' >"$dir/netconfd.conf"
(
	cd "$dir" || exit 1
	unset YUMA_DATAPATH YUMA_MODPATH YUMA_RUNPATH
	exec env HOME="$dir/home" YUMA_HOME="$dir/yuma" netconfd \
	    --config="$dir/netconfd.conf" --home="$dir/home" \
	    --yuma-home="$dir/yuma" --ncxserver-sockname="$dir/ncxserver.sock" \
	    --modpath="$junos:$stubs/netconfd:$stubs:/usr/share/yuma/modules" \
	    --module=junos-qfx-conf-forwarding-options \
	    --module=junos-qfx-conf-vlans --module=junos-qfx-conf-interfaces \
	    --module=Cisco-IOS-XE-native \
	    --no-startup --target=candidate --superuser="$user" --port="$port" \
	    --log="$dir/netconfd.log" --log-level="${SG_NETCONFD_LOG_LEVEL:-info}"
) >"$dir/netconfd.out" 2>&1 &
nc_pid=$!
# the socket appears before the modules are loaded; the log says when
# netconfd accepts sessions
for _ in $(seq 200); do
	grep -q '^Running netconfd server' "$dir/netconfd.log" 2>/dev/null && break
	if ! kill -0 "$nc_pid" 2>/dev/null; then
		echo "netconfd did not start:"
		tail -20 "$dir/netconfd.log" "$dir/netconfd.out" 2>/dev/null
		exit 1
	fi
	sleep 0.05
done
if ! grep -q '^Running netconfd server' "$dir/netconfd.log"; then
	echo "netconfd did not start within 10 s"
	exit 1
fi

# netconf-subsystem finds the socket by the server port in SSH_CONNECTION;
# a plain path would be ignored for /tmp/ncxserver.sock.
cat >"$dir/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
StrictModes no
UsePAM no
LogLevel ERROR
Subsystem netconf $subsys --ncxserver-sockname=$port@$dir/ncxserver.sock
CFG
if ! "$sshd" -t -f "$dir/sshd_config"; then
	echo "sshd rejects its configuration"
	exit 1
fi
"$sshd" -D -e -f "$dir/sshd_config" 2>"$dir/sshd.log" &
sshd_pid=$!
for _ in $(seq 50); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done
SG_NETCONF_PORT=$port SG_NETCONF_DIR=$dir SG_NETCONF_USER=$user \
    SG_NETCONF_KEY=$dir/id_ed25519 SG_NETCONF_KNOWN_HOSTS=$dir/known_hosts \
    SG_NETCONF_SERVER_LOG=$dir/netconfd.log "$@"
status=$?
if [ $status -ne 0 ]; then
	sed 's/^/sshd: /' "$dir/sshd.log"
	tail -60 "$dir/netconfd.log" | sed 's/^/netconfd: /'
fi
exit $status
