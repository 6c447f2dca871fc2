#!/usr/bin/env bash
# Times `truce import ucdp` into PostgreSQL (parse, place in zones, store
# reports, incidents and memberships, logged, judge-ready) against a raw
# `COPY ged FROM STDIN (FORMAT csv, HEADER)` of the same CSV into one table of
# text columns with no index, in one run on one machine, and prints both
# rates and their ratio. Each run imports into a fresh database, so the
# figure is that of a first import. Machines here are shared and noisy:
# compare ratios, not seconds.
#
# Usage: bench/pgimport.sh          (simulated rows: 40 days, about 110 k rows)
#        bench/pgimport.sh real     (the 16,566-row UCDP GED Syria file)
# Env:   TRUCE_BENCH_POSTGRES or TRUCE_TEST_POSTGRES  a server with PostGIS
#                      (postgres://postgres@127.0.0.1:5432/test?sslmode=disable);
#                      the script creates its databases there and drops them
#        DAYS=N        simulate N days instead of 40
#        RUNS=N        runs instead of 3 (the best of each is reported)
#        BASE=PATH     also time this truce binary (a build before a change) in
#                      the same runs
#        PROFILE=FILE  write a CPU profile of the last run's truce import
#                      (truce --cpuprofile) to FILE
set -euo pipefail
cd "$(dirname "$0")/.."
for c in psql bc; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
pg=${TRUCE_BENCH_POSTGRES:-${TRUCE_TEST_POSTGRES:-}}
[ -n "$pg" ] || { echo "bench: set TRUCE_BENCH_POSTGRES (or TRUCE_TEST_POSTGRES) to a PostgreSQL server with PostGIS" >&2; exit 1; }

out=bench/out
mkdir -p "$out"
go build -o "$out/truce" ./cmd/truce
if [ "${1:-}" = real ]; then
	csv=/work/shared/data/ucdp/ged_syria_2016-2019_ged191.csv
	[ -f "$csv" ] || csv=../shared/data/ucdp/ged_syria_2016-2019_ged191.csv
	[ -f "$csv" ] || { echo "bench: $csv is absent" >&2; exit 1; }
else
	csv=$out/pgsim.csv
	"$out/truce" simulate --days "${DAYS:-40}" --seed 7 --base-rate 400 --outside-rate 1300 --out "$csv"
fi
echo "input: $csv ($(du -h "$csv" | cut -f1))"

base=${pg%%\?*}
query=${pg#"$base"}
name=truce_pgimport_$$
url="${base%/*}/$name$query"
export XDG_CONFIG_HOME=$out/pgimport-config # the log key of the fresh stores
cleanup() { psql -q "$pg" -c "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1 || echo "bench: could not drop $name" >&2; }
trap cleanup EXIT
fresh() {
	psql -q "$pg" -c "DROP DATABASE IF EXISTS $name" >/dev/null
	psql -q "$pg" -c "CREATE DATABASE $name" >/dev/null
}

# One text column per header field (the header has no quoted commas).
ncols=$(head -1 "$csv" | tr -d '\r' | awk -F, '{print NF}')
cols=$(seq "$ncols" | sed 's/^/c/; s/$/ text/' | paste -sd,)

now() { date +%s.%N; }
variants=("truce|$out/truce")
[ -z "${BASE:-}" ] || variants+=("base|$BASE")
best_copy=999999
declare -A best
for v in "${variants[@]}"; do best[$v]=999999; done
runs=${RUNS:-3}
for run in $(seq "$runs"); do
	fresh
	psql -q "$url" -c "CREATE TABLE ged ($cols)"
	t0=$(now)
	psql -q "$url" -c "COPY ged FROM STDIN (FORMAT csv, HEADER)" <"$csv"
	t1=$(now)
	copied=$(psql -At "$url" -c "SELECT count(*) FROM ged")
	s=$(echo "$t1 - $t0" | bc -l)
	best_copy=$(echo "if ($s < $best_copy) $s else $best_copy" | bc -l)
	line=$(printf 'run %d: COPY %.2fs' "$run" "$s")
	for v in "${variants[@]}"; do
		IFS='|' read -r label bin <<<"$v"
		fresh
		"$bin" --db "$url" agreement load agreements/astana-2017.yaml >/dev/null
		prof=()
		[ -z "${PROFILE:-}" ] || [ "$run" != "$runs" ] || [ "$label" != truce ] || prof=(--cpuprofile "$PROFILE")
		t2=$(now)
		"$bin" --db "$url" "${prof[@]}" import ucdp "$csv" >"$out/pgimport.log"
		t3=$(now)
		t=$(echo "$t3 - $t2" | bc -l)
		best[$v]=$(echo "if ($t < ${best[$v]}) $t else ${best[$v]}" | bc -l)
		line+=$(printf ', %s %.2fs' "$label" "$t")
	done
	echo "$line"
done
tail -1 "$out/pgimport.log"
rows=$(sed -n 's/.*: read \([0-9]*\),.*/\1/p' "$out/pgimport.log")
[ "$rows" = "$copied" ] || echo "bench: truce read $rows rows, COPY $copied" >&2
copy_rate=$(echo "$copied / $best_copy" | bc -l)
printf 'best of %d: COPY %.2fs (%.0f rows/s)\n' "$runs" "$best_copy" "$copy_rate"
for v in "${variants[@]}"; do
	IFS='|' read -r label _ <<<"$v"
	b=${best[$v]}
	printf '  %s import %.2fs (%.0f rows/s): ratio to COPY = %.3f (target ≥ 0.25)\n' \
		"$label" "$b" "$(echo "$rows / $b" | bc -l)" "$(echo "($rows / $b) / $copy_rate" | bc -l)"
done
