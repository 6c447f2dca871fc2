#!/usr/bin/env bash
# Load test of `truce serve` on the embedded store (issue 4), loopback only
# and bounded in time: seeds a fresh store with `truce demo` (a simulated
# year), creates an analyst and a monitor token, serves it without a rate
# limit on a free loopback port, and drives it with bench/loadgen, an
# open-loop generator (fixed arrival rate; latency timed from when each
# request was due), mixing status reads, single-incident reads, incident
# lists and submissions, some retried with the same Idempotency-Key. It
# prints throughput and p50/p90/p99 per kind, then checks every acknowledged
# submission is stored exactly once ("lost: 0, duplicated: 0"). When wrk is
# installed it first measures, in the same run, the status and
# single-incident ceilings (closed loop, 8 connections, 10 s) as a reference:
# machines here are shared, so compare the ratios it prints.
#
# Usage: bench/load.sh [RATE] [DURATION]          (default 1000 req/s for 30s)
# Env:   MIX=status=40,incident=40,incidents=10,submit=10  RETRY=0.2  DAYS=365
#        PROFILE=1  (write the server's CPU profile to bench/out/load-serve.prof)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-1000}
duration=${2:-30s}
mix=${MIX:-status=40,incident=40,incidents=10,submit=10}
retry=${RETRY:-0.2}
days=${DAYS:-365}
out=bench/out
mkdir -p "$out"
go build -o "$out/truce" ./cmd/truce
go build -o "$out/loadgen" ./bench/loadgen

db=$out/load.db
rm -f "$db" "$db"-* "$db".logkey
"$out/truce" --db "$db" demo --days "$days" --serve "" >"$out/load-demo.log"
analyst=$("$out/truce" --db "$db" token create --name load-analyst --role analyst 2>/dev/null)
monitor=$("$out/truce" --db "$db" token create --name load-monitor --role monitor 2>/dev/null)

profile=()
[ "${PROFILE:-}" = 1 ] && profile=(--cpuprofile "$out/load-serve.prof")
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
# Port 0: the kernel picks a free loopback port; the server prints it.
"$out/truce" "${profile[@]}" --db "$db" serve --addr 127.0.0.1:0 --rate-limit 0 >"$out/load-serve.out" 2>"$out/load-serve.log" &
pid=$!
url=
for _ in $(seq 100); do
	url=$(sed -n 's|^Truce is serving on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$out/load-serve.out")
	[ -n "$url" ] && break
	kill -0 "$pid" 2>/dev/null || { cat "$out/load-serve.log" >&2; exit 1; }
	sleep 0.1
done
[ -n "$url" ] || { echo "bench: the server did not start" >&2; exit 1; }
echo "server: $url, store $db ($(du -h "$db" | cut -f1)), $(sed -n 's/^judged \([0-9]*\) incidents.*/\1/p' "$out/load-demo.log") incidents"

if command -v wrk >/dev/null; then
	ceiling() { wrk -t2 -c8 -d10s -H "Authorization: Bearer $analyst" "$url$1" | awk '/Requests\/sec/{printf "%.0f", $2}'; }
	st=$(ceiling "/api/v1/status?date=2017-06-15")
	inc=$(ceiling "/api/v1/incidents/4000")
	hz=$(wrk -t2 -c8 -d5s "$url/healthz" | awk '/Requests\/sec/{printf "%.0f", $2}')
	echo "wrk reference, same run (closed loop, 8 connections, nothing else running):"
	echo "  GET /healthz (no store, no auth): $hz req/s"
	echo "  GET /api/v1/status?date=2017-06-15: $st req/s = $(echo "scale=4; $st / $hz" | bc) × /healthz"
	echo "  GET /api/v1/incidents/4000: $inc req/s = $(echo "scale=4; $inc / $hz" | bc) × /healthz"
	share=$(echo "$mix" | sed -n 's/.*status=\([0-9]*\).*/\1/p'); total=$(echo "$mix" | tr ',' '\n' | cut -d= -f2 | paste -sd+ | bc)
	echo "  status ceiling / status rate the mix demands ($rate × $share/$total): $(echo "scale=2; $st * $total / ($rate * ${share:-0})" | bc 2>/dev/null || echo n/a)"
else
	echo "wrk is not installed (apt-get install -y wrk): no same-run ceiling reference"
fi

set +e
"$out/loadgen" --url "$url" --token "$analyst" --monitor-token "$monitor" --rate "$rate" --duration "$duration" \
	--mix "$mix" --retry-fraction "$retry"
rc=$?
set -e
stop
echo "server log: $out/load-serve.log ($(grep -c '"msg":"request"' "$out/load-serve.log") requests; $(grep -c '"level":"ERROR"' "$out/load-serve.log" || true) errors logged)"
[ "${PROFILE:-}" = 1 ] && echo "profile: go tool pprof -top $out/truce $out/load-serve.prof"
exit $rc
