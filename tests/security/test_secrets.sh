#!/usr/bin/env bash
# Secrets stay where they were put.  A recognisable password sits in the
# environment variable the inventory names (password_env), and a
# recognisable passphrase protects an ed25519 key that spangen is given
# and cannot unlock.  Every command runs against simulated switches
# (tests/sim/devsim): validate, plan, plan --json, render, push --dry-run,
# push, push again, rollback, verify --pcap, and the failure paths (wrong
# password, unset variable, unknown and changed host keys, a rejected line,
# a dropped connection, an edited bundle, the locked key, secrets written
# into the inventory).  Then the captured stdout and stderr of every
# command, every file under the bundles (push-*/ logs included) and the
# simulators' logs and state files are searched for the secrets.  The push
# to the password-only device must succeed, so the password is really
# used and the search is not vacuous.
# Usage: test_secrets.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
work=$(mktemp -d)
pids=()
failures=0
checks=0
n=0
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"' EXIT

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok; else fail "$what"; fi
}

for tool in ssh-keygen timeout; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is not installed"
		exit 77
	fi
done
data=${SG_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}
pcap="$data/pcap/span-both.pcap"	# the lab's DC is 192.0.2.10

# Recognisable, unique to this run, and full of characters a careless
# quote would mangle.
password="Sg-S3cret-$$-pw\$\"'!"
passphrase="Sg-Pass-$$-phrase"
wrong="Sg-Wr0ng-$$-pw"
export SG_SEC_PASSWORD=$password
# a canary: nothing reads this variable, so the passphrase can only
# appear if the environment is dumped
export SG_SEC_PASSPHRASE_CANARY=$passphrase

mkdir "$work/logs" "$work/sim" "$work/inline" "$work/bundles"
nbundles=0
ssh-keygen -q -t ed25519 -N '' -C spangen-test -f "$work/id_ed25519"
ssh-keygen -q -t ed25519 -N "$passphrase" -C spangen-locked -f "$work/id_locked"
cat "$work/id_ed25519.pub" "$work/id_locked.pub" >"$work/authorized_keys"
: >"$work/known_hosts"

# setsid: no controlling terminal, so nothing can prompt for a secret there
detach=()
command -v setsid >/dev/null && detach=(setsid -w)

# run NAME CMD...: runs a command with its output captured under logs/;
# sets rc and out (stdout and stderr together, for the checks).
run() {
	local name=$1
	shift
	n=$((n + 1))
	local base
	base="$work/logs/$(printf '%02d' "$n")-$name"
	timeout 120 "${detach[@]}" "$@" </dev/null >"$base.out" 2>"$base.err"
	rc=$?
	out=$(cat "$base.out" "$base.err")
	if [ "$rc" -gt 4 ] || grep -q -E 'Sanitizer|runtime error' "$base.err"; then
		fail "$name: exit $rc (crash or timeout?)"
		sed 's/^/    /' "$base.err" | head -20
	fi
}

push() { run "push$1" "$spangen" push "$bundle" --known-hosts "$work/known_hosts" --timeout 10 --confirm-timeout 60 "${@:2}"; }
rollback() { run rollback "$spangen" rollback "$bundle" --known-hosts "$work/known_hosts" --timeout 10 "$@"; }

# start_sim NAME DIALECT [devsim options...]: as in
# tests/integration/test_push.sh; the state starts from sim/NAME.initial.
start_sim() {
	local name=$1 dialect=$2 port
	shift 2
	[ -f "$work/sim/$name.host" ] || ssh-keygen -q -t ed25519 -N '' -f "$work/sim/$name.host"
	rm -f "$work/sim/$name.ready"
	[ -f "$work/sim/$name.initial" ] && cp "$work/sim/$name.initial" "$work/sim/$name.state"
	"$devsim" --dialect "$dialect" --hostname "$name" --user netops \
		--host-key "$work/sim/$name.host" --ready-file "$work/sim/$name.ready" \
		--state "$work/sim/$name.state" --seconds-per-minute 1 \
		--log "$work/sim/$name.log" "$@" &
	pids+=($!)
	eval "pid_$name=$!"
	for _ in $(seq 100); do
		[ -s "$work/sim/$name.ready" ] && break
		sleep 0.05
	done
	port=$(cat "$work/sim/$name.ready")
	eval "port_$name=$port"
	sed -i "/^\[127.0.0.1\]:$port /d" "$work/known_hosts"
	echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/sim/$name.host.pub")" >>"$work/known_hosts"
}

