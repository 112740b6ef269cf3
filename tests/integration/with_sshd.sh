#!/usr/bin/env bash
# Runs a test program against a real OpenSSH sshd on loopback: a private
# daemon with its own host key, config and authorized key in a temporary
# directory, on a free port; it never touches the system's sshd.
# Exports SG_SSHD_PORT, SG_SSHD_DIR (client key: id_ed25519, host public
# key: host_ed25519_key.pub) and SG_SSHD_USER to the program.
# Usage: with_sshd.sh PROGRAM [ARGS]   (exit 77 when sshd is not installed)
set -u
sshd=$(command -v sshd || echo /usr/sbin/sshd)
if [ ! -x "$sshd" ]; then
	echo "sshd: SKIPPED: OpenSSH server not installed (openssh-server)"
	exit 77
fi
dir=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
ssh-keygen -q -t ed25519 -N '' -f "$dir/host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
chmod 700 "$dir"
# sshd wants its privilege separation directory even when not started by init
[ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519_key
AuthorizedKeysFile $dir/authorized_keys
PidFile $dir/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel ERROR
CFG
"$sshd" -D -e -f "$dir/sshd_config" 2>"$dir/sshd.log" &
pid=$!
for _ in $(seq 50); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	sleep 0.1
done
SG_SSHD_PORT=$port SG_SSHD_DIR=$dir SG_SSHD_USER=$(id -un) "$@"
status=$?
[ $status -ne 0 ] && sed 's/^/sshd: /' "$dir/sshd.log"
exit $status
