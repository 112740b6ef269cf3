# The three-switch IOS XE RSPAN case the push and status tests share: its
# inventory, its simulators' starting configurations and state checks, and
# spangen run on its bundle.  The sourcing script sets spangen, devsim and
# work and sources sim_lib.sh first.
# A three-switch RSPAN path: DC01 on acc1, through dist1, to the sensor on acc2.
write_rspan_inventory() {
	cat >"$work/rspan.yaml" <<EOF
spangen: 1
name: push-test
defaults:
  username: netops
  auth: key
  key_file: $work/id_ed25519
  transport: ssh
pools:
  rspan_vlans: ["901-909"]
switches:
  - name: acc1
    vendor: cisco-iosxe
    mgmt: "127.0.0.1:$port_acc1"
    ports:
      - {name: GigabitEthernet1/0/5, mbps: 1000}
      - {name: TenGigabitEthernet1/1/1, mbps: 10000}
  - name: dist1
    vendor: cisco-iosxe
    mgmt: "127.0.0.1:$port_dist1"
    auth: password
    password_env: SPANGEN_TEST_PASSWORD
    ports:
      - {name: TenGigabitEthernet1/0/1, mbps: 10000}
      - {name: TenGigabitEthernet1/0/2, mbps: 10000}
  - name: acc2
    vendor: cisco-iosxe
    mgmt: "127.0.0.1:$port_acc2"
    ports:
      - {name: GigabitEthernet1/0/48, mbps: 1000}
      - {name: TenGigabitEthernet1/1/1, mbps: 10000}
links:
  - {kind: trunk, a: "acc1:TenGigabitEthernet1/1/1", b: "dist1:TenGigabitEthernet1/0/1", allowed_vlans: ["1-899"]}
  - {kind: trunk, a: "acc2:TenGigabitEthernet1/1/1", b: "dist1:TenGigabitEthernet1/0/2", allowed_vlans: ["1-899"]}
domain_controllers:
  - {name: DC01, address: 10.1.20.11, ports: ["acc1:GigabitEthernet1/0/5"], mbps: 200, ntp: [10.1.0.1]}
sensors:
  - {name: S1, port: "acc2:GigabitEthernet1/0/48", monitors: [DC01], ntp: [10.1.0.1]}
EOF
}

trunk_running() { # trunk_running IFACE...
	local i
	for i in "$@"; do
		printf 'interface %s\n switchport mode trunk\n switchport trunk allowed vlan 1-899\n' "$i"
	done
	printf 'interface GigabitEthernet1/0/1\n description uplink-to-nowhere\n'
}

reset_rspan() {
	trunk_running TenGigabitEthernet1/1/1 >"$work/acc1.initial"
	trunk_running TenGigabitEthernet1/0/1 TenGigabitEthernet1/0/2 >"$work/dist1.initial"
	trunk_running TenGigabitEthernet1/1/1 >"$work/acc2.initial"
}

# states_are initial|intended: every RSPAN simulator's state file
states_initial() {
	local n
	for n in acc1 dist1 acc2; do
		cmp -s "$work/$n.state" "$work/$n.initial" || { echo "  $n differs from before:"; sed 's/^/    /' "$work/$n.state"; return 1; }
	done
}

states_intended() {
	grep -q '^monitor session 1 source interface GigabitEthernet1/0/5 both' "$work/acc1.state" &&
		grep -q '^monitor session 1 destination remote vlan 901' "$work/acc1.state" &&
		grep -q '^ switchport trunk allowed vlan 1-899,901' "$work/acc1.state" &&
		grep -q '^vlan 901' "$work/dist1.state" &&
		[ "$(grep -c 'switchport trunk allowed vlan 1-899,901' "$work/dist1.state")" = 2 ] &&
		grep -q '^monitor session 1 source remote vlan 901' "$work/acc2.state" &&
		grep -q '^monitor session 1 destination interface GigabitEthernet1/0/48' "$work/acc2.state"
}

push() { # push ARGS...: runs spangen push on the bundle; sets rc and out
	out=$("$spangen" push "$work/out" --known-hosts "$work/known_hosts" --timeout 10 --confirm-timeout 60 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

rollback() {
	out=$("$spangen" rollback "$work/out" --known-hosts "$work/known_hosts" --timeout 10 "$@" 2>&1)
	rc=$?
	echo "$out" >>"$work/all-output.txt"
}

render() { # render INVENTORY
	"$spangen" render "$1" -o "$work/out" >>"$work/all-output.txt" 2>&1 ||
		fail "render $1"
}

start_rspan() {
	reset_rspan
	start_sim acc1 iosxe "$@"
	start_sim dist1 iosxe
	start_sim acc2 iosxe
	write_rspan_inventory
	rm -rf "$work/out"
	render "$work/rspan.yaml"
}

stop_rspan() { stop_sim acc1; stop_sim dist1; stop_sim acc2; }
