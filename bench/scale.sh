#!/usr/bin/env bash
# Scale-out figure for issue 7: the same N simulated incidents in the embedded
# store (SQLite) and in PostgreSQL + PostGIS, measured in one run on one
# machine: import rate, adjudicate rate, and typical reads through the CLI and
# through `truce serve`. Prints a table with the ratio PostGIS / embedded.
# Machines here are shared and noisy: compare ratios, not seconds.
#
# Usage: bench/scale.sh [ROWS]          (default 10000000; e.g. 200000 for a quick run)
# Env:   TRUCE_BENCH_POSTGRES or TRUCE_TEST_POSTGRES  a server with PostGIS available
#                                       (postgres://postgres@127.0.0.1:5432/test?sslmode=disable);
#                                       the script creates a fresh database on it and drops it at the end
#        REPEAT=N                       CLI query repetitions (default 5); HTTP requests are 4×N
#        TRUCE=PATH                     a truce binary to measure instead of building ./cmd/truce
#        KEEP=1                         keep the CSV, the SQLite file and the PostgreSQL database
set -euo pipefail
cd "$(dirname "$0")/.."
for c in psql curl bc awk; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
rows=${1:-10000000}
repeat=${REPEAT:-5}
pg=${TRUCE_BENCH_POSTGRES:-${TRUCE_TEST_POSTGRES:-}}
[ -n "$pg" ] || { echo "bench: set TRUCE_BENCH_POSTGRES (or TRUCE_TEST_POSTGRES) to a PostgreSQL server with PostGIS" >&2; exit 1; }