stop_sim() {
	local pid
	eval "pid=\$pid_$1"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# pw1 takes only the password, key1 only the plain key.
start_pw1() { start_sim pw1 iosxe --password-env SG_SEC_PASSWORD "$@"; }
start_key1() { start_sim key1 eos --authorized-keys "$work/authorized_keys"; }

write_inventory() {
	cat >"$work/main.yaml" <<EOF
spangen: 1
name: secrets-test
defaults: {username: netops, transport: ssh}
switches:
  - name: pw1
    vendor: cisco-iosxe
    mgmt: "127.0.0.1:$port_pw1"
    auth: password
    password_env: SG_SEC_PASSWORD
    ports: [{name: GigabitEthernet1/0/5, mbps: 1000}, {name: GigabitEthernet1/0/48, mbps: 1000}]
  - name: key1
    vendor: arista-eos
    mgmt: "127.0.0.1:$port_key1"
    auth: key
    key_file: $work/id_ed25519
    ports: [{name: Ethernet10, mbps: 1000}, {name: Ethernet48, mbps: 1000}]
domain_controllers:
  - {name: DC1, address: 192.0.2.10, ports: ["pw1:GigabitEthernet1/0/5"], mbps: 100, ntp: [10.0.0.1]}
  - {name: DC2, address: 192.0.2.11, ports: ["key1:Ethernet10"], mbps: 100, ntp: [10.0.0.1]}
sensors:
  - {name: S1, port: "pw1:GigabitEthernet1/0/48", monitors: [DC1], ntp: [10.0.0.1]}
  - {name: S2, port: "key1:Ethernet48", monitors: [DC2], ntp: [10.0.0.1]}
EOF
}

# Each render goes to a new bundle: render never replaces a pushed one.
render_main() {
	write_inventory
	nbundles=$((nbundles + 1))
	bundle="$work/bundles/$nbundles"
	run render "$spangen" render "$work/main.yaml" -o "$bundle"
	check "render exits 0 (got $rc): $out" [ "$rc" = 0 ]
}

pw1_intended() { grep -q '^monitor session 1 destination interface GigabitEthernet1/0/48' "$work/sim/pw1.state"; }
pw1_initial() { cmp -s "$work/sim/pw1.state" "$work/sim/pw1.initial"; }

printf 'interface GigabitEthernet1/0/5\ninterface GigabitEthernet1/0/48\n' >"$work/sim/pw1.initial"
printf 'interface Ethernet10\ninterface Ethernet48\n' >"$work/sim/key1.initial"
start_pw1
start_key1

echo "== every command on the happy path"
write_inventory
run validate "$spangen" validate "$work/main.yaml"
check "validate exits 0 (got $rc): $out" [ "$rc" = 0 ]
run plan "$spangen" plan "$work/main.yaml"
check "plan exits 0 (got $rc): $out" [ "$rc" = 0 ]
run plan-json "$spangen" plan "$work/main.yaml" --json
check "plan --json exits 0 (got $rc)" [ "$rc" = 0 ]
check "plan --json prints the plan" grep -q '"DC1"' <<<"$out"
render_main
check "targets.json names the password variable" grep -q '"password_env": "SG_SEC_PASSWORD"' "$bundle/targets.json"
push -dry-run --dry-run
check "push --dry-run exits 3 (got $rc): $out" [ "$rc" = 3 ]
push -yes --yes
check "push exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "the password-only device holds the change: the password was used" pw1_intended
check "pw1 was logged into by password" grep -q '\* password login as netops' "$work/sim/pw1.log"
check "key1 holds the change" grep -q 'monitor session spangen-1 destination Ethernet48' "$work/sim/key1.state"
push -again --yes
check "a second push exits 0 (got $rc)" [ "$rc" = 0 ]
check "a second push has nothing to change" grep -q 'nothing to change' <<<"$out"
rollback --yes
check "rollback exits 0 (got $rc): $out" [ "$rc" = 0 ]
check "rollback restores pw1" pw1_initial
if [ -f "$pcap" ]; then
	run verify "$spangen" verify --pcap "$pcap" --dc 192.0.2.10
	check "verify --pcap exits 0 (got $rc): $out" [ "$rc" = 0 ]
else
	fail "no capture fixture at $pcap"
fi

echo "== failure paths"
run push-wrong-password env SG_SEC_PASSWORD="$wrong" "$spangen" push "$bundle" \
	--known-hosts "$work/known_hosts" --timeout 10 --dry-run
check "a wrong password fails (got $rc)" [ "$rc" = 1 ]
check "the failure names pw1" grep -q 'pw1' <<<"$out"
check "the device refused the wrong password" grep -q 'password refused' "$work/sim/pw1.log"
run push-no-variable env -u SG_SEC_PASSWORD "$spangen" push "$bundle" \
	--known-hosts "$work/known_hosts" --timeout 10 --dry-run
check "an unset password variable fails (got $rc)" [ "$rc" = 1 ]
check "and says which variable" grep -q 'SG_SEC_PASSWORD is not set' <<<"$out"

cp "$work/known_hosts" "$work/known_hosts.good"
grep -v "\]:$port_pw1 " "$work/known_hosts.good" >"$work/known_hosts"
push -unknown-host-key --dry-run
check "an unknown host key is refused (got $rc)" [ "$rc" = 1 ]
check "with its fingerprint" grep -q 'SHA256:' <<<"$out"
ssh-keygen -q -t ed25519 -N '' -f "$work/other.host"
echo "[127.0.0.1]:$port_pw1 $(cut -d' ' -f1,2 "$work/other.host.pub")" >>"$work/known_hosts"
push -changed-host-key --dry-run --accept-new-host-keys
check "a changed host key is refused (got $rc)" [ "$rc" = 1 ]
check "and said to have changed" grep -q 'CHANGED' <<<"$out"
cp "$work/known_hosts.good" "$work/known_hosts"

stop_sim pw1
start_pw1 --reject '^monitor session 1 destination'
render_main
push -rejected --yes
check "a rejected line fails the push (got $rc)" [ "$rc" = 1 ]
check "the refusal names the line" grep -q "pw1 refused 'monitor session 1 destination" <<<"$out"
check "pw1 is as before" pw1_initial
stop_sim pw1

start_pw1 --drop-after '^monitor session 1 source'
render_main
push -dropped --yes
sleep 1.5 # past a 1-minute (1 s here) revert timer left running
check "a dropped connection ends in 0 or 1 (got $rc)" [ "$rc" -le 1 ]
check "the drop happened" grep -q 'dropping the connection' "$work/sim/pw1.log"
if pw1_intended; then
	rollback --yes
	check "rollback after the drop exits 0 (got $rc): $out" [ "$rc" = 0 ]
fi
check "pw1 is as before once the drop is dealt with" pw1_initial
stop_sim pw1
start_pw1
render_main

echo "monitor session 9 destination interface GigabitEthernet1/0/1" >>"$bundle/devices/pw1/intended.cfg"
push -edited --dry-run
check "an edited bundle is refused (got $rc)" [ "$rc" = 1 ]
check "the refusal names the file" grep -q 'pw1/intended.cfg: changed since it was rendered' <<<"$out"
render_main

echo "== a key locked with a passphrase"
start_sim locked1 iosxe --authorized-keys "$work/authorized_keys"
cat >"$work/locked.yaml" <<EOF
spangen: 1
defaults: {username: netops, transport: ssh, auth: key, key_file: $work/id_locked}
switches:
  - {name: locked1, vendor: cisco-iosxe, mgmt: "127.0.0.1:$port_locked1"}
domain_controllers:
  - {name: DC1, address: 192.0.2.10, ports: ["locked1:GigabitEthernet1/0/5"], mbps: 100, ntp: [10.0.0.1]}
sensors:
  - {name: S1, port: "locked1:GigabitEthernet1/0/48", monitors: [DC1], ntp: [10.0.0.1]}
EOF
run render-locked "$spangen" render "$work/locked.yaml" -o "$work/bundles/locked"
check "the locked-key bundle renders (got $rc): $out" [ "$rc" = 0 ]
for mode in --dry-run --yes; do
	run "push-locked$mode" "$spangen" push "$work/bundles/locked" --known-hosts "$work/known_hosts" \
		--timeout 10 --confirm-timeout 60 "$mode"
	check "push $mode with a locked key fails cleanly (got $rc)" [ "$rc" = 1 ]
	check "push $mode says it cannot read the key file" grep -q "cannot read the key file $work/id_locked" <<<"$out"
done
check "the locked-key device was never logged into" bash -c "! grep -q 'login as' '$work/sim/locked1.log'"
stop_sim locked1

echo "== secrets written into the inventory"
# what a user might paste: the secrets under the keys E113 refuses
inline_case() { # inline_case NAME KEY VALUE [WHERE]: the secret in a switch, or in defaults
	local f="$work/inline/$1.yaml"
	if [ "${4:-switch}" = defaults ]; then
		printf 'spangen: 1\ndefaults:\n  username: netops\n  %s: "%s"\nswitches:\n  - {name: sw1, vendor: cisco-iosxe, mgmt: 192.0.2.1}\n' \
			"$2" "$3" >"$f"
	else
		printf 'spangen: 1\nswitches:\n  - name: sw1\n    vendor: cisco-iosxe\n    mgmt: 192.0.2.1\n    %s: "%s"\n' \
			"$2" "$3" >"$f"
	fi
	grep -q -F -- "$3" "$f" || fail "$1: the secret is not in the file"
	run "inline-$1" "$spangen" validate "$f"
	check "$1: validate refuses it (got $rc)" [ "$rc" = 1 ]
	check "$1: with E113 for '$2'" grep -q "error E113: inline secret '$2'" <<<"$out"
	run "inline-$1-render" "$spangen" render "$f" -o "$work/inline/$1-out"
	check "$1: render refuses it (got $rc)" [ "$rc" = 1 ]
	check "$1: and writes no bundle" [ ! -e "$work/inline/$1-out" ]
}
yaml_password=${password//\"/\\\"}
inline_case password password "$yaml_password"
inline_case enable-secret enable_secret "$yaml_password"
inline_case passphrase passphrase "$passphrase" defaults
inline_case token token "$yaml_password" defaults

echo "== search for the secrets"
stop_sim pw1
stop_sim key1
scan_dirs=("$work/logs" "$work/bundles" "$work/sim" "$work/known_hosts")
# the search can find things: the user name is in the simulators' logs and
# the bundle, and each kind of file exists
check "the search sees the simulators' logs" grep -rqF 'login as netops' "$work/sim"
check "the search sees push logs" test -n "$(find "$work/bundles" -path '*/push-*/pw1/session.log' -size +0)"
check "push logs record what was typed" grep -rqF '> configure terminal revert timer' "$work/bundles"
check "the search sees captured output" grep -rqF 'SG_SEC_PASSWORD' "$work/logs" "$work/bundles"
for secret in "$password" "$passphrase" "$wrong"; do
	leaks=$(grep -rlaF -- "$secret" "${scan_dirs[@]}" 2>/dev/null)
	check "'$secret' appears nowhere (found in: $(echo $leaks))" [ -z "$leaks" ]
done
# nor do the secrets' distinctive middles, in case of truncation or quoting
for part in "S3cret-$$" "Pass-$$" "Wr0ng-$$"; do
	leaks=$(grep -rlaF -- "$part" "${scan_dirs[@]}" 2>/dev/null)
	check "'$part' appears nowhere (found in: $(echo $leaks))" [ -z "$leaks" ]
done
echo "searched $(find "${scan_dirs[@]}" -type f | wc -l) files from $n commands"

echo "secrets: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
