#!/usr/bin/env bash
# The map with 1 M incidents in range: builds (once) an embedded store of
# 1,000,000 simulated, judged incidents (~2,300 a day from 2017-01-01), then
# runs BenchmarkMap (http/bench_test.go) on it: /api/v1/map from the
# in-memory copy, the same counted by the store, reading the copy, and
# every page of /api/v1/incidents, as the map fetched before.
#
# Usage: bench/map.sh   (the store is kept in bench/out/map.db; delete it to rebuild)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
db=$PWD/$out/map.db
if [ ! -f "$db" ]; then
	go build -o "$out/truce" ./cmd/truce
	export XDG_CONFIG_HOME=$PWD/$out/config
	"$out/truce" simulate --days 550 --rows 1000000 --seed 7 --base-rate 400 --outside-rate 1300 --out "$out/sim-map.csv"
	"$out/truce" --db "$db" agreement load agreements/astana-2017.yaml >/dev/null
	"$out/truce" --db "$db" import ucdp "$out/sim-map.csv" | tail -1
	rm -f "$out/sim-map.csv"
	"$out/truce" --db "$db" adjudicate | head -1
fi
export TRUCE_BENCH_DB=$db TRUCE_BENCH_PERIOD=2017-01-01/2018-07-04
go test -run XXX -bench 'BenchmarkMap/(whole|view)$' -benchtime 20x ./http
go test -run XXX -bench 'BenchmarkMap/(whole-in-store|read-copy|incident-pages)$' -benchtime 1x ./http
