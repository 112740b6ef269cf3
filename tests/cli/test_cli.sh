#!/usr/bin/env bash
# Command-line behaviour: exit statuses, help and version, validate and
# vendors on the bundled data.  Usage: test_cli.sh PATH-TO-SPANGEN
set -u
bin=$1
src=${SG_SOURCE_DIR:?run through ctest}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() {	# check NAME EXPECTED-STATUS CMD...
	local name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name: exit $got, expected $want"
		sed 's/^/    /' "$tmp/out" "$tmp/err"
	fi
}

contains() {	# contains NAME FILE TEXT (FILE relative to the scratch directory)
	if grep -qF -- "$3" "$tmp/$2"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1: $2 lacks '$3'"
		sed 's/^/    /' "$tmp/$2"
	fi
}

check version 0 "$bin" --version
contains version out "spangen 0.1.0"
check help 0 "$bin" --help
contains help out "validate"
contains help out "vendors"
check no-args 2 "$bin"
check unknown-command 2 "$bin" frobnicate
contains unknown-command err "unknown command 'frobnicate'"
check validate-help 0 "$bin" validate --help
contains validate-help out "usage: spangen validate INVENTORY"
check vendors-help 0 "$bin" vendors -h
check validate-no-file 2 "$bin" validate
check validate-bad-option 2 "$bin" validate --frob x.yaml
check validate-two-files 2 "$bin" validate a.yaml b.yaml
# endless input stops at the size cap instead of reading for ever
check validate-endless 1 timeout 60 "$bin" validate /dev/zero
contains validate-endless err "/dev/zero: larger than 67108864 bytes"
check validate-endless-pipe 1 timeout 60 sh -c "yes 'a: b' | '$bin' validate /dev/stdin"
check validate-missing 1 "$bin" validate "$tmp/none.yaml"
contains validate-missing err "none.yaml: No such file or directory"
# raw control characters are found in one linear pass, and a file of them
# is refused at the first one over the limit, not after minutes
python3 -c 'import sys; sys.stdout.buffer.write(b"name: \"" + b"\x01" * 5000000 + b"\"\n")' >"$tmp/ctrl.yaml"
check validate-many-controls 1 timeout 20 "$bin" validate "$tmp/ctrl.yaml"
contains validate-many-controls err "ctrl.yaml:1:1008: error E112: more than 1000 control characters in the file"
python3 -c 'import sys; sys.stdout.buffer.write(b"spangen: 1\nname: x\nswitches:\n  - {name: \"" + b"\x01" * 999 + b"\", vendor: cisco-iosxe}\n")' >"$tmp/ctrl.yaml"
check validate-controls-in-a-value 1 timeout 20 "$bin" validate "$tmp/ctrl.yaml"
contains validate-controls-in-a-value err "ctrl.yaml:4:12: error E112: 'name' in switch #1 contains a control character"
rm -f "$tmp/ctrl.yaml"
# a list longer than any inventory needs is refused where it starts,
# before its entries cost memory; one entry fewer is only a schema matter
python3 -c 'import sys; sys.stdout.write("name: x\nswitches: [" + "1," * 100000 + "1]\n")' >"$tmp/long.yaml"
check validate-long-list 1 "$bin" validate "$tmp/long.yaml"
contains validate-long-list err "long.yaml:2:11: error E101: a list of more than 100000 entries"
python3 -c 'import sys; sys.stdout.write("name: x\nswitches: [" + "1," * 99999 + "1]\n")' >"$tmp/long.yaml"
check validate-long-list-at-limit 1 "$bin" validate "$tmp/long.yaml"
check validate-long-list-at-limit-loads 1 grep -q "E101" "$tmp/err"
rm -f "$tmp/long.yaml"
for f in "$src"/inventories/*.yaml; do
	check "validate-$(basename "$f")" 0 "$bin" validate "$f"
	contains "validate-$(basename "$f")" out ": valid: "
done
printf 'spangen: 1\nswitches:\n  - {name: a, vendor: nope}\n' >"$tmp/bad.yaml"
check validate-bad 1 "$bin" validate "$tmp/bad.yaml"
contains validate-bad err "bad.yaml:3:23: error E106: 'vendor' in switch 'a' is 'nope', which no descriptor in vendors/ defines"
contains validate-bad err "    hint: known: arista-eos, aruba-aoscx"
contains validate-bad err "bad.yaml: 1 error"
check vendors 0 "$bin" vendors
contains vendors out "cisco-iosxe    switch"
contains vendors out "ovs            vswitch"
# transports in the descriptor's order: the first is the default
contains vendors-transport-order out "netconf,ssh            confirmed-commit"
check vendors-extra-arg 2 "$bin" vendors extra
# a broken descriptor is reported and exits 1, the rest still listed
mkdir -p "$tmp/data/vendors"
cp "$src"/vendors/*.yaml "$tmp/data/vendors/"
printf 'spangen_vendor: 1\nname: broken\n' >"$tmp/data/vendors/broken.yaml"
check vendors-broken 1 env SPANGEN_DATADIR="$tmp/data" "$bin" vendors
contains vendors-broken out "cisco-iosxe"
contains vendors-broken err "broken.yaml:1:1: error E104: vendor 'broken' has no 'title'"
check validate-no-datadir 1 env SPANGEN_DATADIR="$tmp/nowhere" "$bin" validate "$src/inventories/campus.yaml"
contains validate-no-datadir err "cannot read the vendor directory"

# plan: text and JSON, exit 1 when a DC has an error
check plan-help 0 "$bin" plan --help
contains plan-help out "usage: spangen plan INVENTORY [--json]"
check plan-no-file 2 "$bin" plan
check plan-campus 0 "$bin" plan "$src/inventories/campus.yaml"
contains plan-campus out "DC03  S3      rspan  acc1,dist1,acc2  vlan 901"
contains plan-campus out "DC03: not span: DC and sensor are on different switches"
check plan-json 0 "$bin" plan --json "$src/inventories/branch-wan.yaml"
if cmp -s "$tmp/out" "$src/tests/golden/plan/branch-wan.json"; then
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL plan-json: output differs from tests/golden/plan/branch-wan.json"
fi
cat >"$tmp/nopath.yaml" <<'YAML'
spangen: 1
switches:
  - {name: a, vendor: cisco-iosxe}
  - {name: b, vendor: cisco-iosxe}
domain_controllers:
  - {name: DC01, address: 10.0.0.1, ports: ["a:GigabitEthernet1/0/1"]}
  - {name: DC02, address: 10.0.0.2, mbps: 10, ports: ["b:GigabitEthernet1/0/1"]}
sensors:
  - {name: S1, port: "b:GigabitEthernet1/0/48"}
YAML
check plan-error 1 "$bin" plan "$tmp/nopath.yaml"
contains plan-error out "DC01  S1      none"
contains plan-error out "DC02  S1      span"
# the plan on stdout, its diagnostics on stderr (as validate and render),
# and no note after an error to bury it
contains plan-error err "error E201: DC01: no valid path to sensor S1"
contains plan-error err "1 error, 1 warning, 0 info"
check plan-error-diags-not-on-stdout 1 grep -q "E201" "$tmp/out"
check plan-error-no-note 1 grep -q "I401" "$tmp/err"
check plan-campus-note 0 "$bin" plan "$src/inventories/campus.yaml"
contains plan-campus-note err "info I401: "
# validate runs the planner's checks, with the DC's position
check validate-plan-error 1 "$bin" validate "$tmp/nopath.yaml"
contains validate-plan-error err "nopath.yaml:6:5: error E201: DC01: no valid path to sensor S1"
contains validate-plan-error err "nopath.yaml: 1 error"
check plan-bad-inventory 1 "$bin" plan "$tmp/bad.yaml"
contains plan-bad-inventory err "error E106"

# render: the bundle, its MANIFEST, re-render, refusals
check render-help 0 "$bin" render --help
contains render-help out "usage: spangen render INVENTORY [-o DIR]"
check render-campus 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
contains render-campus out "wrote $tmp/b1/: 3 devices, 18 files; review $tmp/b1/plan.md"
# push and rollback usage: a device the bundle does not have is bad usage,
# found before any device is contacted; rollback has no --dry-run
check push-unknown-device 2 "$bin" push "$tmp/b1" --dry-run --device nosuch
contains push-unknown-device err "--device nosuch: not a device of the bundle"
check rollback-help 0 "$bin" rollback --help
check rollback-help-has-no-dry-run 1 grep -q -- --dry-run "$tmp/out"
check rollback-dry-run 2 "$bin" rollback "$tmp/b1" --dry-run
check render-manifest 0 sh -c "cd '$tmp/b1' && sha256sum -c --strict MANIFEST"
check render-again 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b2"
check render-identical 0 diff -r "$tmp/b1" "$tmp/b2"
check render-replace 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
mkdir -p "$tmp/mine" && echo keep >"$tmp/mine/notes.txt"
check render-not-a-bundle 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/mine"
contains render-not-a-bundle err "is not a spangen bundle (no MANIFEST) and not empty; refusing to replace it"
contains render-not-a-bundle-kept mine/notes.txt "keep"
# output directories that cannot be replaced say why
check render-empty-output 2 "$bin" render "$src/inventories/campus.yaml" -o ""
contains render-empty-output err "-o needs a directory name"
mkdir -p "$tmp/real" && ln -s "$tmp/real" "$tmp/link" && ln -s "$tmp/nowhere" "$tmp/dangling"
check render-symlink 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/link"
contains render-symlink err "$tmp/link is a symbolic link; the bundle replaces its directory"
check render-dangling 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/dangling"
contains render-dangling err "$tmp/dangling is a symbolic link to nothing"
check render-dot 1 sh -c "cd '$tmp/b1' && '$bin' render '$src/inventories/campus.yaml' -o ."
contains render-dot err "'.' cannot be replaced; give the directory's own name with -o"
check render-dot-kept 0 test -f "$tmp/b1/MANIFEST"
# a directory of someone's files with a sha256sum MANIFEST is no bundle
mkdir -p "$tmp/docs" && echo "quarterly figures" >"$tmp/docs/important.doc"
(cd "$tmp/docs" && sha256sum important.doc >MANIFEST)
check render-sha256sum-dir 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/docs"
contains render-sha256sum-dir err "has a MANIFEST but is not a spangen bundle"
contains render-sha256sum-dir-kept docs/important.doc "quarterly figures"
# a bundle file edited by hand is the user's work: named, not replaced
cp -r "$tmp/b1" "$tmp/b6"
echo "! reviewed by netops" >>"$tmp/b6/devices/acc1/intended.cfg"
check render-edited 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b6"
contains render-edited err "$tmp/b6/devices/acc1/intended.cfg was changed since it was rendered"
contains render-edited-kept b6/devices/acc1/intended.cfg "! reviewed by netops"
# a MANIFEST line that points outside the bundle is named whole
cp -r "$tmp/b1" "$tmp/b5"
echo "0000000000000000000000000000000000000000000000000000000000000000  ../../../../etc/passwd" >>"$tmp/b5/MANIFEST"
check push-manifest-escape 1 "$bin" push "$tmp/b5" --dry-run
contains push-manifest-escape err "MANIFEST lists '../../../../etc/passwd', which is not a path inside the bundle"
check render-errors 1 "$bin" render "$tmp/nopath.yaml" -o "$tmp/b3"
contains render-errors err "the plan has 1 error; nothing rendered"
if [ -e "$tmp/b3" ]; then
	fail=$((fail + 1))
	echo "FAIL render-errors: $tmp/b3 was created"
else
	pass=$((pass + 1))
fi
check render-allow-errors 0 "$bin" render "$tmp/nopath.yaml" -o "$tmp/b3" --allow-errors
contains render-allow-errors out "wrote $tmp/b3/: 1 device"
# a render stopped while it writes removes its temporary directory and
# leaves the old bundle whole (SIGTERM: a background job ignores SIGINT)
# (under the sanitizers planning alone takes seconds: wait for the write)
python3 "$src/bench/gen_inventory.py" --switches 10000 >"$tmp/big.yaml"
check render-big 0 "$bin" render "$tmp/big.yaml" -o "$tmp/big"
"$bin" render "$tmp/big.yaml" -o "$tmp/big" >"$tmp/out" 2>"$tmp/err" &
render_pid=$!
writing=1
for _ in $(seq 1 30000); do
	compgen -G "$tmp/big.tmp-*" >/dev/null && { writing=0; break; }
	sleep 0.01
done
kill -TERM "$render_pid"
wait "$render_pid"
render_status=$?
contains render-stopped err "stopped by signal 15 while writing the bundle; nothing was replaced"
check render-stopped-while-writing 0 test "$writing" -eq 0
check render-stopped-status 0 test "$render_status" -eq 143
check render-stopped-cleaned 1 compgen -G "$tmp/big.tmp-*"
check render-stopped-old-whole 0 sh -c "cd '$tmp/big' && sha256sum -c --strict --quiet MANIFEST"
rm -rf "$tmp/big" "$tmp/big.yaml"
# leftovers of a killed render are cleaned up by the next one, and named
mkdir -p "$tmp/b1.tmp-Ab12Cd/devices" "$tmp/b1.old-Zz9Yy8"
check render-sweep 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
contains render-sweep err "removed $tmp/b1.old-Zz9Yy8, left by an earlier render"
contains render-sweep err "removed $tmp/b1.tmp-Ab12Cd, left by an earlier render"
check render-sweep-gone 1 compgen -G "$tmp/b1.*-*"
# a dry run's log does not block rendering again, and moves along
mkdir -p "$tmp/b1/push-20261201T000000Z/acc1"
printf 'command: push\noutcome: changes\nbundle: x\ndevice acc1 unchanged\n' >"$tmp/b1/push-20261201T000000Z/summary.txt"
check render-over-dry-run 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
check render-over-dry-run-log-kept 0 test -f "$tmp/b1/push-20261201T000000Z/summary.txt"
printf 'command: push\noutcome: ok\nbundle: x\ndevice acc1 changed\n' >"$tmp/b1/push-20261201T000000Z/summary.txt"
check render-over-push 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
contains render-over-push err "this bundle was pushed (push-20261201T000000Z changed acc1) and not rolled back"
rm -rf "$tmp/b1/push-20261201T000000Z"
# a bundle a push holds is neither pushed again nor replaced meanwhile
flock -o "$tmp/b1" sleep 30 >/dev/null 2>&1 &
lock_pid=$!
for _ in $(seq 1 100); do flock -n "$tmp/b1" true || break; sleep 0.05; done
check push-while-locked 1 "$bin" push "$tmp/b1" --dry-run
contains push-while-locked err "$tmp/b1 is in use by another push, rollback, render or status"
check render-while-locked 1 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
contains render-while-locked err "$tmp/b1 is in use by a push or rollback"
kill "$lock_pid"
wait "$lock_pid" 2>/dev/null
check push-after-lock-no-log 1 compgen -G "$tmp/b1/push-*"
# status of a bundle no push changed, and one whose targets.json was
# rewritten with a key that is not text (MANIFEST rewritten to match)
check status-unpushed 2 "$bin" status "$tmp/b1"
contains status-unpushed err "no push that changed a device is recorded in this bundle; push it first"
cp -r "$tmp/b1" "$tmp/b1-odd"
sed -i '0,/"devices"/s//[1]: 2, "devices"/' "$tmp/b1-odd/targets.json"
(cd "$tmp/b1-odd" && sed -i "s/^[0-9a-f]*  targets.json\$/$(sha256sum targets.json | cut -d' ' -f1)  targets.json/" MANIFEST)
check push-odd-targets 1 "$bin" push "$tmp/b1-odd" --dry-run --timeout 1
check render-after-lock 0 "$bin" render "$src/inventories/campus.yaml" -o "$tmp/b1"
# an old bundle that cannot be removed is named, not left silently; this
# needs a user root is not, so it runs where nobody can reach the build
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" --version >/dev/null 2>&1; then
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	chmod 711 "$tmp"
	mkdir "$tmp/nb" && chown nobody:nogroup "$tmp/nb"
	check render-nobody 0 as_nobody "$bin" render "$src/inventories/campus.yaml" -o "$tmp/nb/b"
	chmod 555 "$tmp/nb/b/devices/acc1"
	check render-old-kept 0 as_nobody "$bin" render "$src/inventories/campus.yaml" -o "$tmp/nb/b"
	contains render-old-kept err "could not remove the old bundle, now at $tmp/nb/b.tmp-"
	chmod 755 "$tmp"/nb/b.tmp-*/devices/acc1
	check render-old-swept 0 as_nobody "$bin" render "$src/inventories/campus.yaml" -o "$tmp/nb/b"
	contains render-old-swept err "removed $tmp/nb/b.tmp-"
	check render-old-swept-gone 1 compgen -G "$tmp/nb/b.tmp-*"
	chmod 700 "$tmp"
