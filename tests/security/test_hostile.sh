#!/usr/bin/env bash
# Hostile inventory values.  A small valid inventory per vendor is written
# with one field replaced by a hostile value (a newline, a shell
# metacharacter, a NUL, an ANSI escape, a look-alike character, ...), one
# field and one value at a time.  For each case:
#   - spangen validate exits 1 with FILE:LINE:COL: error E1xx pointing at
#     the field that holds the value;
#   - spangen render exits non-zero and leaves nothing behind;
#   - or, where docs/inventory.md allows the value (username and key_file
#     only refuse control characters), render succeeds and the raw bytes of
#     the value appear in no file under the bundle's devices/;
#   - in every case the exit status is 0 or 1 (no crash), no raw control
#     byte, C1 control, bidirectional override or isolate, or line or
#     paragraph separator reaches the terminal through a diagnostic (they
#     are shown as \xNN or \u{XXXX}), and every line
#     validate prints is a diagnostic, a hint or the summary (a value
#     cannot forge a line).
# A control run with valid values must validate, render, and show its
# values in the rendered configurations, so the scan can find what it
# looks for.  Prints a table of value x field -> outcome.
# Usage: test_hostile.sh SPANGEN
set -u
spangen=$1
work=$(mktemp -d)
mkdir "$work/cases"
trap 'rm -rf "$work"' EXIT
failures=0
checks=0
cases=0
known_seen=0

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }

# bash's printf writes \uXXXX as UTF-8 only in a UTF-8 locale
utf8=$(locale -a 2>/dev/null | grep -i -m1 -E '^(C|en_US)\.utf-?8$')
if [ -z "$utf8" ]; then
	echo "SKIP: no UTF-8 locale to write the look-alike characters"
	exit 77
fi
export LC_ALL=$utf8
# bash 5.2 would put the pattern back for '&' in ${v//p/r}
shopt -u patsub_replacement 2>/dev/null

# ---- the values -----------------------------------------------------------
# Each value is written as it goes between the double quotes of a YAML
# scalar (so "\0" is a NUL, "\e" an escape).  The case's value is the
# field's valid value with the payload appended, except where noted.
value_ids=(nl cr semi pipe amp subst btick nul ansi tab long cyr fwsemi ls rlo dash dq sq gt qm)
declare -A payload=(
	[nl]='\nreload'
	[cr]='\rreload'
	[semi]=';reload'
	[pipe]='|reload'
	[amp]='&reload'
	[subst]='$(reload)'
	[btick]='`reload`'
	[nul]='\0reload'
	[ansi]='\e[31mred'
	[tab]='\treload'
	[long]=''			# filled below: 300 characters
	[cyr]='\u0430'			# Cyrillic a, looks like Latin a
	[fwsemi]='\uFF1Breload'		# fullwidth semicolon
	[ls]='\u2028reload'		# line separator
	[rlo]='\u202Edaolner'		# right-to-left override
	[dash]=''			# the value with a leading '-'
	[dq]='\"reload'
	[sq]="'reload"
	[gt]='>reload'
	[qm]='?reload'
)
payload[long]=$(printf 'x%.0s' $(seq 300))
# values with a control character: refused in every field (inventory.md,
# "Values that reach a device": no text value anywhere may hold one)
declare -A control_value=([nl]=1 [cr]=1 [nul]=1 [ansi]=1 [tab]=1)

# ---- the fields -----------------------------------------------------------
field_ids=(inv sw swport dcport snport dc sn mgmt swaddr user key pwenv rundir dcaddr ntp allowed inuse pool)
declare -A field_label=(
	[inv]=inv.name [sw]=sw.name [swport]=sw.port [dcport]=dc.port
	[snport]=sn.port [dc]=dc.name [sn]=sn.name [mgmt]=mgmt
	[swaddr]=sw.addr [user]=username [key]=key_file [pwenv]=pw_env
	[rundir]=rundir [dcaddr]=dc.addr [ntp]=ntp [allowed]=allowed
	[inuse]=in_use [pool]=pool
)
# fields docs/inventory.md lets hold any text without a control character
declare -A free_text=([user]=1 [key]=1)
# and single values a field may take: a 310-character password_env is
# still an environment variable name
declare -A may_accept=([pwenv,long]=1)
# fields whose rendering differs by vendor run for every vendor; the others
# for one CLI vendor and one shell vendor.  VENDOR+TRANSPORT sets the
# switch's transport: netconf renders intended.xml with XML escaping (Junos
# takes netconf when none is given, so its CLI case says ssh).
declare -A per_vendor=([sw]=1 [swport]=1 [dcport]=1 [snport]=1 [dc]=1 [sn]=1)
vendors=(cisco-iosxe cisco-iosxe+netconf cisco-nxos arista-eos aruba-aoscx
	juniper-junos+ssh juniper-junos+netconf ovs linux)
