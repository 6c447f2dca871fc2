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
