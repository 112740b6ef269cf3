#!/usr/bin/env bash
# Push to N simulated IOS XE switches (tests/sim/devsim) with --jobs J, and
# to one switch, and print both times and the ratio against the ideal
# (N / J rounds of one device).  The same for `render --live`, which reads
# every switch before planning, and for `status` once the push is in.
# Target: within 1.3x of the ideal.
# Usage: bench/push.sh [BUILD-DIR] [N] [J]
set -eu
build=${1:-build}
n=${2:-100}
jobs=${3:-20}
spangen=$build/bin/spangen
devsim=$build/bin/devsim
[ -x "$spangen" ] && [ -x "$devsim" ] || { echo "build spangen and devsim first (cmake --build $build)" >&2; exit 2; }
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
ssh-keygen -q -t ed25519 -N '' -f "$work/id"
cp "$work/id.pub" "$work/authorized_keys"
ssh-keygen -q -t ed25519 -N '' -f "$work/host"
: >"$work/known_hosts"

start() { # start NAME: a switch that has the two ports the inventory names
	printf 'Building configuration...\n\nCurrent configuration : 120 bytes\n!\ninterface GigabitEthernet1/0/5\n!\ninterface GigabitEthernet1/0/48\n!\nend\n' \
		>"$work/$1.state"
	"$devsim" --dialect iosxe --hostname "$1" --host-key "$work/host" \
		--ready-file "$work/$1.ready" --state "$work/$1.state" \
		--authorized-keys "$work/authorized_keys" &
	pids+=($!)
}
for i in $(seq 1 "$n"); do start "sw$i"; done
start single
for name in single $(seq -f 'sw%g' 1 "$n"); do
	while [ ! -s "$work/$name.ready" ]; do sleep 0.05; done
	echo "[127.0.0.1]:$(cat "$work/$name.ready") $(cut -d' ' -f1,2 "$work/host.pub")" >>"$work/known_hosts"
done

inventory() { # inventory FILE NAME...
	local file=$1 name
	shift
	{
		printf 'spangen: 1\ndefaults: {username: netops, auth: key, key_file: %s, transport: ssh}\nswitches:\n' "$work/id"
		for name in "$@"; do
			printf '  - {name: %s, vendor: cisco-iosxe, mgmt: "127.0.0.1:%s", ports: [{name: GigabitEthernet1/0/5, mbps: 1000}, {name: GigabitEthernet1/0/48, mbps: 1000}]}\n' \
				"$name" "$(cat "$work/$name.ready")"
		done
		printf 'domain_controllers:\n'
		local i=0
		for name in "$@"; do
			i=$((i + 1))
			printf '  - {name: DC-%s, address: 10.1.%d.%d, ports: ["%s:GigabitEthernet1/0/5"], mbps: 100, ntp: [10.0.0.2]}\n' \
				"$name" $((i / 250)) $((i % 250 + 1)) "$name"
		done
		printf 'sensors:\n'
		for name in "$@"; do
			printf '  - {name: S-%s, port: "%s:GigabitEthernet1/0/48", monitors: [DC-%s], ntp: [10.0.0.2]}\n' "$name" "$name" "$name"
		done
	} >"$file"
}
inventory "$work/many.yaml" $(seq -f 'sw%g' 1 "$n")
inventory "$work/one.yaml" single
"$spangen" render "$work/many.yaml" -o "$work/many" >"$work/render.out" 2>&1 ||
	{ cat "$work/render.out" >&2; exit 1; }
"$spangen" render "$work/one.yaml" -o "$work/one" >"$work/render.out" 2>&1 ||
	{ cat "$work/render.out" >&2; exit 1; }

timed() { # timed DIR JOBS: seconds for one push
	local start end
	start=$(date +%s.%N)
	"$spangen" push "$1" --yes --jobs "$2" --known-hosts "$work/known_hosts" >"$work/push.out" 2>&1 ||
		{ cat "$work/push.out" >&2; exit 1; }
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
timed_live() { # timed_live INVENTORY JOBS: seconds for one render --live
	local start end
	rm -rf "$work/live"
	start=$(date +%s.%N)
	"$spangen" render "$1" --live --jobs "$2" --known-hosts "$work/known_hosts" \
		-o "$work/live" >"$work/render.out" 2>&1 || { cat "$work/render.out" >&2; exit 1; }
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
timed_status() { # timed_status DIR JOBS: seconds for one status, all in place
	local start end
	start=$(date +%s.%N)
	"$spangen" status "$1" --jobs "$2" --known-hosts "$work/known_hosts" >"$work/status.out" 2>&1 ||
		{ cat "$work/status.out" >&2; exit 1; }
	end=$(date +%s.%N)
	awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
live_one=$(timed_live "$work/one.yaml" 1)
live_many=$(timed_live "$work/many.yaml" "$jobs")
live_ideal=$(awk -v o="$live_one" -v n="$n" -v j="$jobs" 'BEGIN { print o * n / j }')
one=$(timed "$work/one" 1)
many=$(timed "$work/many" "$jobs")
ideal=$(awk -v o="$one" -v n="$n" -v j="$jobs" 'BEGIN { print o * n / j }')
printf 'push, 1 device:            %.2f s\n' "$one"
printf 'push, %d devices, --jobs %d: %.2f s\n' "$n" "$jobs" "$many"
printf 'ideal (%d rounds of one):    %.2f s\n' "$((n / jobs))" "$ideal"
printf 'ratio to ideal:            %.2fx (target: 1.3x or less)\n' "$(awk -v m="$many" -v i="$ideal" 'BEGIN { print m / i }')"
printf 'render --live, 1 device:            %.2f s\n' "$live_one"
printf 'render --live, %d devices, --jobs %d: %.2f s\n' "$n" "$jobs" "$live_many"
printf 'ideal (%d rounds of one):             %.2f s\n' "$((n / jobs))" "$live_ideal"
printf 'ratio to ideal:                     %.2fx (target: 1.3x or less)\n' \
	"$(awk -v m="$live_many" -v i="$live_ideal" 'BEGIN { print m / i }')"
status_one=$(timed_status "$work/one" 1)
status_many=$(timed_status "$work/many" "$jobs")
status_ideal=$(awk -v o="$status_one" -v n="$n" -v j="$jobs" 'BEGIN { print o * n / j }')
printf 'status, 1 device:            %.2f s\n' "$status_one"
printf 'status, %d devices, --jobs %d: %.2f s\n' "$n" "$jobs" "$status_many"
printf 'ideal (%d rounds of one):      %.2f s\n' "$((n / jobs))" "$status_ideal"
printf 'ratio to ideal:              %.2fx (target: 1.3x or less)\n' \
	"$(awk -v m="$status_many" -v i="$status_ideal" 'BEGIN { print m / i }')"
