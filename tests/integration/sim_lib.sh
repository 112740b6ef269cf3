# Shared by the push tests that drive tests/sim/devsim: counters and
# checks, and starting and stopping simulators.  The sourcing script sets
# devsim and work (a private directory holding authorized_keys,
# known_hosts and each simulator's files) before calling start_sim.
failures=0
checks=0
pids=()

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then ok; else fail "$what"; fi
}

# sim_keys: the client key the simulators accept, an empty known_hosts
# that start_sim fills, and the password they take.
sim_keys() {
	ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
	cp "$work/id_ed25519.pub" "$work/authorized_keys"
	: >"$work/known_hosts"
	export SPANGEN_TEST_PASSWORD='Tr0ub4dor&3-secret'
}

# start_sim NAME DIALECT [devsim options...]: a simulator whose state file
# starts from $work/NAME.initial when it exists; sets port_NAME and
# pid_NAME (with - written _), and trusts its host key in
# $work/known_hosts.
start_sim() {
	local name=$1 dialect=$2 port var=${1//-/_}
	shift 2
	[ -f "$work/$name.host" ] || ssh-keygen -q -t ed25519 -N '' -f "$work/$name.host"
	rm -f "$work/$name.ready"
	[ -f "$work/$name.initial" ] && cp "$work/$name.initial" "$work/$name.state"
	"$devsim" --dialect "$dialect" --hostname "$name" \
		--host-key "$work/$name.host" --ready-file "$work/$name.ready" \
		--state "$work/$name.state" --authorized-keys "$work/authorized_keys" \
		--password-env SPANGEN_TEST_PASSWORD --seconds-per-minute 1 \
		--log "$work/$name.log" "$@" &
	pids+=($!)
	eval "pid_$var=$!"
	for _ in $(seq 100); do
		[ -s "$work/$name.ready" ] && break
		sleep 0.05
	done
	port=$(cat "$work/$name.ready")
	eval "port_$var=$port"
	sed -i "/^\[127.0.0.1\]:$port /d" "$work/known_hosts"
	echo "[127.0.0.1]:$port $(cut -d' ' -f1,2 "$work/$name.host.pub")" >>"$work/known_hosts"
}

stop_sim() {
	local pid
	eval "pid=\$pid_${1//-/_}"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

stop_all_sims() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
