#!/usr/bin/env bash
# spangen push and rollback against simulated switches (tests/sim/devsim:
# real SSH on libssh's server, the IOS XE, NX-OS, EOS and AOS-CX dialects,
# a running configuration in memory written to a state file after every
# change).  Each case renders a bundle from an inventory that points at the
# simulators, pushes it, and checks the simulators' state files.
# Usage: test_push.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
work=$(mktemp -d)
. "$(dirname "$0")/sim_lib.sh"
trap 'stop_all_sims; rm -rf "$work"' EXIT

sim_keys

. "$(dirname "$0")/rspan_lib.sh"

echo "== three-switch RSPAN on IOS XE: dry run, push, idempotent push, rollback"
start_rspan
push --dry-run
check "dry run exits 3 when something would change (got $rc)" [ "$rc" = 3 ]
check "dry run changes nothing" states_initial
check "dry run shows the semantic diff" grep -q 'session 1' <<<"$out"
check "dry run shows a unified diff" grep -q '^+monitor session 1 source interface GigabitEthernet1/0/5 both' <<<"$out"
check "dry run saved before.cfg" test -f "$(ls -d "$work"/out/push-*/acc1 | head -1)/before.cfg"
push
check "push without a terminal and without --yes refuses (got $rc)" [ "$rc" = 1 ]
check "the refusal says why" grep -q -- '--yes' <<<"$out"
check "nothing changed without --yes" states_initial
# pushes that changed nothing do not block rendering again; their logs stay
logs_before=$(ls -d "$work"/out/push-* | wc -l)
out=$("$spangen" render "$work/rspan.yaml" -o "$work/out" 2>&1)
rc=$?
check "render again after dry runs (got $rc): $out" [ "$rc" = 0 ]
check "the dry runs' logs moved into the new bundle" [ "$(ls -d "$work"/out/push-* | wc -l)" = "$logs_before" ]
check "the new bundle checks out" sh -c "cd '$work/out' && sha256sum -c --strict --quiet MANIFEST"
push --yes --jobs 1
check "push exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "every device holds the intended change" states_intended
check "the change was saved" test -s "$work/acc1.state.startup"
# destination first, then transit, then source (--jobs 1 makes it sequential)
order=$(for n in acc1 dist1 acc2; do echo "$(stat -c %.9Y "$work/$n.state") $n"; done | sort -n | awk '{print $2}' | paste -sd' ')
check "push order is destination, transit, source (got $order)" [ "$order" = "acc2 dist1 acc1" ]
check "the revert timer was used" grep -q '< configure terminal revert timer 1' "$work/acc1.log"
check "the change was confirmed" grep -q '< configure confirm' "$work/acc1.log"
sleep 2.5
check "confirmed change outlives the revert timer" states_intended
out=$("$spangen" render "$work/rspan.yaml" -o "$work/out" 2>&1)
rc=$?
check "render will not replace a pushed bundle (got $rc)" [ "$rc" = 1 ]
check "and says to roll back or use --replaces" grep -q 'and not rolled back; refusing to replace it: roll it back first' <<<"$out"
push --dry-run
check "second dry run finds nothing (got $rc)" [ "$rc" = 0 ]
lines_before=$(wc -l <"$work/acc1.log")
push --yes
check "second push exits 0 (got $rc)" [ "$rc" = 0 ]
check "second push reports no changes" grep -q 'nothing to change' <<<"$out"
check "second push typed no configuration" bash -c "! tail -n +$((lines_before + 1)) '$work/acc1.log' | grep -q 'configure terminal'"
rollback --yes
check "rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "rollback restores every device" states_initial
rollback --yes
check "a second rollback finds nothing to roll back (got $rc)" [ "$rc" = 1 ]
logs_before=$(ls -d "$work"/out/push-* | wc -l)
out=$("$spangen" render "$work/rspan.yaml" -o "$work/out" 2>&1)
rc=$?
check "a rolled-back bundle renders again (got $rc): $out" [ "$rc" = 0 ]
check "with every log kept" [ "$(ls -d "$work"/out/push-* | wc -l)" = "$logs_before" ]
rollback --yes
check "the carried logs still say there is nothing to roll back (got $rc)" [ "$rc" = 1 ]
push --dry-run
check "the re-rendered bundle would put the change back (got $rc)" [ "$rc" = 3 ]
stop_rspan

