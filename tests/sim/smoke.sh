#!/usr/bin/env bash
# Smoke test of devsim, the switch CLI simulator: starts it for each dialect
# on loopback and drives it with OpenSSH's client (ssh -tt fed by a
# here-doc), then checks the --state file and what the client saw.
# Usage: smoke.sh DEVSIM   (builds nothing; exits non-zero on any failure)
set -u
devsim=${1:?usage: smoke.sh DEVSIM}
for tool in ssh ssh-keygen; do
	command -v $tool >/dev/null || { echo "devsim_smoke: no $tool"; exit 1; }
done
dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
fail=0
ssh-keygen -q -t ed25519 -N '' -f "$dir/host"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id"
cp "$dir/id.pub" "$dir/authorized_keys"
SSH=(ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o LogLevel=ERROR -o ConnectTimeout=5)

# start NAME DIALECT [DEVSIM ARGS...]: state in $dir/NAME.state (seeded from
# stdin when it is not a terminal), port in port[NAME]
declare -A port
start() {
	local name=$1 dialect=$2
	shift 2
	[ -t 0 ] || cat >"$dir/$name.state"
	"$devsim" --dialect "$dialect" --hostname "$name" \
		--host-key "$dir/host" --ready-file "$dir/$name.ready" \
		--state "$dir/$name.state" --log "$dir/$name.log" \
		--seconds-per-minute 1 "$@" 2>>"$dir/$name.err" &
	pids+=($!)
	for _ in $(seq 50); do
		[ -s "$dir/$name.ready" ] && break
		sleep 0.1
	done
	port[$name]=$(cat "$dir/$name.ready" 2>/dev/null)
	if [ -z "${port[$name]}" ]; then
		echo "FAIL - $name: devsim did not start"
		cat "$dir/$name.err"
		exit 1
	fi
}

# drive NAME: types stdin at NAME with the test key; what the client saw
# is in $dir/NAME.out, ssh's exit status in $rc
drive() {
	timeout 20 "${SSH[@]}" -o BatchMode=yes -o IdentitiesOnly=yes \
		-i "$dir/id" -p "${port[$1]}" admin@127.0.0.1 \
		>"$dir/$1.out" 2>"$dir/$1.sshlog"
	rc=$?
}

check() {
	local what=$1
	shift
	if "$@"; then
		echo "ok - $what"
	else
		echo "FAIL - $what"
		fail=1
	fi
}
saw() { grep -qF -- "$2" "$dir/$1.out"; }
holds() { grep -qxF -- "$2" "$dir/$1.state"; }
lacks() { ! grep -qF -- "$2" "$dir/$1.state"; }
# want NAME <<EOF: what NAME's state file should be; state_ok NAME checks it
want() { cat >"$dir/$1.want"; }
state_ok() {
	if ! diff -u "$dir/$1.want" "$dir/$1.state" >"$dir/$1.diff"; then
		cat "$dir/$1.diff"
		return 1
	fi
}
# eventually SECONDS COMMAND...: COMMAND turns true within SECONDS
eventually() {
	local n=$(($1 * 10))
	shift
	for _ in $(seq $n); do
		"$@" >/dev/null && return 0
		sleep 0.1
	done
	"$@"
}

# --- IOS XE: blocks, trunk merge, ERSPAN nesting, "no monitor session" ---
start ios iosxe --authorized-keys "$dir/authorized_keys" \
	--banner 'Authorized access only # really > here' <<'EOF'
interface Te1/1/1
 switchport trunk allowed vlan 1-899
monitor session 2 source interface Gi1/0/5 both
monitor session 2 destination interface Gi1/0/6
monitor session 20 source interface Gi1/0/7 both
EOF
drive ios <<'EOF'
configure terminal
vlan 901
 remote-span
 exit
interface Te1/1/1
 switchport trunk allowed vlan add 901
no monitor session 2
monitor session 3 type erspan-source
 source interface Gi1/0/1 both
 no shutdown
 destination
  erspan-id 3
  ip address 10.0.0.9
  exit
 exit
end
write memory
show running-config
exit
EOF
check "iosxe: session ends with status 0" [ "$rc" -eq 0 ]
check "iosxe: banner before the first prompt" saw ios \
	$'Authorized access only # really > here\r\nios#configure terminal\r\n'
check "iosxe: sub-mode prompts" saw ios $'ios(config-mon-dst)#  exit\r\n'
check "iosxe: show running-config" saw ios $'Current configuration : '
check "iosxe: write memory" saw ios $'[OK]\r\n'
want ios <<'EOF'
interface Te1/1/1
 switchport trunk allowed vlan 1-899,901
monitor session 20 source interface Gi1/0/7 both
vlan 901
 remote-span
monitor session 3 type erspan-source
 source interface Gi1/0/1 both
 no shutdown
 destination
  erspan-id 3
  ip address 10.0.0.9