common_vendors=(cisco-iosxe ovs)

# vendor -> DC port, sensor port, trunk port, a listed port
declare -A vports=(
	[cisco-iosxe]="GigabitEthernet1/0/5 GigabitEthernet1/0/48 TenGigabitEthernet1/1/1 GigabitEthernet1/0/7"
	[cisco-nxos]="Ethernet1/10 Ethernet1/48 Ethernet1/1 Ethernet1/7"
	[arista-eos]="Ethernet10 Ethernet48 Ethernet1 Ethernet7"
	[aruba-aoscx]="1/1/10 1/1/48 1/1/1 1/1/7"
	[juniper-junos]="ge-0/0/1 ge-0/0/47 xe-0/1/0 ge-0/0/7"
	[ovs]="dc0 sn0 tr0 cl0"
	[linux]="eth1 eth2 eth3 eth4"
)

# The inventory for one vendor.  @F@ marks the field F where it is
# defined (one quoted scalar on its line, so the quote is the position
# spangen must report); @SWREF@ and @DCREF@ are references that carry the
# same value as @sw@ and @dc@.
template() {
	local v=${1%+*} dcp snp trp lsp
	read -r dcp snp trp lsp <<<"${vports[$v]}"
	cat <<EOF
spangen: 1
name: "@inv@"
pools:
  rspan_vlans:
    - "@pool@"
switches:
  - name: "@sw@"
    vendor: $v
    mgmt: "@mgmt@"
    address: "@swaddr@"
    auth: key
    username: "@user@"
    key_file: "@key@"
EOF
	[ "$v" = ovs ] && echo '    ovs_rundir: "@rundir@"'
	[ "$v" != "$1" ] && echo "    transport: ${1#*+}"
	cat <<EOF
    ports:
      - name: "@swport@"
        mbps: 1000
    in_use:
      vlans:
        - "@inuse@"
  - name: sw2
    vendor: $v
    mgmt: 192.0.2.2
    auth: password
    password_env: "@pwenv@"
links:
  - kind: trunk
    a: "@SWREF@:$trp"
    b: "sw2:$trp"
    allowed_vlans:
      - "@allowed@"
domain_controllers:
  - name: "@dc@"
    address: "@dcaddr@"
    mbps: 100
    ports:
      - "@SWREF@:@dcport@"
    ntp:
      - "@ntp@"
sensors:
  - name: "@sn@"
    port: "@SWREF@:@snport@"
    monitors:
      - "@DCREF@"
    ntp:
      - 10.0.0.250
preferences:
  methods: [span]
EOF
}

# valid values, distinctive enough to be searched for
control_of() { # control_of VENDOR FIELD
	local dcp snp trp lsp
	read -r dcp snp trp lsp <<<"${vports[${1%+*}]}"
	case $2 in
	inv) echo sec-lab ;;
	sw) echo swq7 ;;
	swport) echo "$lsp" ;;
	dcport) echo "$dcp" ;;
	snport) echo "$snp" ;;
	dc) echo DCQ7 ;;
	sn) echo SNQ7 ;;
	mgmt) echo 192.0.2.1 ;;
	swaddr) echo 198.51.100.1 ;;
	user) echo netops ;;
	key) echo /etc/spangen/id_ed25519 ;;
	pwenv) echo SPANGEN_PW ;;
	rundir) echo /run/ovs-q7 ;;
	dcaddr) echo 10.0.0.10 ;;
	ntp) echo 10.0.0.250 ;;
	allowed) echo 1-899 ;;
	inuse) echo 10 ;;
	pool) echo 900-909 ;;
	esac
}

