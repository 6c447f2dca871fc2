#!/usr/bin/env bash
# Read replicas (issue 16): reads per second of a status + single-incident
# mix answered by `truce serve` on a PostgreSQL primary alone, then spread
# over the primary and 1 or 2 `truce serve --read-only` on streaming
# standbys of it. It starts its own clusters (initdb, pg_basebackup -R) in
# a temporary directory on free ports, as postgres when run as root, seeds
# the primary with ROWS simulated incidents (imported and adjudicated),
# waits for the standbys to replay, and measures each set-up with
# bench/readrate (closed loop, CONNS connections in all, DURATION each).
# Everything runs on this one machine: compare the ratios it prints, which
# say what replicas add when they share the primary's cores; on separate
# machines each replica brings its own.
#
# Usage: bench/replicas.sh [ROWS] [DURATION]     (default 50000 rows, 10s)
# Env:   CONNS=12  PG_BIN=/usr/lib/postgresql/15/bin  SHARE=0.5 (status share)  PIN=1 (see pin)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-50000}
duration=${2:-10s}
conns=${CONNS:-12}
share=${SHARE:-0.5}
bin=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$bin/pg_basebackup" ] || { echo "bench: no PostgreSQL server binaries (set PG_BIN)" >&2; exit 1; }
for c in psql bc; do command -v $c >/dev/null || { echo "bench: needs $c" >&2; exit 1; }; done
out=bench/out
mkdir -p "$out"
go build -o "$out/truce" ./cmd/truce
go build -o "$out/readrate" ./bench/readrate
truce=$PWD/$out/truce

dir=$(mktemp -d /tmp/truce-replicas-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as=(runuser -u postgres --); fi
pids=()
clusters=()
cleanup() {
	for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for c in "${clusters[@]}"; do "${as[@]}" "$bin/pg_ctl" -D "$c" -m immediate -w stop >/dev/null 2>&1 || true; done
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# PIN=1 pins the primary's cluster and server to core 0 and replica i's to
# core i (mod the cores), to see what each server brings with a core of its
# own, as on separate machines; the client runs on any core.
cores=$(nproc)
pin() { # pin I: the command prefix that runs on set-up I's core
	if [ "${PIN:-}" = 1 ]; then echo taskset -c $(( $1 % cores )); fi
}
start() { # start DATADIR I
	$(pin "$2") "${as[@]}" "$bin/pg_ctl" -D "$1" -l "$1.log" -w -t 60 start >/dev/null
	clusters+=("$1")
}

pport=$(port)
"${as[@]}" "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust --no-sync -E UTF8 --locale=C >/dev/null
cat >>"$dir/primary/postgresql.conf" <<CONF
port = $pport
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 6
shared_buffers = 256MB
max_connections = 100
CONF
echo "host replication postgres 127.0.0.1/32 trust" >>"$dir/primary/pg_hba.conf"
start "$dir/primary" 0
primary_db="postgres://postgres@127.0.0.1:$pport/truce?sslmode=disable"
psql -q "postgres://postgres@127.0.0.1:$pport/postgres" -c "CREATE DATABASE truce"
psql -q "$primary_db" -c "CREATE EXTENSION postgis"

key=$dir/log.key
export TRUCE_LOG_KEY=$key
echo "seeding the primary with $rows simulated incidents…"
# As bench/scale.sh: rates scaled so that 400 days hold ROWS events.
scale=$(echo "$rows / 663000" | bc -l)
"$truce" simulate --days 400 --rows "$rows" --seed 7 --base-rate "$(echo "400 * $scale" | bc -l)" \
	--outside-rate "$(echo "1300 * $scale" | bc -l)" --out "$dir/sim.csv" >/dev/null
"$truce" --db "$primary_db" agreement load agreements/astana-2017.yaml >/dev/null
"$truce" --db "$primary_db" import ucdp "$dir/sim.csv" >/dev/null
"$truce" --db "$primary_db" adjudicate >/dev/null
token=$("$truce" --db "$primary_db" token create --name bench-analyst --role analyst 2>/dev/null)
incidents=$(psql -qAt "$primary_db" -c "SELECT count(*) FROM incidents")

standby_dbs=()
for i in 1 2; do
	sport=$(port)
	"${as[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$dir/standby$i" -R -X stream --checkpoint=fast
	echo "port = $sport" >>"$dir/standby$i/postgresql.conf"
	start "$dir/standby$i" "$i"
	standby_dbs+=("postgres://postgres@127.0.0.1:$sport/truce?sslmode=disable")
done
lsn=$(psql -qAt "$primary_db" -c "SELECT pg_current_wal_lsn()")
for s in "${standby_dbs[@]}"; do
	for _ in $(seq 300); do
		[ "$(psql -qAt "$s" -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && break
		sleep 0.1
	done
done

serve() { # serve NAME I ARGS…: sets url (not in a subshell, so that pids keeps the server for cleanup)
	local name=$1 i=$2; shift 2
	url=
	$(pin "$i") "$truce" serve --addr 127.0.0.1:0 --rate-limit 0 "$@" >"$dir/$name.out" 2>"$out/replicas-$name.log" &
	pids+=($!)
	for _ in $(seq 100); do
		url=$(sed -n 's|^Truce is serving.* on \(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$dir/$name.out")
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || { echo "bench: $name did not start" >&2; cat "$out/replicas-$name.log" >&2; exit 1; }
}
serve primary 0 --db "$primary_db"; p=$url
serve replica1 1 --db "${standby_dbs[0]}" --read-only --primary "$p"; r1=$url
serve replica2 2 --db "${standby_dbs[1]}" --read-only --primary "$p"; r2=$url
maxid=$(( incidents < 100000 ? incidents : 100000 ))
echo "primary $p, replicas $r1 $r2; $incidents incidents; $cores cores (pinned: ${PIN:-0}); $conns connections in all, status share $share, $duration each"

measure() { # measure URLS…: prints reads/s
	local urls n
	urls=$(IFS=,; echo "$*")
	n=$(( conns / $# ))
	line=$("$out/readrate" --urls "$urls" --token "$token" --conns "$n" --duration "$duration" --status-share "$share" --max-id "$maxid")
	echo "$line" >&2
	sed -n 's/.*reads\/s \([0-9]*\),.*/\1/p' <<<"$line"
}
base=$(measure "$p")
one=$(measure "$p" "$r1")
two=$(measure "$p" "$r1" "$r2")
ronly=$(measure "$r1")
echo
echo "| set-up | reads/s | × primary alone |"
echo "|---|---|---|"
echo "| primary alone | $base | 1.00 |"
printf "| primary + 1 replica | %s | %.2f |\n" "$one" "$(echo "$one / $base" | bc -l)"
printf "| primary + 2 replicas | %s | %.2f |\n" "$two" "$(echo "$two / $base" | bc -l)"
printf "| 1 replica alone | %s | %.2f |\n" "$ronly" "$(echo "$ronly / $base" | bc -l)"
