#!/usr/bin/env bash
# devsim --faithful, every dialect: seeded from the large running
# configurations in tests/data/running, driven with OpenSSH's client with
# the kind of lines spangen types (full names, "both", trunk add/remove,
# "no monitor session N"), then what show running-config prints is checked
# against the device's print form, and the blocks devsim does not model
# (banners, certificates) against the seed, byte for byte.
# Usage: faithful.sh DEVSIM   (exits non-zero on any failure)
set -u
devsim=${1:?usage: faithful.sh DEVSIM}
data=$(cd "$(dirname "$0")/../data/running" && pwd)
for tool in ssh ssh-keygen python3; do
	command -v $tool >/dev/null || { echo "devsim_faithful: no $tool"; exit 1; }
done
dir=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT
[ -n "${FAITHFUL_KEEP:-}" ] && trap - EXIT
fail=0
ssh-keygen -q -t ed25519 -N '' -f "$dir/host"
ssh-keygen -q -t ed25519 -N '' -f "$dir/id"
cp "$dir/id.pub" "$dir/authorized_keys"
SSH=(ssh -tt -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
	-o LogLevel=ERROR -o ConnectTimeout=5 -o BatchMode=yes
	-o IdentitiesOnly=yes -i "$dir/id")

# start NAME DIALECT HOSTNAME: devsim --faithful on $dir/NAME.state (which
# the caller has seeded), port in port[NAME], pid in pid[NAME]
declare -A port pid
start() {
	local name=$1 dialect=$2 host=$3
	rm -f "$dir/$name.ready"
	"$devsim" --faithful --dialect "$dialect" --hostname "$host" \
		--host-key "$dir/host" --ready-file "$dir/$name.ready" \
		--state "$dir/$name.state" --log "$dir/$name.log" \
		--authorized-keys "$dir/authorized_keys" 2>>"$dir/$name.err" &
	pid[$name]=$!
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

stop() {
	kill "${pid[$1]}" 2>/dev/null
	wait "${pid[$1]}"
	check "$1: exits 0 on SIGTERM" [ $? -eq 0 ]
}

# drive NAME PROMPT: types stdin; the client's view, CRs dropped, in
# NAME.out; the output of the first "show running-config" in NAME.first,
# of the last in NAME.show
drive() {
	timeout 30 "${SSH[@]}" -p "${port[$1]}" admin@127.0.0.1 \
		>"$dir/$1.raw" 2>"$dir/$1.sshlog"
	rc=$?
	tr -d '\r' <"$dir/$1.raw" >"$dir/$1.out"
	awk -v p="$2#" -v first="$dir/$1.first" '
		$0 == p "show running-config" { buf = ""; on = 1; next }
		on && index($0, p) == 1 {
			on = 0
			last = buf
			if (!n++)
				printf "%s", buf >first
			next
		}
		on { buf = buf $0 "\n" }
		END { printf "%s", last }' "$dir/$1.out" >"$dir/$1.show"
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
# has NAME LINE: NAME's show output has LINE; lacks NAME REGEX: no line
# matches the extended regex
has() { grep -qxF -- "$2" "$dir/$1.show"; }
lacks() { ! grep -qE -- "$2" "$dir/$1.show"; }
saw() { grep -qF -- "$2" "$dir/$1.out"; }
# in_order NAME <<EOF: the lines of stdin are in NAME's show output, one
# after the other, exactly
in_order() {
	cat >"$dir/want.lines"
	python3 - "$dir/$1.show" "$dir/want.lines" <<'PY'
import sys
want = open(sys.argv[2]).read().split("\n")[:-1]
have = open(sys.argv[1]).read().split("\n")
for i in range(len(have) - len(want) + 1):
    if have[i:i + len(want)] == want:
        sys.exit(0)
print("  missing, in this order:")
for l in want:
    print("    |" + l)
sys.exit(1)
PY
}
# before NAME A B: line A comes before line B
before() {
	local a b
	a=$(grep -nxF -- "$2" "$dir/$1.show" | head -1 | cut -d: -f1)
	b=$(grep -nxF -- "$3" "$dir/$1.show" | head -1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}
# block FILE HEADER: the lines of the top-level block HEADER in FILE
block() {
	awk -v h="$2" '
		on && !/^ / { exit }
		on { print }
		$0 == h { on = 1; print }' "$1"
}
# verbatim FILE FIRST LAST: from line FIRST up to the next line LAST
verbatim() {
	awk -v f="$2" -v l="$3" '
		$0 == f { on = 1 }
		on { print }
		on && $0 == l && $0 != f { exit }' "$1"
}
same_verbatim() { # same_verbatim NAME SEED FIRST LAST
	verbatim "$2" "$3" "$4" >"$dir/v.want"
	verbatim "$dir/$1.show" "$3" "$4" >"$dir/v.have"
	[ -s "$dir/v.want" ] && cmp -s "$dir/v.want" "$dir/v.have" ||
		{ diff "$dir/v.want" "$dir/v.have" | head; return 1; }
}
# vlans FILE HEADER: the set of VLANs the trunk lines of the block allow,
# continuation lines merged; printed as a sorted list
vlans() {
	block "$1" "$2" | python3 -c '
import re, sys
s = set()
for l in sys.stdin:
    m = re.match(r"\s*(?:switchport trunk allowed vlan|vlan trunk allowed)"
                 r" (?:add )?([0-9,-]+)$", l)
    for it in (m.group(1).split(",") if m else []):
        lo, _, hi = it.partition("-")
        s.update(range(int(lo), int(hi or lo) + 1))
print(" ".join(map(str, sorted(s))))'
}
# trunk_is NAME HEADER ADDED: the trunk of HEADER now allows what the
# seed's did plus the VLAN ADDED
trunk_is() {
	local want have
	want=$( (vlans "$dir/$1.seed" "$2" | tr ' ' '\n'; echo "$3") |
		sort -n | tr '\n' ' ' | sed 's/ $//')
	have=$(vlans "$dir/$1.show" "$2")
	[ "$want" = "$have" ] || { echo "  want $want"; echo "  have $have"; return 1; }
}
# widths NAME HEADER FIRST MORE: the block's allowed line is at most FIRST
# columns, each continuation at most MORE, and there are continuations
widths() {
	block "$dir/$1.show" "$2" | awk -v f="$3" -v m="$4" '
		/allowed vlan add / { n++; if (length($0) > m) bad = 1; next }
		/allowed vlan / { if (length($0) > f) bad = 1 }
		END { exit bad || n < 2 }'
}
# round NAME: write memory wrote what show running-config printed, which
# is the state file; restarted on that file, devsim prints it unchanged
round() {
	cmp -s "$dir/$1.show" "$dir/$1.state" &&
		cmp -s "$dir/$1.state" "$dir/$1.state.startup"
}
reread() { # reread NAME DIALECT HOSTNAME PROMPT
	cp "$dir/$1.state" "$dir/$1.before"
	stop "$1"
	start "$1" "$2" "$3"
	printf 'terminal length 0\nno page\nshow running-config\nexit\n' |
		drive "$1" "$4"
	check "$2: re-read from its own state file, prints the same" \
		cmp -s "$dir/$1.show" "$dir/$1.before"
}

# === IOS XE ===
cp "$data/iosxe.cfg" "$dir/ios.seed"
cp "$data/iosxe.cfg" "$dir/ios.state"
start ios iosxe campus-acc1
drive ios campus-acc1 <<'EOF'
terminal length 0
show running-config
write memory
exit
EOF
check "iosxe: the seed prints back byte for byte" \
	cmp -s "$dir/ios.show" "$dir/ios.seed"
check "iosxe: write memory writes the printed form" \
	cmp -s "$dir/ios.state.startup" "$dir/ios.seed"
drive ios campus-acc1 <<'EOF'
terminal length 0
configure terminal
vlan 950
 remote-span
 exit
interface TenGigabitEthernet1/1/1
 switchport trunk allowed vlan add 950
 exit
interface Te1/1/3
 switchport mode trunk
 switchport trunk allowed vlan add 950
 exit
interface TenGigabitEthernet1/1/4
 switchport mode trunk
 switchport trunk allowed vlan remove 950
 exit
interface GigabitEthernet1/0/01
 description renamed
 exit
interface Port-channel2
 switchport trunk allowed vlan add 5
 exit
interface Port-channel1
 switchport trunk allowed vlan add 101
 exit
no monitor session 1
monitor session 1 source interface GigabitEthernet1/0/7 both
monitor session 1 source interface GigabitEthernet1/0/5 both
monitor session 1 source interface GigabitEthernet1/0/6 both
monitor session 1 source interface GigabitEthernet1/0/9 both
monitor session 1 source interface GigabitEthernet2/0/1 rx
monitor session 1 source interface Port-channel2 tx
monitor session 1 destination interface GigabitEthernet1/0/48
no monitor session 5
monitor session 6 type erspan-source
 description DC01 to S1
 source interface GigabitEthernet1/0/5 both
 no shutdown
 destination
  erspan-id 6
  mtu 1464
  ip address 198.51.100.10
  origin ip address 192.0.2.11
  exit
 exit
monitor session 7 type erspan-source
 source interface GigabitEthernet1/0/8 both
 shutdown
end
write memory
show running-config
exit
EOF
check "iosxe: session ends with status 0" [ "$rc" -eq 0 ]
check "iosxe: sources merged, short names, no both" has ios \
	"monitor session 1 source interface Gi1/0/5 - 7 , Gi1/0/9"
check "iosxe: rx and tx sources on lines of their own" in_order ios <<'EOF'
monitor session 1 source interface Gi1/0/5 - 7 , Gi1/0/9
monitor session 1 source interface Gi2/0/1 rx
monitor session 1 source interface Po2 tx
monitor session 1 destination interface Gi1/0/48
EOF
check "iosxe: no monitor line says both" lacks ios '^ ?(monitor session .*)?source interface .* both$'
check "iosxe: no monitor line has a full name" \
	lacks ios '^ ?(monitor session .*)?(source|destination) interface .*Ethernet'
check "iosxe: the old session 1 is gone" lacks ios 'Gi1/0/10 - 11'
check "iosxe: the new session 1 is where it was typed (end of level)" \
	before ios "line vty 5 15" "monitor session 1 destination interface Gi1/0/48"
check "iosxe: no monitor session 5 removes the ERSPAN block" \
	lacks ios '^monitor session 5'
check "iosxe: ERSPAN block in the data model's order" in_order ios <<'EOF'
monitor session 6 type erspan-source
 description DC01 to S1
 source interface Gi1/0/5
 no shutdown
 destination
  ip address 198.51.100.10
  erspan-id 6
  mtu 1464
  origin ip address 192.0.2.11
!
monitor session 7 type erspan-source
 source interface Gi1/0/8
!
end
EOF
check "iosxe: interface headers keep full names" \
	has ios "interface TenGigabitEthernet1/1/3"
check "iosxe: add to a list: allowed line before the mode line" in_order ios <<'EOF'
interface TenGigabitEthernet1/1/1
 description member 1 uplink 1
 switchport trunk allowed vlan 1-899,950
 switchport mode trunk
EOF
check "iosxe: add to an all-VLAN trunk keeps it all (no line)" in_order ios <<'EOF'
interface TenGigabitEthernet1/1/3
 switchport mode trunk
!
EOF
check "iosxe: remove from an all-VLAN trunk" in_order ios <<'EOF'
interface TenGigabitEthernet1/1/4
 switchport trunk allowed vlan 1-949,951-4094
 switchport mode trunk
EOF
check "iosxe: a typed add is never echoed" lacks ios 'allowed vlan add (950|5|101)$'
check "iosxe: a pair stays 2,3" has ios " switchport trunk allowed vlan 2,3,5"
check "iosxe: Gi1/0/01 is GigabitEthernet1/0/1" in_order ios <<'EOF'
interface GigabitEthernet1/0/1
 description desk-1-01
 switchport access vlan 20
 switchport mode access
 switchport voice vlan 20
 spanning-tree portfast
 spanning-tree bpduguard enable
 description renamed
EOF
check "iosxe: one GigabitEthernet1/0/1 block" \
	[ "$(grep -cx 'interface GigabitEthernet1/0/1' "$dir/ios.show")" -eq 1 ]
check "iosxe: the long list re-printed whole, VLAN 101 added" \
	trunk_is ios "interface Port-channel1" 101
check "iosxe: wrapped into add lines, none reaching column 80" \
	widths ios "interface Port-channel1" 79 79
check "iosxe: no line reaches column 80" \
	[ "$(awk 'length($0) >= 80' "$dir/ios.show" | wc -l)" -eq 0 ]
check "iosxe: a new block gets its '!'" in_order ios <<'EOF'
vlan 950
 remote-span
!
EOF
check "iosxe: banner motd byte for byte" \
	same_verbatim ios "$dir/ios.seed" "banner motd ^C" "^C"
check "iosxe: banner exec byte for byte" \
	same_verbatim ios "$dir/ios.seed" "banner exec ^C" "^C"
check "iosxe: certificate chain byte for byte" \
	same_verbatim ios "$dir/ios.seed" \
	"crypto pki certificate chain TP-self-signed-2043859145" $'  \tquit'
check "iosxe: byte count in the header" [ "$(sed -n 3p "$dir/ios.show")" = \
	"Current configuration : $(tail -n +4 "$dir/ios.show" | wc -c) bytes" ]
check "iosxe: the state file is the printed form" round ios
reread ios iosxe campus-acc1 campus-acc1

# --- IOS XE: a hand-written state in typed form is read into the model ---
cat >"$dir/hand.state" <<'EOF'
interface Te1/1/1
 switchport trunk allowed vlan 1-10,12
 switchport trunk allowed vlan add 14-15
 switchport mode trunk
monitor session 2 source interface GigabitEthernet1/0/2 both
monitor session 2 destination interface GigabitEthernet1/0/6
monitor session 2 source interface GigabitEthernet1/0/1 both
EOF
start hand iosxe hand
printf 'show running-config\nexit\n' | drive hand hand
check "iosxe: a typed-form state file prints in device form" in_order hand <<'EOF'
interface TenGigabitEthernet1/1/1
 switchport trunk allowed vlan 1-10,12,14,15
 switchport mode trunk
monitor session 2 source interface Gi1/0/1 - 2
monitor session 2 destination interface Gi1/0/6
!
end
EOF

# === NX-OS ===
cp "$data/nxos.cfg" "$dir/nx.seed"
# a capture has these too; they are not configuration
sed '1a !Running configuration last done at: Tue Mar  4 10:14:07 2025\n!Time: Tue Mar  4 10:20:00 2025' \
	"$data/nxos.cfg" >"$dir/nx.state"
start nx nxos dc-leaf1
drive nx dc-leaf1 <<'EOF'
terminal length 0
show running-config
configure terminal
interface Ethernet4/30
  switchport
  switchport monitor
no monitor session 1
monitor session 1
  description DC01 to S1
  source interface Ethernet1/5 both
  source interface Port-channel10 rx
  destination interface Eth4/30
  no shut
monitor session 3
  source interface Ethernet1/6 both
  destination interface Ethernet4/29
interface port-channel2
  switchport trunk allowed vlan add 901
interface Ethernet1/41
  switchport trunk allowed vlan add 901
interface Ethernet1/42
  switchport trunk allowed vlan remove 901
interface Ethernet1/3
  switchport trunk allowed vlan add 11
end
write memory
show running-config
exit
EOF
check "nxos: header lines of a capture are dropped, the rest prints back" \
	cmp -s "$dir/nx.first" "$dir/nx.seed"
check "nxos: session block in the device's order, names full" in_order nx <<'EOF'
monitor session 1
  description DC01 to S1
  source interface Ethernet1/5 both
  source interface port-channel10 rx
  destination interface Ethernet4/30
  no shut
EOF
check "nxos: a shut session prints no state line" in_order nx <<'EOF'
monitor session 3
  source interface Ethernet1/6 both
  destination interface Ethernet4/29
EOF
check "nxos: ... and no shut line at all" \
	[ "$(block "$dir/nx.show" "monitor session 3" | grep -c shut)" -eq 0 ]
check "nxos: ERSPAN source block untouched" eval \
	'[ "$(block "$dir/nx.show" "monitor session 45 type erspan-source")" = \
	"$(block "$dir/nx.seed" "monitor session 45 type erspan-source")" ]'
check "nxos: the origin address is a global line" \
	has nx "monitor erspan origin ip-address 192.0.2.11 global"
check "nxos: mode line before the allowed line, pairs collapse" in_order nx <<'EOF'
interface Ethernet1/3
  description peer-link member 3
  switchport mode trunk
  switchport trunk allowed vlan 10-11,14-15
EOF
check "nxos: add to an all-VLAN trunk keeps it all" in_order nx <<'EOF'
interface Ethernet1/41
  description trunk-1-41
  switchport mode trunk

EOF
check "nxos: remove from an all-VLAN trunk" in_order nx <<'EOF'
interface Ethernet1/42
  description trunk-1-42
  switchport mode trunk
  switchport trunk allowed vlan 1-900,902-4094
EOF
check "nxos: the long list re-printed whole, VLAN 901 added" \
	trunk_is nx "interface port-channel2" 901
check "nxos: wrapped at 76 then 70 columns" \
	widths nx "interface port-channel2" 76 70
check "nxos: port-channel in lower case" lacks nx 'Port-channel'
check "nxos: a blank line before every interface" eval \
	'[ "$(grep -B1 "^interface " "$dir/nx.show" | grep -cvE "^(interface |--$)")" -eq \
	"$(grep -c "^interface " "$dir/nx.show")" ]'
check "nxos: switchport monitor under the destination" eval \
	'block "$dir/nx.show" "interface Ethernet4/30" | tail -1 |
	grep -qxF "  switchport monitor"'
# the port shows switchport lines already: a bare "switchport" prints nothing
check "nxos: no bare switchport on a port that is one already" eval \
	'! block "$dir/nx.show" "interface Ethernet4/30" | grep -qxF "  switchport"' 
check "nxos: banner byte for byte" \
	same_verbatim nx "$dir/nx.seed" "banner motd #" "#"
check "nxos: the state file is the printed form" round nx
reread nx nxos dc-leaf1 dc-leaf1

# === EOS ===
cp "$data/eos.cfg" "$dir/eos.seed"
cp "$data/eos.cfg" "$dir/eos.state"
start eos eos dc-spine1
drive eos dc-spine1 <<'EOF'
terminal length 0
show running-config
configure terminal
interface Ethernet3/45
   switchport trunk allowed vlan add 901
interface Et3/46
   switchport trunk allowed vlan remove 901
interface Port-Channel4
   switchport trunk allowed vlan add 112
interface Port-Channel3
   switchport trunk allowed vlan add 4000
no monitor session dc1
monitor session dc1 source Ethernet3/10 both
monitor session dc1 source Ethernet3/2 both
monitor session dc1 source Ethernet4/1 rx
monitor session dc1 destination Ethernet6/47
no monitor session legacy
vlan 902
   name rspan-2
end
write memory
show running-config
exit
EOF
check "eos: the seed prints back byte for byte" \
	cmp -s "$dir/eos.first" "$dir/eos.seed"
check "eos: device header" has eos "! device: dc-spine1 (vEOS, EOS-4.23.0.1F)"
check "eos: flat session lines, sources natural-sorted, no both" in_order eos <<'EOF'
monitor session dc1 source Ethernet3/2
monitor session dc1 source Ethernet3/10
monitor session dc1 source Ethernet4/1 rx
monitor session dc1 destination Ethernet6/47
!
vlan 902
EOF
check "eos: no monitor line says both" lacks eos '^monitor session .* both$'
check "eos: the old session is gone" lacks eos '^monitor session legacy'
check "eos: add to an all-VLAN trunk keeps it all" in_order eos <<'EOF'
interface Ethernet3/45
   description trunk-3-45
   switchport mode trunk
!
EOF
check "eos: remove from an all-VLAN trunk, allowed before mode" in_order eos <<'EOF'
interface Ethernet3/46
   description trunk-3-46
   switchport trunk allowed vlan 1-900,902-4094
   switchport mode trunk
!
EOF
check "eos: pairs collapse" has eos \
	"   switchport trunk allowed vlan 110-112,120-121,130-131"
check "eos: a wide list stays on one line" eval \
	'[ "$(block "$dir/eos.show" "interface Port-Channel3" | grep -c "allowed vlan")" -eq 1 ]'
check "eos: ... and has the added VLAN" \
	trunk_is eos "interface Port-Channel3" 4000
check "eos: a new block gets its '!'" in_order eos <<'EOF'
vlan 902
   name rspan-2
!
EOF
check "eos: banner byte for byte" \
	same_verbatim eos "$dir/eos.seed" "banner login" "EOF"
check "eos: the state file is the printed form" round eos
reread eos eos dc-spine1 dc-spine1

# === AOS-CX ===
cp "$data/aoscx.cfg" "$dir/cx.seed"
cp "$data/aoscx.cfg" "$dir/cx.state"
start cx aoscx campus-core1
drive cx campus-core1 <<'EOF'
no page
show running-config
config
interface lag 2
    vlan trunk allowed 901
interface lag1
    vlan trunk allowed 101
interface 1/1/03
    vlan trunk allowed 901
interface 1/2/49
    no vlan trunk allowed 2
no mirror session 3
mirror session 2
    comment DC01 to S1
    source interface 1/1/5 both
    source interface lag 45 tx
    destination interface 1/4/47
    enable
mirror session 4
    source interface 1/1/6 rx
    destination interface 1/4/46
mirror session 5
    source interface 1/1/7
end
write memory
show running-config
exit
EOF
check "aoscx: the seed prints back byte for byte" \
	cmp -s "$dir/cx.first" "$dir/cx.seed"
check "aoscx: destination before sources, direction printed, enable" \
	in_order cx <<'EOF'
mirror session 2
    comment DC01 to S1
    destination interface 1/4/47
    source interface 1/1/5 both
    source interface lag45 tx
    enable
EOF
check "aoscx: a disabled session has no enable line" in_order cx <<'EOF'
mirror session 4
    destination interface 1/4/46
    source interface 1/1/6 rx
mirror session 5
EOF
check "aoscx: a source needs a direction" saw cx "Invalid input: source"
check "aoscx: an existing session keeps its form" in_order cx <<'EOF'
mirror session 1
    destination tunnel 192.0.2.50 source 192.0.2.31
    source interface lag45 rx
EOF
check "aoscx: no mirror session removes it" lacks cx '^mirror session 3'
check "aoscx: all stays all, printed" in_order cx <<'EOF'
interface lag 2 multi-chassis
    no shutdown
    no routing
    vlan trunk native 1
    vlan trunk allowed all
    lacp mode active
EOF
check "aoscx: lag1 is lag 1, its list gains 101" \
	trunk_is cx "interface lag 1 multi-chassis" 101
check "aoscx: a port made a trunk gets native 1 then the list" in_order cx <<'EOF'
interface 1/1/3
    no shutdown
    no routing
EOF
check "aoscx: ... native 1, then allowed" eval \
	'block "$dir/cx.show" "interface 1/1/3" | tail -2 | tr "\n" "|" |
	grep -qxF "    vlan trunk native 1|    vlan trunk allowed 901|"'
check "aoscx: no vlan trunk allowed takes one out" in_order cx <<'EOF'
interface 1/2/49
    description uplink-2-49
    no shutdown
    no routing
    vlan trunk native 1
    vlan trunk allowed 1,206
EOF
check "aoscx: no '!' between interface blocks" \
	[ "$(grep -c '^!' "$dir/cx.show")" -eq "$(grep -c '^!' "$dir/cx.seed")" ]
check "aoscx: banner byte for byte" \
	same_verbatim cx "$dir/cx.seed" "banner motd !" "!"
check "aoscx: trust anchor certificate byte for byte" \
	same_verbatim cx "$dir/cx.seed" "crypto pki ta-profile campus-root" \
	"    END_OF_CERTIFICATE"
check "aoscx: the state file is the printed form" round cx
reread cx aoscx campus-core1 campus-core1

for n in ios hand nx eos cx; do stop "$n"; done
pids=()
for f in "$dir"/*.err; do
	check "nothing on stderr: $(basename "$f")" [ ! -s "$f" ]
	[ -s "$f" ] && cat "$f"
done
if [ $fail -ne 0 ]; then
	echo "devsim_faithful: FAILED"
	exit 1
fi
echo "devsim_faithful: all passed"