EOF
check "iosxe: state holds the blocks" state_ok ios
check "iosxe: write memory wrote the startup file" \
	cmp -s "$dir/ios.state" "$dir/ios.state.startup"
drive ios <<'EOF'
configure terminal
no monitor session 3
interface Te1/1/1
 switchport trunk allowed vlan remove 1-10,901
end
exit
EOF
check "iosxe: no monitor session removes the block" lacks ios "session 3"
check "iosxe: trunk remove" holds ios " switchport trunk allowed vlan 11-899"

# --- IOS XE: an interface is one block however its name is spelt ---
start names iosxe --authorized-keys "$dir/authorized_keys" <<'EOF'
interface Te1/1/1
 description short
interface GigabitEthernet1/0/1
 description full
EOF
drive names <<'EOF'
configure terminal
interface TenGigabitEthernet1/1/01
 description typed full
interface Gi1/0/001
 description typed short
interface gigabitethernet1/0/2
end
exit
EOF
want names <<'EOF'
interface Te1/1/1
 description short
 description typed full
interface GigabitEthernet1/0/1
 description full
 description typed short
interface gigabitethernet1/0/2
EOF
check "names: short, full and zero-padded names enter the same block" \
	state_ok names

# --- IOS XE: paging until "terminal length 0" ---
for i in $(seq 30); do echo "hostname-line $i"; done >"$dir/page.seed"
start page iosxe --authorized-keys "$dir/authorized_keys" <"$dir/page.seed"
drive page <<'EOF'
show running-config
 
show running-config
q
terminal length 0
show running-config
exit
EOF
check "paging: --More-- twice before terminal length 0" \
	[ "$(grep -o -- ' --More-- ' "$dir/page.out" | wc -l)" -eq 2 ]
check "paging: space shows the rest" \
	[ "$(grep -c 'hostname-line 30' "$dir/page.out")" -eq 2 ]

# --- IOS XE: revert timer, configure confirm, --reject ---
start rev iosxe --authorized-keys "$dir/authorized_keys" \
	--reject '^remote-span$' <<<'vlan 1'
drive rev <<'EOF'
configure terminal revert timer 1
vlan 950
remote-span
end
exit
EOF
check "reject: error text" saw rev "% Invalid input detected at '^' marker."
want rev <<'EOF'
vlan 1
vlan 950
EOF
check "reject: line not applied, the rest is" state_ok rev
want rev <<<'vlan 1'
check "revert timer: restores the config after 1 s" \
	eventually 4 state_ok rev
drive rev <<'EOF'
configure terminal revert timer 1
vlan 951
end
configure confirm
exit
EOF
sleep 2
check "revert timer: configure confirm keeps the change" holds rev "vlan 951"

# --- IOS XE: --drop-after, --drop-at, reconnect ---
start drop iosxe --authorized-keys "$dir/authorized_keys" \
	--drop-after '^remote-span$' </dev/null
drive drop <<'EOF'
configure terminal
vlan 903
 remote-span
 exit
end
exit
EOF
check "drop-after: connection closed abruptly" [ "$rc" -eq 255 ]
check "drop-after: the line was applied" holds drop " remote-span"
check "drop-after: no answer after the line" \
	eval '! grep -q "config-vlan)# exit" "$dir/drop.out"'
drive drop <<'EOF'
show running-config
exit
EOF
check "drop-after: reconnect works after --drop-count" \
	eval '[ "$rc" -eq 0 ] && saw drop " remote-span"'
start dat iosxe --authorized-keys "$dir/authorized_keys" \
	--drop-at '^vlan 904$' --drop-count 1 </dev/null
drive dat <<'EOF'
configure terminal
vlan 904
end
exit
EOF
check "drop-at: connection closed" [ "$rc" -eq 255 ]
check "drop-at: the line was not applied" lacks dat "vlan 904"

# --- NX-OS: monitor block, global fall-back, checkpoint and rollback ---
start nx nxos --authorized-keys "$dir/authorized_keys" <<'EOF'
interface Ethernet1/1
  switchport trunk allowed vlan 1-10
EOF
drive nx <<'EOF'
terminal length 0
checkpoint cp1
checkpoint cp1
configure terminal
interface Ethernet1/5
  switchport
  switchport monitor
no monitor session 1
monitor session 1
  source interface Ethernet1/1 both
  destination interface Ethernet1/5
  no shut
interface Ethernet1/1
  switchport trunk allowed vlan add 901
end
bogus
exit
EOF
check "nxos: checkpoint" saw nx "...........Done"
check "nxos: duplicate checkpoint" saw nx "% Checkpoint name already in use"
check "nxos: unknown command" saw nx "% Invalid command at '^' marker."
want nx <<'EOF'
interface Ethernet1/1
  switchport trunk allowed vlan 1-10,901
interface Ethernet1/5
  switchport
  switchport monitor
monitor session 1
  source interface Ethernet1/1 both
  destination interface Ethernet1/5
  no shut
