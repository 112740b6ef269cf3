#!/bin/sh
# spangen 0.1.0: rollback of the port mirroring on dx0 (Open vSwitch).
# Sources: the Open vSwitch manual pages ovs-vswitchd.conf.db(5) (Mirror and
# Interface tables) and ovs-vsctl(8).
# Removes only what intended.sh adds, on bridge dx0, in reverse order:
# sessions, trunk additions, RSPAN VLANs; what the bridge held before the
# push (spangen_before, below) stays or is put back. A Mirror leaves Bridge.mirrors by its
# UUID (never `clear` or `set` of the column), tunnel ports go with
# --if-exists, so running this twice is harmless.
set -eu

# spangen_mirror BRIDGE NAME: prints the UUIDs of the Mirrors called NAME that
# BRIDGE holds (Mirror names are unique per bridge only, not per host).
spangen_mirror() {
	spangen_held=" $(ovs-vsctl --bare --columns=mirrors list Bridge "$1" | tr '\n' ' ') "
	for spangen_u in $(ovs-vsctl --bare --columns=_uuid find Mirror "name=$2"); do
		case "$spangen_held" in
		*" $spangen_u "*) printf '%s\n' "$spangen_u" ;;
		esac
	done
}

# What the bridge held before the push this rollback undoes: spangen
# rollback puts the lines state.sh printed then into spangen_before, so what
# was there before stays or comes back. Run by hand, nothing is known and
# every change of the push is taken back.
spangen_had() { # spangen_had FACT: state.sh printed FACT before the push
	case "
${spangen_before-}
" in
	*"
$1
"*) return 0 ;;
	esac
	return 1
}

# spangen_restore NAME: puts the Mirror NAME back as state.sh printed it
# before the push (an earlier bundle's mirror this push replaced).
spangen_restore() {
	spangen_line=$(printf '%s\n' "${spangen_before-}" | grep "^mirror $1 ") || return 0
	spangen_args=''
	spangen_cols=''
	spangen_i=0
	for spangen_f in $spangen_line; do
		spangen_v=${spangen_f#*=}
		case "$spangen_f" in
		select-all=*) spangen_cols="$spangen_cols select_all=$spangen_v" ;;
		select-src-port=*|select-dst-port=*|output-port=*)
			spangen_ids=''
			for spangen_p in $(printf '%s' "$spangen_v" | tr , ' '); do
				spangen_i=$((spangen_i + 1))
				spangen_args="$spangen_args -- --id=@p$spangen_i get Port $spangen_p"
				spangen_ids="$spangen_ids${spangen_ids:+,}@p$spangen_i"
			done
			[ -z "$spangen_ids" ] ||
				spangen_cols="$spangen_cols $(printf '%s' "${spangen_f%%=*}" | tr - _)=$spangen_ids" ;;
		select-vlan=?*) spangen_cols="$spangen_cols select_vlan=$spangen_v" ;;
		output-vlan=?*) spangen_cols="$spangen_cols output_vlan=$spangen_v" ;;
		esac
	done
	# the names come from this bridge's own database and the words are
	# split on purpose: Port names hold no blanks
	# shellcheck disable=SC2086
	ovs-vsctl $spangen_args -- --id=@m create Mirror name="$1" $spangen_cols \
		-- add Bridge 'dx0' mirrors @m >/dev/null
}

# spangen_restore_tunnel PORT: puts the ERSPAN tunnel port PORT back as
# state.sh printed it before the push, with the options spangen gives one.
spangen_restore_tunnel() {
	spangen_line=$(printf '%s\n' "${spangen_before-}" | grep "^tunnel $1 type=erspan ") || return 0
	spangen_ip=$(printf '%s\n' "$spangen_line" | sed 's/.* remote_ip=\([^ ]*\).*/\1/')
	spangen_key=$(printf '%s\n' "$spangen_line" | sed 's/.* key=\([^ ]*\).*/\1/')
	ovs-vsctl add-port 'dx0' "$1" -- set Interface "$1" type=erspan \
		options:remote_ip="$spangen_ip" options:key="$spangen_key" options:erspan_ver=1 \
		options:erspan_idx="$(printf '%x' "$spangen_key")"
}

# OVS mirrors a packet when its datapath flow is translated. In the test lab
# (OVS 3.1, userspace datapath) flows that already existed kept mirroring
# after their Mirror was removed, until they expired, so the datapath flows
# are flushed when this script ends, also after an error.
trap 'ovs-appctl revalidator/purge || echo "spangen: ovs-appctl revalidator/purge failed: flows older than this change keep their old mirroring until they expire" >&2' EXIT

# session 1 (erspan-destination): spangen: DC3 to S3
ovs-ofctl del-flows 'dx0' 'cookie=0x5350471/-1'
ovs-vsctl --if-exists del-port 'dx0' 'spg-ers1'
