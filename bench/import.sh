#!/usr/bin/env bash
# Times `truce import ucdp` (parse, place in zones, store reports and
# incidents, indexes maintained) against the sqlite3 shell's raw `.import` of
# the same CSV into one untyped table, in one run on one machine, and prints
# the ratio. Machines here are shared and noisy: compare ratios, not seconds.
#
# Usage: bench/import.sh [ROWS_SCALE]   (default 1: about 1 M simulated rows)
#        bench/import.sh real           (the 16,566-row UCDP GED Syria file)
set -euo pipefail
cd "$(dirname "$0")/.."
for c in sqlite3 bc; do command -v $c >/dev/null || { echo "bench: needs $c (apt-get install $c)" >&2; exit 1; }; done

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
	"$out/truce" simulate --days 365 --seed 7 --base-rate $((400 * scale)) --outside-rate $((1300 * scale)) --out "$csv"
fi
echo "input: $csv ($(du -h "$csv" | cut -f1))"

now() { date +%s.%N; }
best_sqlite=999999 best_truce=999999
for run in 1 2 3; do
	rm -f "$out"/raw.db* "$out"/truce.db*
	t0=$(now)
	sqlite3 "$out/raw.db" -cmd ".mode csv" ".import $csv ged"
	t1=$(now)
	"$out/truce" --db "$out/truce.db" agreement load agreements/astana-2017.yaml >/dev/null
	t2=$(now)
	"$out/truce" --db "$out/truce.db" import ucdp "$csv" >"$out/import.log"
	t3=$(now)
	s=$(echo "$t1 - $t0" | bc -l); t=$(echo "$t3 - $t2" | bc -l)
	printf 'run %d: sqlite3 .import %.2fs, truce import %.2fs\n' "$run" "$s" "$t"
	best_sqlite=$(echo "if ($s < $best_sqlite) $s else $best_sqlite" | bc -l)
	best_truce=$(echo "if ($t < $best_truce) $t else $best_truce" | bc -l)
done
tail -1 "$out/import.log"
# Rows as truce counted them: quoted fields may span lines, so wc -l overcounts.
rows=$(sed -n 's/.*: read \([0-9]*\),.*/\1/p' "$out/import.log")
printf 'best of 3: sqlite3 .import %.2fs (%.0f rows/s), truce import %.2fs (%.0f rows/s)\n' \
	"$best_sqlite" "$(echo "$rows / $best_sqlite" | bc -l)" "$best_truce" "$(echo "$rows / $best_truce" | bc -l)"
printf 'ratio truce/sqlite3 = %.2f (target ≤ 1.00)\n' "$(echo "$best_truce / $best_sqlite" | bc -l)"
printf 'store size: sqlite3 %s, truce %s\n' "$(du -h "$out/raw.db" | cut -f1)" "$(du -h "$out/truce.db" | cut -f1)"