EOF
check "nxos: state" state_ok nx
drive nx <<'EOF'
rollback running-config checkpoint cp1
exit
EOF
check "nxos: rollback" saw nx "Rollback completed successfully."
want nx <<'EOF'
interface Ethernet1/1
  switchport trunk allowed vlan 1-10
EOF
check "nxos: rollback restores the checkpoint" state_ok nx

# --- EOS: configuration sessions and commit timer ---
start eos eos --authorized-keys "$dir/authorized_keys" <<<'vlan 1'
drive eos <<'EOF'
configure session s1
vlan 10
  name span
interface Ethernet1
  switchport trunk allowed vlan add 10
monitor session dc1 source Ethernet2 both
commit timer 00:01:00
show configuration sessions
exit
EOF
check "eos: session prompt" saw eos "eos(config-s-s1-if)#"
check "eos: commit timer listed" saw eos "pending-commit-timer"
want eos <<'EOF'
vlan 1
vlan 10
  name span
interface Ethernet1
  switchport trunk allowed vlan 10
monitor session dc1 source Ethernet2 both
EOF
check "eos: commit applies the session" state_ok eos
want eos <<<'vlan 1'
check "eos: commit timer restores after 1 s" \
	eventually 4 state_ok eos
drive eos <<'EOF'
configure session s2
vlan 20
end
show configuration sessions
configure session s2 commit
configure session s3
vlan 30
commit timer 00:01:00
configure session s3 commit
configure session s4
vlan 40
commit timer 00:10:00
configure session s4 abort
exit
EOF
check "eos: pending session listed" saw eos "s2         pending"
sleep 2
want eos <<'EOF'
vlan 1
vlan 20
vlan 30
EOF
check "eos: confirmed sessions stay, aborted goes" state_ok eos

# --- AOS-CX: mirror session, checkpoint auto ---
start cx aoscx --authorized-keys "$dir/authorized_keys" <<'EOF'
interface 1/1/3
  vlan trunk allowed 1-39
EOF
drive cx <<'EOF'
no page
checkpoint auto 1
config
vlan 40
  name x
mirror session 1
  source interface 1/1/1 both
  destination interface 1/1/2
  enable
interface 1/1/3
  vlan trunk allowed 40
end
bogus command
exit
EOF
check "aoscx: unknown command" saw cx "Invalid input: bogus"
want cx <<'EOF'
interface 1/1/3
  vlan trunk allowed 1-39
  vlan trunk allowed 40
vlan 40
  name x
mirror session 1
  source interface 1/1/1 both
  destination interface 1/1/2
  enable
EOF
check "aoscx: state" state_ok cx
want cx <<'EOF'
interface 1/1/3
  vlan trunk allowed 1-39
EOF
check "aoscx: checkpoint auto restores after 1 s" eventually 4 state_ok cx

# --- password login, --user, --user-mode ---
cat >"$dir/askpass" <<'EOF'
#!/bin/sh
echo "$SMOKE_PW"
EOF
chmod +x "$dir/askpass"
DEVSIM_PW=s3cret start pw nxos --user admin --password-env DEVSIM_PW \
	--user-mode </dev/null
# login USER PASSWORD: a password login (askpass answers ssh's prompt)
login() {
	SMOKE_PW=$2 SSH_ASKPASS=$dir/askpass SSH_ASKPASS_REQUIRE=force \
		timeout 20 "${SSH[@]}" -o PreferredAuthentications=password \
		-o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1 \
		-p "${port[pw]}" "$1@127.0.0.1" >"$dir/pw.out" 2>&1
	rc=$?
}
login admin s3cret <<'EOF'
configure terminal
enable
exit
EOF
check "password: login" [ "$rc" -eq 0 ]
check "user mode: > prompt, config refused" saw pw \
	$'pw>configure terminal\r\n   ^\r\n% Invalid command'
check "user mode: enable" saw pw $'pw>enable\r\npw#exit'
login admin wrong <<<'exit'
check "password: wrong password refused" [ "$rc" -eq 255 ]
login root s3cret <<<'exit'
check "password: wrong user refused" [ "$rc" -eq 255 ]

# the simulators stop cleanly on SIGTERM and said nothing on stderr (under
# a sanitizer build, that includes leak reports)
for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
for p in "${pids[@]}"; do
	wait "$p"
	check "devsim $p exits 0 on SIGTERM" [ $? -eq 0 ]
done
pids=()
for f in "$dir"/*.err; do
	check "nothing on stderr: $(basename "$f")" [ ! -s "$f" ]
	[ -s "$f" ] && cat "$f"
done
if [ $fail -ne 0 ]; then
	for f in "$dir"/*.log; do sed "s|^|$(basename "$f"): |" "$f"; done
	echo "devsim_smoke: FAILED"
	exit 1
fi
echo "devsim_smoke: all passed"
