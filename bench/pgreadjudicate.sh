#!/usr/bin/env bash
# Adjudicating again on PostgreSQL, before and after a change: N simulated
# rows imported and judged once into one fresh database, then `truce
# adjudicate` run again by each binary in turn (nothing changed in
# between, as when an agreement's rules are edited or a verdict is
# questioned). Prints each binary's median seconds and the ratio after /
# before.
#
# Usage: BASE=PATH bench/pgreadjudicate.sh [ROWS]   (default 500000)
#        BASE: the build before, e.g. git worktree add /tmp/b COMMIT &&
#        (cd /tmp/b && go build -o /tmp/truce-base ./cmd/truce)
# Env:   TRUCE_BENCH_POSTGRES or TRUCE_TEST_POSTGRES  a server with PostGIS
#        REPEAT=N   runs of each binary, alternating (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
for c in psql awk; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
[ -n "${BASE:-}" ] || { echo "bench: set BASE to the truce binary to compare with" >&2; exit 1; }
rows=${1:-500000}
repeat=${REPEAT:-3}
pg=${TRUCE_BENCH_POSTGRES:-${TRUCE_TEST_POSTGRES:-}}
[ -n "$pg" ] || { echo "bench: set TRUCE_BENCH_POSTGRES (or TRUCE_TEST_POSTGRES)" >&2; exit 1; }

out=bench/out
mkdir -p "$out"
go build -o "$out/truce-readj" ./cmd/truce
csv=$out/readj.csv
base=${pg%%\?*}
query=${pg#"$base"}
dbname=truce_readj_$$
db="${base%/*}/$dbname$query"
export XDG_CONFIG_HOME=$out/readj-config
cleanup() {
	rm -f "$csv"
	psql -q "$pg" -c "DROP DATABASE IF EXISTS $dbname" >/dev/null 2>&1 || echo "bench: could not drop $dbname" >&2
}
trap cleanup EXIT
now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

days=$((rows * 605 / 1000000 + 30))
scale=1
if [ "$days" -lt 400 ]; then days=400; scale=$(awk -v r="$rows" 'BEGIN {print r / 663000}'); fi
"$out/truce-readj" simulate --days "$days" --rows "$rows" --seed 7 --base-rate "$(awk -v s="$scale" 'BEGIN {print 400 * s}')" \
	--outside-rate "$(awk -v s="$scale" 'BEGIN {print 1300 * s}')" --out "$csv"
psql -q "$pg" -c "CREATE DATABASE $dbname" >/dev/null
"$out/truce-readj" --db "$db" agreement load agreements/astana-2017.yaml >/dev/null
"$out/truce-readj" --db "$db" import ucdp "$csv" | tail -1
"$out/truce-readj" --db "$db" adjudicate >/dev/null
months=$(psql -Atq "$db" -c "SELECT count(*) FROM pg_inherits WHERE inhparent = 'incidents'::regclass")
sleep 2 # the import's and the first run's statistics reported
: >"$out/readj-before" && : >"$out/readj-after"
for _ in $(seq "$repeat"); do
	for side in before after; do
		bin=$BASE
		[ "$side" = after ] && bin=$out/truce-readj
		t0=$(now)
		"$bin" --db "$db" adjudicate >/dev/null
		t1=$(now)
		awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}' >>"$out/readj-$side"
	done
done
b=$(median <"$out/readj-before")
a=$(median <"$out/readj-after")
printf '%s rows, %s partitions of incidents, %s runs each, alternating\n' "$rows" "$months" "$repeat"
printf 'adjudicate again: before %.2f s, after %.2f s, ratio after / before %.2f\n' "$b" "$a" "$(awk -v a="$a" -v b="$b" 'BEGIN {print a / b}')"
