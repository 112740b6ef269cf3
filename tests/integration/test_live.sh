#!/usr/bin/env bash
# plan and render around what the switches hold (--live, --observed), and
# push refusing a bundle whose switch changed since it was reviewed, on
# devsim --faithful seeded with a real-world IOS XE running configuration
# (sessions 1 and 5 exist on it, a routed management port, secrets).
# Usage: test_live.sh SPANGEN DEVSIM
set -u
spangen=$1
devsim=$2
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/../data/running
work=$(mktemp -d)
. "$here/sim_lib.sh"
trap 'stop_all_sims; rm -rf "$work"' EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
: >"$work/known_hosts"
export SPANGEN_TEST_PASSWORD=unused-here
kh=(--known-hosts "$work/known_hosts")

run() { # run ARGS...: sets rc and out
	out=$("$spangen" "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

# inventory FILE SENSOR-PORT [MGMT-PORT]: one DC on Gi1/0/5, in_use empty
inventory() {
	cat >"$1" <<EOF
spangen: 1
name: live
defaults: {username: netops, auth: key, key_file: $work/id_ed25519, transport: ssh}
switches:
  - {name: sw, vendor: cisco-iosxe, mgmt: "127.0.0.1:${3:-$port_sw}"}
domain_controllers:
  - {name: DC01, address: 10.1.20.11, ports: ["sw:GigabitEthernet1/0/5"], mbps: 100}
sensors:
  - {name: S1, port: "sw:$2"}
EOF
}

cp "$fixtures/iosxe.cfg" "$work/sw.initial"
start_sim sw iosxe --faithful

echo "== --live picks what is free on the device"
inventory "$work/a.yaml" GigabitEthernet3/0/30
run plan "$work/a.yaml" --live "${kh[@]}"
check "plan --live (got $rc: $out)" [ "$rc" = 0 ]
check "without in_use, the session id the device does not use (2)" \
	grep -Eq '^  sw +2 +span ' <<<"$out"
run plan "$work/a.yaml"
check "without --live the planner would take session 1, which the device holds" \
	grep -Eq '^  sw +1 +span ' <<<"$out"

echo "== render --live keeps what it read"
run render "$work/a.yaml" --live "${kh[@]}" -o "$work/a"
check "render --live (got $rc: $out)" [ "$rc" = 0 ]
check "the snapshot is in the bundle" [ -s "$work/a/devices/sw/observed.txt" ]
check "MANIFEST covers it" grep -q ' devices/sw/observed.txt$' "$work/a/MANIFEST"
check "it says when and from where" \
	grep -q "^! spangen: read 20[0-9-]*T[0-9:]*Z from ssh 127.0.0.1:$port_sw;" \
	"$work/a/devices/sw/observed.txt"
check "it holds the sessions spangen must not touch" \
	grep -q '^monitor session 1 source interface' "$work/a/devices/sw/observed.txt"
check "no secret of the printout reaches the bundle" \
	bash -c "! grep -rqE 'kq3f1bXw0dL2Gm|0822455D0A16544541|^enable ' '$work/a'"
check "the fixture does hold them" grep -q '0822455D0A16544541' "$fixtures/iosxe.cfg"
check "plan.md says the plan was made around it" \
	grep -q '^## What the switches hold' "$work/a/plan.md"
check "the rendered rollback is the exact one: only session 2 goes" \
	[ "$(grep -v '^!' "$work/a/devices/sw/rollback.cfg")" = "no monitor session 2" ]

echo "== push, and rollback as reviewed"
run push "$work/a" --yes "${kh[@]}" --timeout 10 --confirm-timeout 60
check "push (got $rc: $out)" [ "$rc" = 0 ]
check "the preview says which entries are spangen's" \
	grep -qx "spangen's here once this is in: monitor session 2" <<<"$out"
check "the push works out the same rollback the reviewer read" \
	diff <(grep -v '^!' "$work/a/devices/sw/rollback.cfg") "$(ls -d "$work"/a/push-*/sw | tail -1)/rollback.cfg"
run push "$work/a" --dry-run "${kh[@]}"
check "a dry run after the push is clean: the bundle's own change is not staleness (got $rc: $out)" [ "$rc" = 0 ]
run rollback "$work/a" --yes "${kh[@]}" --timeout 10
check "rollback (got $rc: $out)" [ "$rc" = 0 ]
check "the device prints exactly what it printed before" cmp -s "$work/sw.initial" "$work/sw.state"

echo "== a bundle whose switch changed since it was reviewed"
run render "$work/a.yaml" --live "${kh[@]}" -o "$work/b"
check "render --live again (got $rc)" [ "$rc" = 0 ]
# meanwhile someone else puts a session 2 on the device
inventory "$work/other.yaml" GigabitEthernet3/0/31
sed -i 's/DC01, address: 10.1.20.11, ports: \["sw:GigabitEthernet1\/0\/5"\]/DC09, address: 10.1.20.19, ports: ["sw:GigabitEthernet1\/0\/9"]/' \
	"$work/other.yaml"
sed -i 's/transport: ssh}/transport: ssh}\n/; s/mgmt: "\([^"]*\)"}/mgmt: "\1", in_use: {sessions: [1, 5]}}/' "$work/other.yaml"
run render "$work/other.yaml" -o "$work/other"
run push "$work/other" --yes "${kh[@]}" --timeout 10 --confirm-timeout 60
check "another bundle changes the device (got $rc: $out)" [ "$rc" = 0 ]
cp "$work/sw.state" "$work/sw.changed"
run push "$work/b" --dry-run "${kh[@]}"
check "the dry run of the stale bundle fails (got $rc)" [ "$rc" = 1 ]
check "it says the device changed since the bundle was reviewed" \
	grep -q 'changed since this bundle was reviewed' <<<"$out"
check "it shows what differs" grep -q '^+monitor session 2 source interface GigabitEthernet1/0/9' <<<"$out"
run push "$work/b" --yes "${kh[@]}" --timeout 10
check "push of the stale bundle is refused (got $rc)" [ "$rc" = 1 ]
check "and changed nothing" cmp -s "$work/sw.changed" "$work/sw.state"
run rollback "$work/other" --yes "${kh[@]}" --timeout 10
check "the other bundle rolls back (got $rc: $out)" [ "$rc" = 0 ]
check "the device is as it was" cmp -s "$work/sw.initial" "$work/sw.state"

echo "== --observed: saved printouts"
mkdir -p "$work/saved"
cp "$fixtures/iosxe.cfg" "$work/saved/sw.txt"
inventory "$work/o.yaml" GigabitEthernet3/0/30 1
run plan "$work/o.yaml" --observed "$work/saved"
check "plan --observed reads the saved printout, no device needed (got $rc: $out)" [ "$rc" = 0 ]
check "and picks session 2" grep -Eq '^  sw +2 +span ' <<<"$out"
run render "$work/o.yaml" --observed "$work/saved" -o "$work/o"
check "render --observed (got $rc)" [ "$rc" = 0 ]
check "the snapshot names the file" grep -q "from $work/saved/sw.txt;" "$work/o/devices/sw/observed.txt"
head -n 100 "$fixtures/iosxe.cfg" >"$work/saved/sw.txt"
run plan "$work/o.yaml" --observed "$work/saved"
check "a printout cut short is an error (got $rc)" [ "$rc" = 1 ]
check "E209 names the file and what is wrong" \
	grep -q "error E209: sw could not be read.*$work/saved/sw.txt: .*cut short" <<<"$out"
run render "$work/o.yaml" --observed "$work/saved" -o "$work/o2" --allow-errors
check "with --allow-errors the rest is rendered, planned from in_use (got $rc)" [ "$rc" = 0 ]
check "and without a snapshot of the switch that could not be read" [ ! -e "$work/o2/devices/sw/observed.txt" ]
rm "$work/saved/sw.txt"
run plan "$work/o.yaml" --observed "$work/saved"
check "a missing saved printout is E209 (got $rc)" bash -c "[ $rc = 1 ] && grep -q 'error E209' <<<'$out'"
run plan "$work/o.yaml" --observed "$work/nosuch"
check "--observed of a directory that is not there is bad usage (got $rc)" [ "$rc" = 2 ]
run plan "$work/o.yaml" --observed "$work/saved" --live
check "--live with --observed is bad usage (got $rc)" [ "$rc" = 2 ]

echo "== ports the device does not have, and a sensor port that is no mirror's"
cp "$fixtures/iosxe.cfg" "$work/saved/sw.txt"
inventory "$work/p.yaml" GigabitEthernet3/0/99 1
run plan "$work/p.yaml" --observed "$work/saved"
check "a port the device does not have is an error (got $rc)" [ "$rc" = 1 ]
check "E210 names device and port" \
	grep -q 'error E210: sw:GigabitEthernet3/0/99 is not on the device' <<<"$out"
inventory "$work/q.yaml" GigabitEthernet0/0 1
run plan "$work/q.yaml" --observed "$work/saved"
check "a routed sensor port is an error (got $rc)" [ "$rc" = 1 ]
check "E211 quotes the line" \
	grep -q "error E211: sw:GigabitEthernet0/0 cannot be a mirror destination: it has an IP address ('ip address 192.0.2.11 255.255.255.0'" <<<"$out"
inventory "$work/r.yaml" GigabitEthernet4/0/48 1
if grep -q '^monitor session 1 destination interface Gi4/0/48$' "$work/saved/sw.txt"; then
	run plan "$work/r.yaml" --observed "$work/saved"
	check "a port another session sends to is an error (got $rc)" [ "$rc" = 1 ]
	check "E212 names the session" \
		grep -q 'error E212: sw:GigabitEthernet4/0/48 is already the destination of monitor session 1' <<<"$out"
else
	fail "the fixture's session 1 no longer sends to Gi4/0/48"
fi

echo "== a switch that cannot be reached"
stop_sim sw
inventory "$work/u.yaml" GigabitEthernet3/0/30 "$port_sw"
run plan "$work/u.yaml" --live "${kh[@]}" --timeout 2
check "an unreachable switch is an error for it (got $rc)" [ "$rc" = 1 ]
check "E209 says it is planned from in_use alone" \
	grep -q 'error E209: sw could not be read, so it is planned from in_use alone' <<<"$out"

echo "live: $checks checks passed, $failures failed"
[ "$failures" = 0 ]
