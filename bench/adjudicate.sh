#!/usr/bin/env bash
# Times `truce adjudicate` (judge every incident, store verdicts, rebuild the
# zone-day rollup) and `truce status` (grade every zone from the rollup) on
# simulated incidents, and prints incidents/s.
#
# Usage: bench/adjudicate.sh [MILLIONS]   (default 1; the issue's target run is 10, ~25 minutes here)
set -euo pipefail
cd "$(dirname "$0")/.."
millions=${1:-1}
out=bench/out
mkdir -p "$out"
go build -o "$out/truce" ./cmd/truce
db=$out/adjudicate.db
rm -f "$db" "$db"-*
csv=$out/sim-adj.csv
# Exactly MILLIONS million rows: ~2,300 events a day over as many days as that takes.
"$out/truce" simulate --days $((550 * millions)) --rows $((millions * 1000000)) --seed 7 --base-rate 400 --outside-rate 1300 --out "$csv"
"$out/truce" --db "$db" agreement load agreements/astana-2017.yaml >/dev/null
"$out/truce" --db "$db" import ucdp "$csv" | tail -1
rm -f "$csv"
rows=$("$out/truce" --db "$db" adjudicate | sed -n 's/^judged \([0-9]*\) incidents.*/\1/p')
s0=$(date +%s.%N)
"$out/truce" --db "$db" adjudicate >"$out/adjudicate.log"
s1=$(date +%s.%N)
"$out/truce" --db "$db" status --date 2017-06-15 >/dev/null
s2=$(date +%s.%N)
"$out/truce" --db "$db" status --date 2017-06-15 --from 2017-01-01 --to 2017-12-31 >/dev/null
s3=$(date +%s.%N)
head -1 "$out/adjudicate.log"
printf 'adjudicate: %.1fs for %d incidents = %.0f incidents/s (second run: replaces the version'"'"'s verdicts)\n' \
	"$(echo "$s1 - $s0" | bc -l)" "$rows" "$(echo "$rows / ($s1 - $s0)" | bc -l)"
printf 'status, one day, all zones: %.3fs; with a year of transitions: %.3fs (both read only the rollup)\n' \
	"$(echo "$s2 - $s1" | bc -l)" "$(echo "$s3 - $s2" | bc -l)"
