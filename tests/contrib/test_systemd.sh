#!/usr/bin/env bash
# The systemd units in contrib/systemd/ as systemd reads them: each must
# pass `systemd-analyze verify` without a word of complaint (an unknown key
# is only a warning there, and a warning is a defect here), with spangen
# at the path ExecStart names replaced by the built binary.  Every spangen
# command line in them must also be one spangen accepts.
# Usage: test_systemd.sh SPANGEN CONTRIB-DIR
set -u
spangen=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
units=$2
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze not installed: skipped"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
cp "$units"/*.service "$units"/*.timer "$work/"
sed -i "s#/usr/local/bin/spangen#$spangen#" "$work"/*.service
out=$(systemd-analyze verify --man=no "$work"/*.timer "$work"/*.service 2>&1)
rc=$?
if [ "$rc" != 0 ] || [ -n "$out" ]; then
	echo "FAIL: systemd-analyze verify (exit $rc):"
	echo "$out"
	failures=$((failures + 1))
fi
# each timer starts the service of its name
for t in "$work"/*.timer; do
	[ -f "${t%.timer}.service" ] || { echo "FAIL: $(basename "$t") has no service"; failures=$((failures + 1)); }
done
# the options of each ExecStart, joined across backslash lines, with
# spangen's parser: --help after them exits 0 only if each is known
export SPANGEN_CAPTURE_IFACE=lo SPANGEN_DCS=192.0.2.1
while read -r line; do
	eval "set -- ${line#ExecStart=}"
	shift
	cmd=$1
	shift
	if ! "$spangen" "$cmd" "$@" --help >/dev/null 2>"$work/err"; then
		echo "FAIL: spangen refuses the options of: $line"
		cat "$work/err"
		failures=$((failures + 1))
	fi
done < <(sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' "$work"/*.service | grep '^ExecStart=')
echo "systemd units: $failures failed"
[ "$failures" = 0 ]
