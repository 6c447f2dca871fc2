#!/usr/bin/env bash
# Load test of `truce serve` on the embedded store (issues 4 and 16), loopback
# only and bounded in time. Without INCIDENTS it seeds a fresh store with
# `truce demo` (a simulated year, ~7,800 incidents); with INCIDENTS it builds
# a store of that many simulated incidents as issue 16 did (`truce simulate
# --rows N --seed 7 --base-rate 400 --outside-rate 1300`, imported and
# adjudicated: ~2,900 incidents a day), kept as bench/out/load-N.tmpl.db and
# copied afresh for each run (REBUILD=1 builds it again, e.g. after a schema
# change). It creates an analyst and a monitor token, serves the store without
# a rate limit on a free loopback port, and drives it with bench/loadgen, an
# open-loop generator (fixed arrival rate; latency timed from when each
# request was due), mixing status reads, single-incident reads, incident
# lists and submissions, some retried with the same Idempotency-Key. It
# prints throughput and p50/p90/p99 per kind and issue 16's table row (status,
# incident and incidents-list p99, submit p50/p99, submissions unanswered in
# 10 s), then checks every acknowledged submission is stored exactly once
# ("lost: 0, duplicated: 0"). When wrk is installed it first measures, in the
# same run, the status and single-incident ceilings (closed loop, 8
# connections, 10 s) as a reference: machines here are shared, so compare the
# ratios it prints.
#
# Usage: bench/load.sh [RATE] [DURATION] [INCIDENTS]   (default 1000 req/s for 30s, the demo's store)
#        e.g. bench/load.sh 1000 15s 100000;  INCIDENTS may be written 100k or 1M
# Env:   MIX=status=40,incident=40,incidents=10,submit=10  RETRY=0.2  DAYS=365 (demo store only)
#        PROFILE=1  (write the server's CPU profile to bench/out/load-serve.prof)
#        REBUILD=1  (build the INCIDENTS store again rather than reuse bench/out/load-N.tmpl.db)
#        TRUCE=PATH (serve with this truce binary instead of building ./cmd/truce, e.g. a build before a change)
#        PG=postgres://postgres@127.0.0.1:5432  (serve PostgreSQL instead of the embedded store, INCIDENTS required:
#                   the store is built once as database truce_load_N_tmpl and copied for each run with
#                   CREATE DATABASE … TEMPLATE; needs psql; REBUILD=1 drops and builds the template again)
set -euo pipefail
cd "$(dirname "$0")/.."
rate=${1:-1000}
duration=${2:-30s}
incidents=${3:-}
case $incidents in
*[kK]) incidents=$(( ${incidents%[kK]} * 1000 )) ;;
*[mM]) incidents=$(echo "${incidents%[mM]} * 1000000 / 1" | bc) ;;
esac
[[ -z $incidents || $incidents =~ ^[1-9][0-9]*$ ]] || { echo "bench: INCIDENTS must be a number of incidents (100000, 100k, 1M)" >&2; exit 2; }
mix=${MIX:-status=40,incident=40,incidents=10,submit=10}
retry=${RETRY:-0.2}
days=${DAYS:-365}
out=bench/out
mkdir -p "$out"
truce=${TRUCE:-$out/truce}
[ -n "${TRUCE:-}" ] || go build -o "$truce" ./cmd/truce
go build -o "$out/loadgen" ./bench/loadgen