# Per vendor, computed once (the corpus runs over a thousand cases, so
# the loop below forks little): the template, the valid values, and the
# LINE:COL of the quote that opens each field's defining scalar.
declare -A tpl ctl fpos
for v in "${vendors[@]}"; do
	tpl[$v]=$(template "$v")
	for f in "${field_ids[@]}"; do
		ctl[$v,$f]=$(control_of "$v" "$f")
		fpos[$v,$f]=$(printf '%s\n' "${tpl[$v]}" | awk -v tok="@$f@" '
			index($0, tok) { print NR ":" index($0, "\""); exit }')
	done
done

hostile_of() { # hostile_of VENDOR FIELD VALUE-ID: sets hv to the YAML-escaped text
	local c=${ctl[$1,$2]}
	case $3 in
	dash) hv="-$c" ;;
	*) hv="$c${payload[$3]}" ;;
	esac
}

# The bytes a YAML-escaped text stands for, into FILE (NUL included).
raw_bytes() { # raw_bytes TEXT FILE
	local t=${1//\\\"/\"}
	printf '%b' "$t" >"$2"
}

# A grep -P pattern that matches FILE's bytes exactly (\xHH each).
byte_pattern() {
	od -An -v -tx1 "$1" | tr -s ' \n' '  ' | sed 's/^ *//; s/ *$//; s/ /\\x/g; s/^/\\x/'
}

# Files under DIR that hold the bytes of FILE; prints them.
files_with_bytes() { # files_with_bytes DIR FILE
	[ -s "$2" ] || return 0
	LC_ALL=C grep -rlaP -- "$(byte_pattern "$2")" "$1" 2>/dev/null
}

# The inventory for VENDOR with FIELD set to TEXT (YAML-escaped), others
# valid; writes it to FILE.
write_case() { # write_case VENDOR FIELD TEXT FILE
	local v=$1 target=$2 text=$3 f val doc
	doc=${tpl[$v]}
	for f in "${field_ids[@]}"; do
		if [ "$f" = "$target" ]; then val=$text; else val=${ctl[$v,$f]}; fi
		doc=${doc//"@$f@"/"$val"}
		[ "$f" = sw ] && doc=${doc//"@SWREF@"/"$val"}
		[ "$f" = dc ] && doc=${doc//"@DCREF@"/"$val"}
	done
	printf '%s\n' "$doc" >"$4"
}

# Known bugs, "field,value" -> the outcome they cause now.  Such a case is
# reported as KNOWN and does not fail the run; once the bug is fixed the
# case passes, is reported as FIXED and fails the run until its entry is
# removed here, so the fix and this list change together.
declare -A known_bugs=()

# Reads validate's output (FILE...): every line must be a diagnostic, a
# hint or the summary, else odd is set to the first other line; code is
# set to the code of the first error at POS (LINE:COL).
read_diags() { # read_diags INVENTORY POS FILE...
	local p=$1 at="$1:$2: error " line f
	shift 2
	odd='' code=''
	for f in "$@"; do
		while IFS= read -r line || [ -n "$line" ]; do
			if [ -z "$code" ] && [[ $line == "$at"E1[0-9][0-9]:* ]]; then
				code=${line#"$at"}
				code=${code%%:*}
			fi
			line=${line#"$p"}
			[[ $line =~ ^(:[0-9]+:[0-9]+:\ )?(error|warning|info)\ [EWI][0-9]{3}:\  ]] && continue
			[[ $line =~ ^\ {4}hint:\  ]] && continue
			[[ $line =~ ^:\ [0-9]+\ errors?$ ]] && continue
			[[ $line =~ ^:\ valid:\  ]] && continue
			[[ $line =~ ^\.\.\.\ and\ [0-9]+\ more ]] && continue
			[ -z "$odd" ] && odd=$line
		done <"$f"
	done
}

# ---- one case ---------------------------------------------------------------
declare -A outcome	# "value,field" -> space-separated outcomes per vendor

record() { # record VALUE FIELD OUTCOME
	local k="$1,$2"
	case " ${outcome[$k]:-} " in
	*" $3 "*) ;;
	*) outcome[$k]="${outcome[$k]:-}${outcome[$k]:+ }$3" ;;
	esac
}

# A case's verdict: a good outcome (E1xx, ok) passes unless the case is a
# known bug (then it was fixed); a bad one fails unless it is that bug.
verdict() { # verdict VALUE FIELD OUTCOME [MESSAGE]
	local id=$1 f=$2 out=$3 known=${known_bugs[$2,$1]:-}
	if [[ $out =~ ^(E1[0-9][0-9]|ok)$ ]]; then
		if [ -n "$known" ]; then
			fail "$4 FIXED (now $out): remove '$f,$id' from known_bugs"
			record "$id" "$f" FIXED
		else
			ok
			record "$id" "$f" "$out"
		fi
	elif [ "$out" = "$known" ]; then
		echo "KNOWN: $4"
		known_seen=$((known_seen + 1))
		record "$id" "$f" "$out*"
	else
		fail "$4"
		record "$id" "$f" "$out"
	fi
}

run_case() { # run_case VENDOR FIELD VALUE-ID
	local v=$1 f=$2 id=$3 dir pos vrc rrc leaks what left=() x
	cases=$((cases + 1))
	dir="$work/cases/$cases"	# removed with $work: an rm per case costs
	mkdir "$dir"
	hostile_of "$v" "$f" "$id"
	write_case "$v" "$f" "$hv" "$dir/inv.yaml"
	raw_bytes "$hv" "$dir/raw"
	if [ "$id" = dash ]; then raw_bytes "$hv" "$dir/payload"; else raw_bytes "${payload[$id]}" "$dir/payload"; fi
	pos=${fpos[$v,$f]}
	what="$v $id in ${field_label[$f]}:"

	"$spangen" validate "$dir/inv.yaml" >"$dir/v.out" 2>"$dir/v.err"
	vrc=$?
	"$spangen" render "$dir/inv.yaml" -o "$dir/out" >"$dir/r.out" 2>"$dir/r.err"
	rrc=$?
	# one grep for the common case; the specific ones only when it matches
	if [ "$vrc" -gt 1 ] || [ "$rrc" -gt 1 ] || LC_ALL=C grep -qaP \
		'[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]|Sanitizer|runtime error' \
		"$dir"/v.out "$dir"/v.err "$dir"/r.err; then
		if [ "$vrc" -gt 1 ] || [ "$rrc" -gt 1 ] ||
			grep -q -E 'Sanitizer|runtime error' "$dir"/v.err "$dir"/r.err; then
			sed 's/^/    /' "$dir/v.err" "$dir/r.err" | head -20
			verdict "$id" "$f" CRASH "$what validate exit $vrc, render exit $rrc (crash?)"
			return
		fi
		verdict "$id" "$f" TERM "$what a raw control or bidi character reached the terminal"
		return
	fi
	read_diags "$dir/inv.yaml" "$pos" "$dir/v.out" "$dir/v.err"
	if [ -n "$odd" ]; then
		verdict "$id" "$f" FORGE "$what the value forged a line of output: '$odd'"
		return
	fi
	if [ "$vrc" = 1 ]; then
		# refused: at the field, by render too, leaving nothing behind
		if [ -z "$code" ]; then
			sed 's/^/    /' "$dir/v.err" | head -10
			verdict "$id" "$f" WHERE "$what no E1xx error at inv.yaml:$pos"
			return
		fi
		for x in "$dir"/* "$dir"/.[!.]*; do
			[ -e "$x" ] || continue
			case ${x##*/} in
			inv.yaml | raw | payload | [vr].out | [vr].err) ;;
			*) left+=("${x##*/}") ;;
			esac
		done
		if [ "$rrc" = 0 ] || [ "${#left[@]}" -gt 0 ]; then
			verdict "$id" "$f" RENDER "$what validate refused it but render exited $rrc and left: ${left[*]}"
			return
		fi
		verdict "$id" "$f" "$code" "$what"
		return
	fi
	# accepted: only where the docs allow it, and never on a device
	if [ -n "${control_value[$id]:-}" ] ||
		{ [ -z "${free_text[$f]:-}" ] && [ -z "${may_accept[$f,$id]:-}" ]; }; then
		verdict "$id" "$f" ACCEPTED "$what accepted, but docs/inventory.md refuses it"
		return
	fi
	if [ "$rrc" != 0 ] || [ ! -d "$dir/out/devices" ]; then
		sed 's/^/    /' "$dir/r.err" | head -10
		verdict "$id" "$f" RENDER "$what validate accepted it but render exited $rrc"
		return
	fi
	leaks=$(files_with_bytes "$dir/out/devices" "$dir/raw"; files_with_bytes "$dir/out/devices" "$dir/payload")
	if [ -n "$leaks" ]; then
		verdict "$id" "$f" LEAK "$what the raw value reached a device file: $(echo "$leaks" | sort -u | sed "s|$dir/out/||" | tr '\n' ' ')"
		return
	fi
	verdict "$id" "$f" ok "$what"
	rm -rf "$dir/out"	# a whole bundle: worth removing
}

# ---- the control run: the harness can tell a valid inventory ------------------
echo "== control: valid values validate, render and reach the devices"
for v in "${vendors[@]}"; do
	dir="$work/control-$v"
	mkdir "$dir"
	write_case "$v" none none "$dir/inv.yaml"
	if ! "$spangen" validate "$dir/inv.yaml" >"$dir/v.out" 2>"$dir/v.err"; then
		fail "$v: the control inventory does not validate"
		sed 's/^/    /' "$dir/v.err" | head -10
		continue
	fi
	ok
	if ! "$spangen" render "$dir/inv.yaml" -o "$dir/out" >/dev/null 2>"$dir/r.err"; then
		fail "$v: the control inventory does not render"
		sed 's/^/    /' "$dir/r.err" | head -10
		continue
	fi
	ok
	# the configuration has the expected form: NETCONF XML, CLI or script
	case $v in
	*+netconf) ext=xml ;;
	ovs | linux) ext=sh ;;
	*) ext=cfg ;;
	esac
	if [ -s "$dir/out/devices/swq7/intended.$ext" ]; then
		ok
	else
		fail "$v: no devices/swq7/intended.$ext: $(ls "$dir/out/devices/swq7" | tr '\n' ' ')"
	fi
	# the scan finds a value that does reach the device
	for f in sw dcport snport $([ "$v" = ovs ] && echo rundir); do
		raw_bytes "${ctl[$v,$f]}" "$dir/want"
		if [ -n "$(files_with_bytes "$dir/out/devices" "$dir/want")" ]; then
			ok
		else
			fail "$v: control ${field_label[$f]} '${ctl[$v,$f]}' not found under devices/"
		fi
	done