echo "== a mixed bundle: the switches are pushed, a vSphere host is listed"
reset_rspan
start_sim acc1 iosxe
start_sim dist1 iosxe
start_sim acc2 iosxe
write_rspan_inventory
awk '{ print }
	/^domain_controllers:/ { print "  - {name: DC02, address: 10.1.20.12, vm: {hypervisor: esx01, name: CORP-DC02}, ntp: [10.1.0.1]}" }
	/^sensors:/ { print "  - {name: S2, vm: {hypervisor: esx01, name: MDI-S2, capture_nic: vmnic3}, monitors: [DC02], ntp: [10.1.0.1]}" }
	END {
		print "hypervisors:"
		print "  - name: esx01"
		print "    platform: vmware-vds"
		print "    uplinks: [\"acc1:TenGigabitEthernet1/1/2\"]"
		print "    capture_nics: [{name: vmnic3, port: \"acc1:GigabitEthernet1/0/47\"}]"
	}' "$work/rspan.yaml" >"$work/mixed.yaml"
rm -rf "$work/out"
render "$work/mixed.yaml"
push --dry-run
check "a mixed dry run reads the switches (got $rc): $out" [ "$rc" = 3 ]
check "the render-only host is listed, not refused" grep -q '1 device is render-only and not pushed here; apply its files by hand' <<<"$out"
check "with its file and where it goes in the order" grep -q 'devices/esx01/intended.ps1' <<<"$out"
check "no refusal for its missing mgmt" bash -c "! grep -q \"no 'mgmt' address\" <<<\"\$1\"" _ "$out"
push --yes
check "a mixed push applies the switches (got $rc): $out" [ "$rc" = 0 ]
check "every switch holds the change" states_intended
check "the summary names only pushed devices" bash -c "! grep -q esx01 \"\$(ls -d '$work'/out/push-* | tail -1)/summary.txt\""
rollback --yes
check "its rollback lists the host's rollback file (got $rc)" grep -q 'devices/esx01/rollback.ps1' <<<"$out"
check "and restores every switch" states_initial
stop_rspan