db=$out/load.db
rm -f "$db" "$db"-* "$db".logkey
pg=${PG:-}
if [ -n "$pg" ]; then
	[ -n "$incidents" ] || { echo "bench: PG needs INCIDENTS (e.g. bench/load.sh 200 15s 100k)" >&2; exit 2; }
	command -v psql >/dev/null || { echo "bench: PG needs psql (apt-get install postgresql-client)" >&2; exit 1; }
	pg=${pg%/}
	admin="$pg/postgres?sslmode=disable"
	tmplname=truce_load_${incidents}_tmpl
	export TRUCE_LOG_KEY=$out/load-pg-$incidents.key
	has_tmpl=$(psql -Atq "$admin" -c "SELECT 1 FROM pg_database WHERE datname = '$tmplname'")
	if [ "${REBUILD:-}" = 1 ] || [ "$has_tmpl" != 1 ]; then
		psql -q "$admin" -c "DROP DATABASE IF EXISTS $tmplname" -c "CREATE DATABASE $tmplname"
		rm -f "$TRUCE_LOG_KEY"
		csv=$out/load-$incidents.csv
		echo "building a PostgreSQL store of $incidents simulated incidents (kept as database $tmplname)…"
		"$truce" simulate --days 3650 --rows "$incidents" --seed 7 --base-rate 400 --outside-rate 1300 --out "$csv" >/dev/null
		"$truce" --db "$pg/$tmplname?sslmode=disable" agreement load agreements/astana-2017.yaml >/dev/null
		"$truce" --db "$pg/$tmplname?sslmode=disable" import ucdp "$csv" | tail -1
		"$truce" --db "$pg/$tmplname?sslmode=disable" adjudicate | sed -n 1p
		rm -f "$csv"
	fi
	psql -q "$admin" -c "DROP DATABASE IF EXISTS truce_load" -c "CREATE DATABASE truce_load TEMPLATE $tmplname"
	db="$pg/truce_load?sslmode=disable"
	n_incidents=$incidents
	label="$(echo "scale=1; $incidents / 1000000" | bc | sed 's/^\./0./') M incidents, PostgreSQL"
elif [ -z "$incidents" ]; then
	export TRUCE_LOG_KEY=$out/load.key
	rm -f "$TRUCE_LOG_KEY"
	"$truce" --db "$db" demo --days "$days" --serve "" >"$out/load-demo.log"
	n_incidents=$(sed -n 's/^judged \([0-9]*\) incidents.*/\1/p' "$out/load-demo.log")
	label="$n_incidents incidents (demo)"
else
	# The store's log key travels with its template, so heads signed while
	# it was built still verify.
	tmpl=$out/load-$incidents.tmpl.db
	export TRUCE_LOG_KEY=$out/load-$incidents.key
	if [ "${REBUILD:-}" = 1 ] || [ ! -f "$tmpl" ]; then
		rm -f "$tmpl" "$tmpl"-* "$TRUCE_LOG_KEY"
		csv=$out/load-$incidents.csv
		echo "building a store of $incidents simulated incidents (kept as $tmpl)…"
		"$truce" simulate --days 3650 --rows "$incidents" --seed 7 --base-rate 400 --outside-rate 1300 --out "$csv" >/dev/null
		"$truce" --db "$tmpl" agreement load agreements/astana-2017.yaml >/dev/null
		"$truce" --db "$tmpl" import ucdp "$csv" | tail -1
		"$truce" --db "$tmpl" adjudicate | sed -n 1p # sed, not head: reads to the end, so no SIGPIPE
		rm -f "$csv"
	fi
	cp "$tmpl" "$db"
	for f in "$tmpl"-wal "$tmpl"-shm; do [ ! -f "$f" ] || cp "$f" "$db${f#"$tmpl"}"; done
	n_incidents=$incidents
	label="$(echo "scale=1; $incidents / 1000000" | bc | sed 's/^\./0./') M incidents"
fi
analyst=$("$truce" --db "$db" token create --name load-analyst --role analyst 2>/dev/null)
monitor=$("$truce" --db "$db" token create --name load-monitor --role monitor 2>/dev/null)

profile=()
[ "${PROFILE:-}" = 1 ] && profile=(--cpuprofile "$out/load-serve.prof")
. bench/server.sh # the scripts run from the repository root (cd above)
# Port 0: the kernel picks a free loopback port; the server prints it.
start "$out/load-serve.out" "$out/load-serve.log" "$truce" "${profile[@]}" --db "$db" serve --addr 127.0.0.1:0 --rate-limit 0
if [ -n "$pg" ]; then
	echo "server: $url, PostgreSQL database truce_load, $n_incidents incidents"
else
	echo "server: $url, store $db ($(du -h "$db" | cut -f1)), $n_incidents incidents"
fi

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
	--mix "$mix" --retry-fraction "$retry" --label "$label" --server-log "$out/load-serve.log"
rc=$?
set -e
stop
echo "server log: $out/load-serve.log ($(grep -c '"msg":"request"' "$out/load-serve.log") requests; $(grep -c '"level":"ERROR"' "$out/load-serve.log" || true) errors logged)"
[ "${PROFILE:-}" = 1 ] && echo "profile: go tool pprof -top $truce $out/load-serve.prof"
exit $rc
