#!/usr/bin/env bash
# Validates every rendered NETCONF payload (devices/*/intended.xml and
# rollback.xml) under the given bundle directories with yanglint, against
# the vendor modules in reference/yang plus the trimmed modules in
# tests/data/yang.  NETCONF operation attributes are stripped first: the
# ietf-netconf module that defines them is not available to yanglint here,
# so their values are checked separately.
# Usage: validate.sh REFERENCE-YANG-DIR BUNDLE-DIR...   (exit 77: no yanglint)
set -u
ref=$1
shift
here=$(cd "$(dirname "$0")/.." && pwd)
stubs=$here/data/yang
if ! command -v yanglint >/dev/null; then
	echo "yang: SKIPPED: yanglint not installed (Debian package libyang2-tools)"
	exit 77
fi
if [ ! -d "$ref" ]; then
	echo "yang: SKIPPED: $ref not found"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for xml in $(find "$@" -path '*/devices/*' -name '*.xml' | sort); do
	if grep -o 'nc:operation="[a-z-]*"' "$xml" |
	    grep -qvE '"(merge|replace|create|delete|remove)"'; then
		echo "FAIL $xml: unknown nc:operation"
		fail=$((fail + 1))
		continue
	fi
	sed -e 's/ nc:operation="[a-z-]*"//g' \
	    -e 's| xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"||g' \
	    "$xml" >"$tmp/payload.xml"
	if grep -q 'Cisco-IOS-XE-native' "$tmp/payload.xml"; then
		dir=$ref/cisco/17.18.1
		mods=("$dir/Cisco-IOS-XE-native.yang" "$stubs/Cisco-IOS-XE-vlan.yang")
	elif grep -q 'junos-qfx/conf' "$tmp/payload.xml"; then
		dir=$ref/juniper/24.4R1
		mods=("$dir/junos-qfx-conf-forwarding-options@2024-01-01.yang"
		    "$stubs/junos-qfx-conf-vlans@2024-01-01.yang"
		    "$stubs/junos-qfx-conf-interfaces@2024-01-01.yang")
	else
		echo "FAIL $xml: no known YANG namespace"
		fail=$((fail + 1))
		continue
	fi
	if out=$(yanglint -D -p "$dir" -p "$stubs" -t edit "${mods[@]}" \
	    "$tmp/payload.xml" 2>&1); then
		pass=$((pass + 1))
	else
		echo "FAIL $xml:"
		echo "$out" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	# netconfd stands in for IOS XE with a trimmed monitor-session module;
	# every session payload the real model accepts must pass it too, or the
	# NETCONF push tests would prove less than they claim
	if grep -q 'Cisco-IOS-XE-native' "$tmp/payload.xml" &&
	    ! grep -q 'Cisco-IOS-XE-vlan' "$tmp/payload.xml"; then
		if out=$(yanglint -D -p "$stubs/netconfd" -t edit \
		    "$stubs/netconfd/Cisco-IOS-XE-native.yang" "$tmp/payload.xml" 2>&1); then
			pass=$((pass + 1))
		else
			echo "FAIL $xml against the trimmed netconfd module:"
			echo "$out" | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	fi
done
echo "yang: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