done
# the scan finds raw bytes, NUL and escapes included, planted in a device file
dir="$work/control-cisco-iosxe"
if [ -d "$dir/out/devices" ]; then
	cp -r "$dir/out" "$dir/planted"
	for id in nul ansi cr rlo semi; do
		hostile_of cisco-iosxe dc "$id"
		raw_bytes "$hv" "$dir/raw"
		if [ -n "$(files_with_bytes "$dir/planted/devices" "$dir/raw")" ]; then
			fail "scanner self-test: '$id' found before it was planted"
		fi
		cat "$dir/raw" >>"$(find "$dir/planted/devices" -type f | head -1)"
		if [ -n "$(files_with_bytes "$dir/planted/devices" "$dir/raw")" ]; then
			ok
		else
			fail "scanner self-test: planted '$id' bytes not found"
		fi
	done
fi
# an escaped value does round-trip: the file holds the NUL the scalar names
hostile_of cisco-iosxe dc nul
write_case cisco-iosxe dc "$hv" "$work/nul.yaml"
if grep -qF 'DCQ7\0reload' "$work/nul.yaml"; then ok; else fail "the NUL case is not written as \"\\0\""; fi

# ---- the corpus -------------------------------------------------------------
echo "== hostile values"
for f in "${field_ids[@]}"; do
	if [ -n "${per_vendor[$f]:-}" ]; then
		vs=("${vendors[@]}")
	elif [ "$f" = rundir ]; then
		vs=(ovs)
	else
		vs=("${common_vendors[@]}")
	fi
	for v in "${vs[@]}"; do
		for id in "${value_ids[@]}"; do
			run_case "$v" "$f" "$id"
		done
	done
done

# ---- the table ----------------------------------------------------------------
echo
echo "value x field -> outcome.  E1xx: refused, with that code at the field;"
echo "ok: accepted, and in no device file; TERM: a raw control or bidi character"
echo "reached the terminal; FORGE: a line of output was forged; *: a known bug"
echo "(known_bugs); a/b: vendors differ"
printf '%-7s' value
for f in "${field_ids[@]}"; do printf ' %-9s' "${field_label[$f]}"; done
echo
for id in "${value_ids[@]}"; do
	printf '%-7s' "$id"
	for f in "${field_ids[@]}"; do
		printf ' %-9s' "$(tr ' ' '/' <<<"${outcome[$id,$f]:--}")"
	done
	echo
done
echo
echo "hostile: $cases cases, $checks checks passed, $known_seen known bugs, $failures failed"
[ "$failures" = 0 ]