else
	echo "SKIP render-old-kept: needs root, setpriv, and a build the user nobody can run"
fi
check render-dump 0 "$bin" render --dump-context acc1 "$src/inventories/campus.yaml"
contains render-dump out '"rspan_source": true'
contains render-dump out '"destination_vlan": "901"'
check render-dump-unknown 1 "$bin" render --dump-context nope "$src/inventories/campus.yaml"
contains render-dump-unknown err "no device 'nope'"

# verify: capture files made here, and a live capture between two
# network namespaces this test creates (as root only)
python3 - "$tmp" <<'PY'
import struct, sys
def frame(src, dst, sport, dport):
    ip = bytes([0x45, 0, 0, 40, 0, 0, 0, 0, 64, 6, 0, 0]) + bytes(src) + bytes(dst)
    tcp = struct.pack(">HH", sport, dport) + bytes(8) + bytes([0x50, 0]) + bytes(6)
    return bytes([2,0,0,0,0,1, 2,0,0,0,0,2]) + b"\x08\x00" + ip + tcp
def pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", i + 1, 0, len(fr), len(fr)) + fr)
dc, cl = [10, 0, 0, 10], [10, 0, 0, 20]
pcap(sys.argv[1] + "/both.pcap", [frame(cl, dc, 50000, 88), frame(dc, cl, 88, 50000)])
pcap(sys.argv[1] + "/one.pcap", [frame(cl, dc, 50000, 389)])
PY
check verify-help 0 "$bin" verify --help
check verify-both 0 "$bin" verify --pcap "$tmp/both.pcap" --dc 10.0.0.10
contains verify-both out "DC 10.0.0.10: PASS"
contains verify-both out "protocols: Kerberos"
check verify-one 1 "$bin" verify --pcap "$tmp/one.pcap" --dc 10.0.0.10,10.0.0.99
contains verify-one out "traffic to it only: the mirror misses what it sends"
contains verify-one out "DC 10.0.0.99: FAIL"
check verify-json 1 "$bin" verify --pcap "$tmp/one.pcap" --dc 10.0.0.10 --json
contains verify-json out '"passed": false'
check verify-no-source 2 "$bin" verify --dc 10.0.0.10
check verify-no-dc 2 "$bin" verify --pcap "$tmp/both.pcap"
check verify-bad-dc 2 "$bin" verify --pcap "$tmp/both.pcap" --dc 10.0.0.300
check verify-bad-seconds 2 "$bin" verify --iface lo --dc 10.0.0.1 --seconds 0
check verify-bad-duration 2 "$bin" verify --iface lo --dc 10.0.0.1 --duration 86401
check verify-bad-min 2 "$bin" verify --pcap "$tmp/both.pcap" --dc 10.0.0.10 --min-packets 0
check verify-min-packets 1 "$bin" verify --pcap "$tmp/both.pcap" --dc 10.0.0.10 --min-packets 1000
contains verify-min-packets out "fewer frames than the 1000 each way asked for"
check verify-metrics 0 "$bin" verify --pcap "$tmp/both.pcap" --dc 10.0.0.10 --metrics "$tmp/verify.prom"
check verify-metrics-file 0 grep -q '^spangen_verify_passed{capture=".*both.pcap",dc="10.0.0.10"} 1$' "$tmp/verify.prom"
check verify-metrics-no-tmp 0 bash -c "! ls '$tmp' | grep -q 'verify.prom.tmp'"
check verify-metrics-no-dir 2 "$bin" verify --iface lo --dc 10.0.0.10 --duration 60 --metrics "$tmp/nowhere/v.prom"
contains verify-metrics-no-dir err "the directory $tmp/nowhere does not exist"
check verify-missing-file 1 "$bin" verify --pcap "$tmp/none.pcap" --dc 10.0.0.10
head -c 60 "$tmp/both.pcap" >"$tmp/cut.pcap"
check verify-cut-file 1 "$bin" verify --pcap "$tmp/cut.pcap" --dc 10.0.0.10
contains verify-cut-file err "truncated"
check verify-no-iface 1 "$bin" verify --iface sg-no-such0 --dc 10.0.0.10 --seconds 1
contains verify-no-iface err "sg-no-such0: no such interface"
ns=spg-v$$
if [ "$(id -u)" -eq 0 ] && ip netns add "$ns-a" 2>/dev/null; then
	ip netns add "$ns-b"
	ip -n "$ns-a" link add veth0 type veth peer name veth1 netns "$ns-b"
	ip -n "$ns-a" addr add 192.0.2.1/24 dev veth0
	ip -n "$ns-b" addr add 192.0.2.2/24 dev veth1
	ip -n "$ns-a" link set veth0 up
	ip -n "$ns-b" link set veth1 up
	ip netns exec "$ns-b" "$bin" verify --iface veth1 --dc 192.0.2.1 \
	    --seconds 4 >"$tmp/live.out" 2>&1 &
	vpid=$!
	sleep 1	# the capture is open before the first packet
	ip netns exec "$ns-a" ping -q -c 3 -i 0.3 192.0.2.2 >/dev/null 2>&1
	wait "$vpid"
	live=$?
	ip netns del "$ns-a"
	ip netns del "$ns-b"
	if [ "$live" -eq 0 ] && grep -q "DC 192.0.2.1: PASS" "$tmp/live.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL verify-live: exit $live"
		sed 's/^/    /' "$tmp/live.out"
	fi
fi

# an installed spangen finds its vendors and templates beside itself (not
# when bin is a wrapper such as tests/valgrind/spangen.sh: no build tree)
build=$(cd "$(dirname "$bin")/.." && pwd)
if [ -f "$build/cmake_install.cmake" ]; then
	check install 0 cmake --install "$build" --prefix "$tmp/prefix"
	check installed-render 0 env -u SPANGEN_DATADIR "$tmp/prefix/bin/spangen" render "$src/inventories/campus.yaml" -o "$tmp/b4"
	check installed-same 0 diff -r "$tmp/b1" "$tmp/b4"
	check installed-man 0 test -s "$tmp/prefix/share/man/man1/spangen.1"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