out=bench/out
mkdir -p "$out"
truce=${TRUCE:-$out/truce}
[ -n "${TRUCE:-}" ] || go build -o "$truce" ./cmd/truce
csv=$out/scale.csv
sqlite=$out/scale.db
key=$out/scale.key
pgname=truce_scale_$$
base=${pg%%\?*}
query=${pg#"$base"}
pgdb="${base%/*}/$pgname$query"
serve_pid=

cleanup() {
	if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
	if [ "${KEEP:-}" != 1 ]; then
		rm -f "$csv" "$sqlite" "$sqlite"-* "$key"
		psql -q "$pg" -c "DROP DATABASE IF EXISTS $pgname" >/dev/null 2>&1 || echo "bench: could not drop database $pgname" >&2
	else
		echo "kept: $csv $sqlite and database $pgname ($pgdb)" >&2
	fi
}
trap cleanup EXIT
psql -q "$pg" -c "CREATE DATABASE $pgname" >/dev/null
psql -q "$pgdb" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
rm -f "$sqlite" "$sqlite"-*

now() { date +%s.%N; }
# stat FILE: median and mean of the numbers in FILE, one per line.
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# ~1,800 events a day on average over the simulated years (2,900 before the
# ceasefire, fewer after it): enough days that --rows stops at exactly ROWS.
# Small runs thin the rates instead, so the data still spans the query window
# (a year at least).
days=$(( rows * 605 / 1000000 + 30 ))
scale=1
if [ "$days" -lt 400 ]; then days=400; scale=$(echo "$rows / 663000" | bc -l); fi
echo "simulating $rows rows over up to $days days…"
"$truce" simulate --days "$days" --rows "$rows" --seed 7 --base-rate "$(echo "400 * $scale" | bc -l)" \
	--outside-rate "$(echo "1300 * $scale" | bc -l)" --out "$csv"
echo "input: $csv ($(du -h "$csv" | cut -f1))"

from=2017-05-06 to=2017-06-30 date=2017-06-15
declare -A R

measure() { # measure NAME DB
	local name=$1 db=$2 t0 t1 n i port
	"$truce" --db "$db" agreement load agreements/astana-2017.yaml >/dev/null
	echo "[$name] import…"
	t0=$(now); "$truce" --db "$db" import ucdp "$csv" >"$out/scale-$name-import.log"; t1=$(now)
	n=$(sed -n 's/.*: read \([0-9]*\),.*/\1/p' "$out/scale-$name-import.log" | tail -1)
	R[$name,rows]=$n
	R[$name,import_s]=$(echo "$t1 - $t0" | bc -l)
	R[$name,import]=$(echo "$n / (${R[$name,import_s]})" | bc -l)
	echo "[$name] adjudicate…"
	t0=$(now); "$truce" --db "$db" adjudicate >"$out/scale-$name-adjudicate.log"; t1=$(now)
	n=$(sed -n 's/^judged \([0-9]*\) incidents.*/\1/p' "$out/scale-$name-adjudicate.log")
	R[$name,judged]=$n
	R[$name,adjudicate_s]=$(echo "$t1 - $t0" | bc -l)
	R[$name,adjudicate]=$(echo "$n / (${R[$name,adjudicate_s]})" | bc -l)
	echo "[$name] CLI queries ×$repeat…"
	: >"$out/scale-t.txt"
	for i in $(seq "$repeat"); do
		t0=$(now); "$truce" --db "$db" incidents --zone idlib --from $from --to $to --format json >"$out/scale-$name-incidents.json"; t1=$(now)
		echo "$t1 - $t0" | bc -l >>"$out/scale-t.txt"
	done
	R[$name,incidents_cli]=$(median "$out/scale-t.txt")
	R[$name,incidents_n]=$({ grep -o '"id":' "$out/scale-$name-incidents.json" || true; } | wc -l)
	: >"$out/scale-t.txt"
	for i in $(seq "$repeat"); do
		t0=$(now); "$truce" --db "$db" status --date $date >"$out/scale-$name-status.txt"; t1=$(now)
		echo "$t1 - $t0" | bc -l >>"$out/scale-t.txt"
	done
	R[$name,status_cli]=$(median "$out/scale-t.txt")
	echo "[$name] HTTP reads ×$((4 * repeat))…"
	port=$(( 20000 + RANDOM % 20000 ))
	"$truce" --db "$db" serve --addr 127.0.0.1:$port --public --rate-limit 0 --log-key "$key" >/dev/null 2>"$out/scale-$name-serve.log" &
	serve_pid=$!
	for i in $(seq 600); do
		curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
		kill -0 "$serve_pid" 2>/dev/null || { echo "bench: truce serve ($name) died:" >&2; tail -5 "$out/scale-$name-serve.log" >&2; exit 1; }
		sleep 0.5
	done
	for what in "status=/api/v1/status?date=$date" "incidents=/api/v1/incidents?zone=idlib&from=$from&to=$to&limit=100"; do
		local k=${what%%=*} path=${what#*=}
		curl -fs -o /dev/null "http://127.0.0.1:$port$path" # warm-up, not timed
		: >"$out/scale-t.txt"
		for i in $(seq $((4 * repeat))); do
			curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path" >>"$out/scale-t.txt"
		done
		R[$name,http_$k]=$(median "$out/scale-t.txt")
	done
	kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
}

measure sqlite "$sqlite"
R[sqlite,size]=$(du -h "$sqlite" | cut -f1)
measure postgis "$pgdb"
R[postgis,size]=$(psql -Atq "$pgdb" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")

[ "${R[sqlite,incidents_n]}" = "${R[postgis,incidents_n]}" ] ||
	echo "bench: WARNING the stores disagree: idlib incidents ${R[sqlite,incidents_n]} (SQLite) vs ${R[postgis,incidents_n]} (PostGIS)" >&2
cmp -s "$out/scale-sqlite-status.txt" "$out/scale-postgis-status.txt" ||
	echo "bench: WARNING \`truce status --date $date\` differs between the stores" >&2

echo
echo "$(date -u +%F) $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty'), $(nproc) CPUs"
printf 'rows: %s imported (SQLite %s, PostGIS %s); %s judged; idlib %s..%s: %s incidents\n' "$rows" "${R[sqlite,rows]}" "${R[postgis,rows]}" \
	"${R[postgis,judged]}" "$from" "$to" "${R[postgis,incidents_n]}"
printf 'store size: SQLite %s, PostGIS %s\n\n' "${R[sqlite,size]}" "${R[postgis,size]}"
row() { # row LABEL KEY FORMAT MULT
	local s=${R[sqlite,$2]} p=${R[postgis,$2]}
	printf "| %-46s | $3 | $3 | %6.2f |\n" "$1" "$(echo "$s * $4" | bc -l)" "$(echo "$p * $4" | bc -l)" "$(echo "$p / $s" | bc -l)"
}
printf '| %-46s | %12s | %12s | %6s |\n' "measure" "SQLite" "PostGIS" "ratio"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..48})" "--------------" "--------------" "--------"
row "import, rows/s" import "%12.0f" 1
row "adjudicate, incidents/s" adjudicate "%12.0f" 1
row "truce incidents --zone idlib (json), ms" incidents_cli "%12.0f" 1000
row "truce status --date, ms" status_cli "%12.0f" 1000
row "GET /api/v1/status?date=, ms" http_status "%12.1f" 1000
row "GET /api/v1/incidents?zone=idlib&limit=100, ms" http_incidents "%12.1f" 1000
echo
echo "ratio = PostGIS / SQLite: above 1 is faster for the rates, slower for the times (medians; CLI ×$repeat, HTTP ×$((4 * repeat)), each CLI run opens the store)."
printf 'wall time: import %.0fs / %.0fs, adjudicate %.0fs / %.0fs (SQLite / PostGIS)\n' "${R[sqlite,import_s]}" "${R[postgis,import_s]}" "${R[sqlite,adjudicate_s]}" "${R[postgis,adjudicate_s]}"
