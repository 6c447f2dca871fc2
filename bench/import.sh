#!/usr/bin/env bash
# Times `truce import ucdp` (parse, place in zones, store reports and
# incidents, indexes maintained) against the sqlite3 shell's raw `.import` of
# the same CSV into one untyped table, in one run on one machine, and prints
# the ratio. Machines here are shared and noisy: compare ratios, not seconds.
#
# Usage: bench/import.sh [ROWS_SCALE]   (default 1: about 1 M simulated rows)
#        bench/import.sh real           (the 16,566-row UCDP GED Syria file)
# Env:   DAYS=N        simulate N days instead of 365 (DAYS=90: about 250 k rows)
#        CORES="1 2"   time truce import once per GOMAXPROCS value in each run, to
#                      see what the parse-and-place workers gain from each core
#        RUNS=N        runs instead of 3 (the best of them is reported)
#        BASE=PATH     also time this truce binary (a build before a change), in the
#                      same runs, e.g. git worktree add /tmp/base HEAD~1 &&
#                      (cd /tmp/base && go build -o /tmp/truce-base ./cmd/truce)
#        BASE_AGREEMENT=PATH  the agreement file BASE loads (default the tree's
#                      agreements/astana-2017.yaml), for a build that refuses keys
#                      added since, e.g. /tmp/base/agreements/astana-2017.yaml
set -euo pipefail
cd "$(dirname "$0")/.."
for c in sqlite3 bc /usr/bin/time; do command -v $c >/dev/null || { echo "bench: needs $c (apt-get install $c)" >&2; exit 1; }; done

out=bench/out
mkdir -p "$out"
go build -o "$out/truce" ./cmd/truce

if [ "${1:-1}" = real ]; then
	csv=../shared/data/ucdp/ged_syria_2016-2019_ged191.csv
	[ -f "$csv" ] || { echo "bench: $csv is absent" >&2; exit 1; }
else
	scale=${1:-1}
	csv=$out/sim.csv
	# About 1 M rows per unit of scale: 365 days × (4 zones × 400 + 1300) events/day, less the ceasefire's effect.
	"$out/truce" simulate --days "${DAYS:-365}" --seed 7 --base-rate $((400 * scale)) --outside-rate $((1300 * scale)) --out "$csv"
fi
echo "input: $csv ($(du -h "$csv" | cut -f1))"

now() { date +%s.%N; }
# Variants timed in each run: binary × GOMAXPROCS ("-": Go's default).
variants=()
for c in ${CORES:--}; do
	variants+=("truce|$out/truce|$c")
	[ -z "${BASE:-}" ] || variants+=("base|$BASE|$c")
done
best_sqlite=999999
declare -A best cpu
for v in "${variants[@]}"; do best[$v]=999999 cpu[$v]=999999; done
label() { # name and cores of a variant, for the output
	IFS='|' read -r name _ c <<<"$1"
	printf '%s%s' "$name" "$([ "$c" = - ] || echo " GOMAXPROCS=$c")"
}
for run in $(seq "${RUNS:-3}"); do
	rm -f "$out"/raw.db*
	t0=$(now)
	sqlite3 "$out/raw.db" -cmd ".mode csv" ".import $csv ged"
	t1=$(now)
	s=$(echo "$t1 - $t0" | bc -l)
	line=$(printf 'run %d: sqlite3 .import %.2fs' "$run" "$s")
	best_sqlite=$(echo "if ($s < $best_sqlite) $s else $best_sqlite" | bc -l)
	for v in "${variants[@]}"; do
		IFS='|' read -r name bin c <<<"$v"
		agreement=agreements/astana-2017.yaml
		[ "$name" != base ] || agreement=${BASE_AGREEMENT:-$agreement}
		rm -f "$out"/truce.db*
		"$bin" --db "$out/truce.db" agreement load "$agreement" >/dev/null
		t2=$(now)
		# CPU time too: on a shared machine it varies far less than the wall
		# clock, and what the cores add shows as CPU above the wall time.
		if [ "$c" = - ]; then
			/usr/bin/time -f '%U %S' -o "$out/import.cpu" "$bin" --db "$out/truce.db" import ucdp "$csv" >"$out/import.log"
		else
			GOMAXPROCS=$c /usr/bin/time -f '%U %S' -o "$out/import.cpu" "$bin" --db "$out/truce.db" import ucdp "$csv" >"$out/import.log"
		fi
		t3=$(now)
		t=$(echo "$t3 - $t2" | bc -l)
		u=$(awk '{print $1 + $2}' "$out/import.cpu")
		line+=$(printf ', %s %.2fs (CPU %.2fs)' "$(label "$v")" "$t" "$u")
		best[$v]=$(echo "if ($t < ${best[$v]}) $t else ${best[$v]}" | bc -l)
		cpu[$v]=$(echo "if ($u < ${cpu[$v]}) $u else ${cpu[$v]}" | bc -l)
	done
	echo "$line"
done
tail -1 "$out/import.log"
# Rows as truce counted them: quoted fields may span lines, so wc -l overcounts.
rows=$(sed -n 's/.*: read \([0-9]*\),.*/\1/p' "$out/import.log")
printf 'best of %d: sqlite3 .import %.2fs (%.0f rows/s)\n' "${RUNS:-3}" "$best_sqlite" "$(echo "$rows / $best_sqlite" | bc -l)"
for v in "${variants[@]}"; do
	b=${best[$v]}
	printf '  %s import %.2fs (%.0f rows/s, least CPU %.2fs): ratio to sqlite3 = %.2f (target ≤ 1.00)\n' \
		"$(label "$v")" "$b" "$(echo "$rows / $b" | bc -l)" "${cpu[$v]}" "$(echo "$b / $best_sqlite" | bc -l)"
done
printf 'store size: sqlite3 %s, truce %s\n' "$(du -h "$out/raw.db" | cut -f1)" "$(du -h "$out/truce.db" | cut -f1)"