echo "== on a terminal: colour, NO_COLOR, and one question before any change"
start_rspan
on_tty() { # on_tty ANSWER ENV...: push on a pseudo-terminal, typing ANSWER
	local answer=$1
	shift
	out=$(printf '%s\n' "$answer" | env "$@" script -qec "'$spangen' push '$work/out' --known-hosts '$work/known_hosts' --timeout 10 --confirm-timeout 60" /dev/null 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}
on_tty no TERM=dumb
check "on a terminal the diff is coloured" grep -q $'\033\[32m+monitor session 1' <<<"$out"
check "push asks before changing anything" grep -q 'Apply these changes?' <<<"$out"
check "answering no changes nothing (rc $rc)" states_initial
on_tty no TERM=dumb NO_COLOR=1
check "NO_COLOR turns colour off" bash -c "! grep -q $'\033\[3' <<<\"\$1\"" _ "$out"
on_tty yes TERM=dumb
check "answering yes applies (rc $rc): $out" [ "$rc" = 0 ]
check "and every device holds the change" states_intended
stop_rspan

echo "== a line the device rejects: every device is undone"
start_rspan --reject '^monitor session 1 destination'
push --yes
check "push fails when a line is rejected (got $rc)" [ "$rc" = 1 ]
check "the failure names the device and its words" grep -q "acc1 refused 'monitor session 1 destination remote vlan 901'" <<<"$out"
check "the report gives every device's state" grep -q 'undone: as before' <<<"$out"
check "every device is as before" states_initial
stop_rspan

echo "== a hostile device: its text reaches the terminal escaped"
reset_rspan
printf 'monitor session 1 destination interface GigabitEthernet1/0/9\033[2J\033]0;owned\007\342\200\256x\n' >>"$work/acc2.initial"
start_sim acc1 iosxe
start_sim dist1 iosxe
start_sim acc2 iosxe
write_rspan_inventory
rm -rf "$work/out"
render "$work/rspan.yaml"
push --dry-run
check "the device's session line is in the preview (got $rc)" \
	grep -qF 'GigabitEthernet1/0/9\x1b[2J\x1b]0;owned\x07\u{202E}x' <<<"$out"
check "no raw escape or bidi override reached the terminal" \
	eval '! LC_ALL=C grep -qaP "\x1b|\x07|\xe2\x80\xae" <<<"$out"'
stop_rspan

echo "== the connection drops at each step: before or intended, and said"
for pattern in '^configure terminal revert' '^vlan 901' '^monitor session 1 source' '^end$' '^configure confirm' '^write memory'; do
	for mode in --drop-at --drop-after; do
		start_rspan "$mode" "$pattern"
		push --yes
		sleep 1.5 # past a 1-minute (1 s here) revert timer left running
		if states_initial; then
			echo "  drop $mode '$pattern': every device as before"
			check "drop $mode '$pattern': failure reported (rc $rc)" [ "$rc" = 1 ]
			check "drop $mode '$pattern': says the device is as before" grep -q 'as before' <<<"$out"
		elif states_intended; then
			echo "  drop $mode '$pattern': every device as intended"
			check "drop $mode '$pattern': success reported (rc $rc)" [ "$rc" = 0 ]
		else
			fail "drop $mode '$pattern': a device is neither as before nor as intended"
			echo "$out" | sed 's/^/    /'
		fi
		stop_rspan
	done
done

echo "== NX-OS, EOS and AOS-CX: checkpoint, configure session, checkpoint auto"
dialect_case() { # dialect_case DIALECT VENDOR SRC DST GREP-IN-STATE [DEVSIM-OPTION...]
	local dialect=$1 vendor=$2 src=$3 dst=$4 want=$5
	shift 5
	printf 'interface %s\n' "$src" >"$work/sw.initial"
	start_sim sw "$dialect" "$@"
	cat >"$work/one.yaml" <<EOF
spangen: 1
defaults: {username: netops, auth: key, key_file: $work/id_ed25519, transport: ssh}
switches:
  - name: sw
    vendor: $vendor
    mgmt: "127.0.0.1:$port_sw"
    ports: [{name: $src, mbps: 1000}, {name: $dst, mbps: 1000}]
domain_controllers:
  - {name: DC1, address: 10.0.0.1, ports: ["sw:$src"], mbps: 100, ntp: [10.0.0.2]}
sensors:
  - {name: S1, port: "sw:$dst", monitors: [DC1], ntp: [10.0.0.2]}
EOF
	rm -rf "$work/out"
	render "$work/one.yaml"
	push --dry-run
	check "$vendor: dry run exits 3 (got $rc)" [ "$rc" = 3 ]
	push --yes
	check "$vendor: push exits 0 (got $rc): $out" [ "$rc" = 0 ]
	check "$vendor: the session is on the device" grep -q -- "$want" "$work/sw.state"
	sleep 2.5
	check "$vendor: still there after the timer would have fired" grep -q -- "$want" "$work/sw.state"
	push --dry-run
	check "$vendor: second dry run exits 0 (got $rc)" [ "$rc" = 0 ]
	rollback --yes
	check "$vendor: rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
	check "$vendor: rollback removes the session" bash -c "! grep -q -- '$want' '$work/sw.state'"
	stop_sim sw
}
dialect_case nxos cisco-nxos Ethernet1/10 Ethernet1/48 'destination interface Ethernet1/48'
check "nxos: a checkpoint guarded the change" grep -q '< checkpoint spangen-' "$work/sw.log"
dialect_case eos arista-eos Ethernet10 Ethernet48 'monitor session spangen-1 destination Ethernet48'
check "eos: a configure session with a commit timer" grep -q '< commit timer 00:01:00' "$work/sw.log"
dialect_case aoscx aruba-aoscx 1/1/10 1/1/48 'destination interface 1/1/48'
check "aoscx: checkpoint auto was confirmed" grep -q '< checkpoint auto confirm' "$work/sw.log"

echo "== a new platform from a copied descriptor: its cli.dialect says how to push it"
datadir=${SPANGEN_DATADIR:?run through ctest}
mkdir -p "$work/data/vendors"
cp "$datadir"/vendors/*.yaml "$work/data/vendors/"
cp -r "$datadir/templates" "$work/data/templates"
sed 's/^name: cisco-iosxe$/name: my-ios/' "$datadir/vendors/cisco-iosxe.yaml" >"$work/data/vendors/my-ios.yaml"
sed '/^  dialect: /d; s/^name: cisco-iosxe$/name: my-raw/' "$datadir/vendors/cisco-iosxe.yaml" >"$work/data/vendors/my-raw.yaml"
cp -r "$datadir/templates/cisco-iosxe" "$work/data/templates/my-ios"
cp -r "$datadir/templates/cisco-iosxe" "$work/data/templates/my-raw"
export SPANGEN_DATADIR="$work/data"
dialect_case iosxe my-ios GigabitEthernet1/0/5 GigabitEthernet1/0/48 \
	'monitor session 1 destination interface GigabitEthernet1/0/48'
check "my-ios: pushed under the IOS XE revert timer" grep -q '< configure terminal revert timer' "$work/sw.log"
printf 'interface GigabitEthernet1/0/5\n' >"$work/sw.initial"
start_sim sw iosxe
sed -i 's/vendor: my-ios/vendor: my-raw/' "$work/one.yaml"
rm -rf "$work/out"
render "$work/one.yaml"
push --dry-run
check "a descriptor without cli.dialect is refused (got $rc)" [ "$rc" = 1 ]
check "the refusal names the missing field" grep -q "vendor 'my-raw' names no CLI dialect (cli.dialect in .*my-raw.yaml)" <<<"$out"
check "and the device was not changed" cmp -s "$work/sw.state" "$work/sw.initial"
stop_sim sw
export SPANGEN_DATADIR="$datadir"

echo "== a banner full of prompt characters, user mode and enable"
dialect_case iosxe cisco-iosxe GigabitEthernet1/0/5 GigabitEthernet1/0/48 \
	'monitor session 1 destination interface GigabitEthernet1/0/48' \
	--user-mode --banner $'sw#\nUnauthorised access is prohibited >\n(config)# is not a prompt here\nsw>'
check "iosxe: enable was typed in user mode" grep -q '< enable' "$work/sw.log"

echo "== authentication and host keys"
start_rspan
SPANGEN_TEST_PASSWORD=wrong-password push --dry-run
check "a wrong password fails (got $rc)" [ "$rc" = 1 ]
check "a wrong password is reported for dist1" grep -q 'dist1' <<<"$out"
cp "$work/known_hosts" "$work/known_hosts.good"
grep -v "\]:$port_acc2 " "$work/known_hosts.good" >"$work/known_hosts"
push --dry-run
check "an unknown host key is refused (got $rc)" [ "$rc" = 1 ]
check "the refusal gives the SHA256 fingerprint" grep -q 'SHA256:' <<<"$out"
push --dry-run --accept-new-host-keys
check "--accept-new-host-keys adds an unknown key (got $rc)" [ "$rc" = 3 ]
check "the key was added" grep -q "\]:$port_acc2 " "$work/known_hosts"
ssh-keygen -q -t ed25519 -N '' -f "$work/other.host"
grep -v "\]:$port_acc2 " "$work/known_hosts.good" >"$work/known_hosts"
echo "[127.0.0.1]:$port_acc2 $(cut -d' ' -f1,2 "$work/other.host.pub")" >>"$work/known_hosts"
push --dry-run --accept-new-host-keys
check "a changed host key is refused even with --accept-new-host-keys (got $rc)" [ "$rc" = 1 ]
cp "$work/known_hosts.good" "$work/known_hosts"
# a switch that takes the password only by keyboard-interactive
stop_sim dist1
start_sim dist1 iosxe --keyboard-interactive
write_rspan_inventory
rm -rf "$work/out"
render "$work/rspan.yaml"
push --dry-run
check "the password is given by keyboard-interactive (got $rc): $out" [ "$rc" = 3 ]
check "dist1 logged in that way" grep -q 'keyboard-interactive login' "$work/dist1.log"
SPANGEN_TEST_PASSWORD=wrong-password push --dry-run
check "a wrong keyboard-interactive password fails (got $rc)" [ "$rc" = 1 ]
check "and is refused by dist1" grep -q 'keyboard-interactive refused' "$work/dist1.log"
stop_rspan

echo "== the bundle must match its MANIFEST"
start_rspan
echo "monitor session 9 destination interface GigabitEthernet1/0/1" >>"$work/out/devices/acc1/intended.cfg"
push --dry-run
check "an edited bundle is refused (got $rc)" [ "$rc" = 1 ]
check "the refusal names the file" grep -q 'acc1/intended.cfg: changed since it was rendered' <<<"$out"
out=$("$spangen" render "$work/rspan.yaml" -o "$work/out" 2>&1)
check "render will not replace the edited bundle either (got $?)" \
	grep -q 'acc1/intended.cfg was changed since it was rendered' <<<"$out"
check "and the edit is kept" grep -q '^monitor session 9' "$work/out/devices/acc1/intended.cfg"
rm "$work/out/devices/acc1/intended.cfg"
render "$work/rspan.yaml"
echo extra >"$work/out/devices/acc1/notes.txt"
push --dry-run
check "an unlisted file is refused (got $rc)" [ "$rc" = 1 ]
stop_rspan

echo "== no secret in any output or file"
leaks=$(grep -rl -F -- "$SPANGEN_TEST_PASSWORD" "$work/out" "$work/all-output.txt" 2>/dev/null)
check "the password appears nowhere (found in: $leaks)" [ -z "$leaks" ]

echo "push: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
