#!/usr/bin/env bash
# Zone-and-period reads on PostgreSQL before and after a change: the same N
# simulated rows imported, judged and read by two truce binaries, each into
# a fresh database of its own, in one run. Prints each binary's import and
# adjudication rates, and the median time of `truce incidents --zone idlib --from 2017-05-06 --to
# 2017-06-30 --format json` and of `GET /api/v1/incidents?zone=idlib&from=…
# &to=…&limit=100`, with the ratio after / before.
#
# Usage: BASE=PATH bench/pgquery.sh [ROWS]   (default 1000000)
#        BASE: the build before, e.g. git worktree add /tmp/b COMMIT &&
#        (cd /tmp/b && go build -o /tmp/truce-base ./cmd/truce)
# Env:   TRUCE_BENCH_POSTGRES or TRUCE_TEST_POSTGRES  a server with PostGIS
#        REPEAT=N   CLI runs (default 5); HTTP requests are 4×N
#        KEEP=1     keep the CSV and the databases
set -euo pipefail
cd "$(dirname "$0")/.."
for c in psql curl bc awk; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
[ -n "${BASE:-}" ] || { echo "bench: set BASE to the truce binary to compare with" >&2; exit 1; }
rows=${1:-1000000}
repeat=${REPEAT:-5}
pg=${TRUCE_BENCH_POSTGRES:-${TRUCE_TEST_POSTGRES:-}}
[ -n "$pg" ] || { echo "bench: set TRUCE_BENCH_POSTGRES (or TRUCE_TEST_POSTGRES)" >&2; exit 1; }

out=bench/out
mkdir -p "$out"
go build -o "$out/truce-pgquery" ./cmd/truce # its own: other benches rebuild $out/truce
csv=$out/pgquery.csv
base=${pg%%\?*}
query=${pg#"$base"}
export XDG_CONFIG_HOME=$out/pgquery-config
serve_pid=
dbs=()
cleanup() {
	if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
	if [ "${KEEP:-}" != 1 ]; then
		rm -f "$csv"
		for d in "${dbs[@]}"; do psql -q "$pg" -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1 || echo "bench: could not drop $d" >&2; done
	else
		echo "kept: $csv and databases ${dbs[*]}" >&2
	fi
}
trap cleanup EXIT

now() { date +%s.%N; }
median() { sort -g "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# As bench/scale.sh: enough days that --rows stops at ROWS, and a year at least.
days=$((rows * 605 / 1000000 + 30))
scale=1
if [ "$days" -lt 400 ]; then days=400; scale=$(echo "$rows / 663000" | bc -l); fi
"$out/truce-pgquery" simulate --days "$days" --rows "$rows" --seed 7 --base-rate "$(echo "400 * $scale" | bc -l)" \
	--outside-rate "$(echo "1300 * $scale" | bc -l)" --out "$csv"

from=2017-05-06 to=2017-06-30
declare -A R
measure() { # measure NAME BINARY
	local name=$1 bin=$2 db t0 t1 i port
	local dbname=truce_pgquery_${name}_$$
	dbs+=("$dbname")
	db="${base%/*}/$dbname$query"
	psql -q "$pg" -c "CREATE DATABASE $dbname" >/dev/null
	"$bin" --db "$db" agreement load agreements/astana-2017.yaml >/dev/null
	echo "[$name] import…"
	t0=$(now); "$bin" --db "$db" import ucdp "$csv" >"$out/pgquery-$name-import.log"; t1=$(now)
	R[$name,import]=$(echo "$rows / ($t1 - $t0)" | bc -l)
	echo "[$name] adjudicate…"
	t0=$(now); "$bin" --db "$db" adjudicate >/dev/null; t1=$(now)
	R[$name,adjudicate]=$(echo "$rows / ($t1 - $t0)" | bc -l)
	psql -q "$db" -c "VACUUM ANALYZE" >/dev/null
	echo "[$name] CLI ×$repeat, HTTP ×$((4 * repeat))…"
	: >"$out/pgquery-t.txt"
	for i in $(seq "$repeat"); do
		t0=$(now); "$bin" --db "$db" incidents --zone idlib --from $from --to $to --format json >"$out/pgquery-$name.json"; t1=$(now)
		echo "$t1 - $t0" | bc -l >>"$out/pgquery-t.txt"
	done
	R[$name,cli]=$(median "$out/pgquery-t.txt")
	R[$name,n]=$({ grep -o '"id":' "$out/pgquery-$name.json" || true; } | wc -l)
	port=$((20000 + RANDOM % 20000))
	"$bin" --db "$db" serve --addr 127.0.0.1:$port --public --rate-limit 0 --log-key "$out/pgquery.key" >/dev/null 2>"$out/pgquery-$name-serve.log" &
	serve_pid=$!
	for i in $(seq 600); do
		curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
		kill -0 "$serve_pid" 2>/dev/null || { echo "bench: truce serve ($name) died" >&2; tail -5 "$out/pgquery-$name-serve.log" >&2; exit 1; }
		sleep 0.5
	done
	local path="/api/v1/incidents?zone=idlib&from=$from&to=$to&limit=100"
	curl -fs -o /dev/null "http://127.0.0.1:$port$path" # warm-up, not timed
	: >"$out/pgquery-t.txt"
	for i in $(seq $((4 * repeat))); do
		curl -fs -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path" >>"$out/pgquery-t.txt"
	done
	R[$name,http]=$(median "$out/pgquery-t.txt")
	kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=
	R[$name,size]=$(psql -Atq "$db" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")
}
measure before "$BASE"
measure after "$out/truce-pgquery"
[ "${R[before,n]}" = "${R[after,n]}" ] || echo "bench: WARNING idlib incidents ${R[before,n]} before, ${R[after,n]} after" >&2

echo
echo "$(date -u +%F) $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+dirty'); $rows rows; idlib $from..$to: ${R[after,n]} incidents; store ${R[before,size]} before, ${R[after,size]} after"
printf '| %-58s | %10s | %10s | %6s |\n' measure before after ratio
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..60})" ------------ ------------ --------
printf '| %-58s | %10.0f | %10.0f | %6.2f |\n' "import, rows/s" "${R[before,import]}" "${R[after,import]}" "$(echo "${R[after,import]} / ${R[before,import]}" | bc -l)"
printf '| %-58s | %10.0f | %10.0f | %6.2f |\n' "adjudicate, incidents/s" "${R[before,adjudicate]}" "${R[after,adjudicate]}" "$(echo "${R[after,adjudicate]} / ${R[before,adjudicate]}" | bc -l)"
printf '| %-58s | %10.1f | %10.1f | %6.2f |\n' "truce incidents --zone idlib --from --to --format json, ms" \
	"$(echo "${R[before,cli]} * 1000" | bc -l)" "$(echo "${R[after,cli]} * 1000" | bc -l)" "$(echo "${R[after,cli]} / ${R[before,cli]}" | bc -l)"
printf '| %-58s | %10.1f | %10.1f | %6.2f |\n' "GET /api/v1/incidents?zone=idlib&from&to&limit=100, ms" \
	"$(echo "${R[before,http]} * 1000" | bc -l)" "$(echo "${R[after,http]} * 1000" | bc -l)" "$(echo "${R[after,http]} / ${R[before,http]}" | bc -l)"
