# Sourced by the bench scripts that run `truce serve`: stop the server
# whose PID is in $pid, gently first (so it flushes and closes its store),
# and on any exit.
pid=
stop() {
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -INT "$pid" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null || true
	fi
	pid=
}
trap stop EXIT INT TERM

# start OUT LOG COMMAND... runs COMMAND (a `truce serve --addr 127.0.0.1:0`)
# in the background with its output in OUT and LOG, sets $pid, and waits
# until it prints the address it serves on, which it sets as $url. OUT is
# emptied first: the shell truncates it only once the process has started,
# so a fast read could find the previous run's port. A large store takes a
# while to open: up to two minutes.
start() {
	local out=$1 log=$2
	shift 2
	: >"$out"
	"$@" >"$out" 2>"$log" &
	pid=$!
	url=
	for _ in $(seq 1200); do
		url=$(sed -n 's|^Truce is serving on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$out")
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
		sleep 0.1
	done
	[ -n "$url" ] || { echo "bench: the server did not start" >&2; exit 1; }
}
