#!/usr/bin/env bash
# Latency of GET /api/v1/status on one store, for several truce builds in the
# same run (issue 16's "Status reads on a large store"). For each build in
# turn it copies the store afresh, creates an analyst token, starts `truce
# serve --rate-limit 0` on a free loopback port and sends N sequential
# requests (one keep-alive connection) for dates drawn at random (seed SEED)
# from FROM to TO, the same sequence for every build, timed by the client.
# A date's first request is graded (the server's status cache is empty when it
# starts); a repeated date is answered from the cache. It prints p50/p90/p99
# of all requests, of first requests and of repeats, timed by the client and,
# on the next line, as the server logged them (its handler's time alone). The builds are run in
# ROUNDS rounds, the order reversed every other round (A B C, C B A, …), so a
# drift of the shared machine's load falls on all of them. Compare ratios
# within a run, not seconds across runs.
#
# Usage: bench/status.sh STORE BIN [BIN…]      e.g. bench/status.sh bench/out/status.tmpl.db /tmp/truce-base bench/out/truce
# Env:   N=300 ROUNDS=3 SEED=1 FROM=2017-01-10 TO=2017-12-16
#        TRUCE_LOG_KEY: the store's log key (as for every truce command)
# The store must be one every build opens: build it with the oldest (a later
# build migrates its copy when it opens it; the template is left as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: bench/status.sh STORE BIN [BIN…]" >&2; exit 2; }
tmpl=$1; shift
bins=("$@")
n=${N:-300} rounds=${ROUNDS:-3} seed=${SEED:-1} from=${FROM:-2017-01-10} to=${TO:-2017-12-16}
command -v python3 >/dev/null || { echo "bench: needs python3" >&2; exit 1; }
out=bench/out
mkdir -p "$out"
db=$out/status.db
. bench/server.sh # the scripts run from the repository root (cd above)
client() { # URL TOKEN LABEL
	python3 - "$1" "$2" "$3" "$n" "$seed" "$from" "$to" <<'PY'
import datetime, http.client, random, sys, time, urllib.parse
url, token, label, n, seed, lo, hi = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
lo, hi = datetime.date.fromisoformat(lo), datetime.date.fromisoformat(hi)
rnd = random.Random(seed)
days = [lo + datetime.timedelta(days=rnd.randint(0, (hi - lo).days)) for _ in range(n)]
u = urllib.parse.urlparse(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
seen, first, again = set(), [], []
for d in days:
    t0 = time.perf_counter()
    conn.request("GET", "/api/v1/status?date=" + d.isoformat(), headers={"Authorization": "Bearer " + token})
    r = conn.getresponse(); r.read()
    t = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        sys.exit(f"bench: status {r.status} for {d}")
    (again if d in seen else first).append(t); seen.add(d)
def q(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")
def row(xs): return f"{q(xs,.5):7.2f} {q(xs,.9):7.2f} {q(xs,.99):7.2f}"
print(f"{label:<28} all({len(first)+len(again)}) {row(first+again)} | first({len(first)}) {row(first)} | repeat({len(again)}) {row(again)}")
PY
}
server() { # the same percentiles from the durations the server logged (no client or network share)
	python3 - "$1" "$2" <<'PY'
import json, sys
seen, first, again = set(), [], []
for line in open(sys.argv[1]):
    if '"msg":"request"' not in line: continue
    e = json.loads(line)
    if e.get("path") != "/api/v1/status": continue
    t = e["duration"] / 1e6
    (again if e["query"] in seen else first).append(t); seen.add(e["query"])
def q(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(p * len(xs)))] if xs else float("nan")
def row(xs): return f"{q(xs,.5):7.2f} {q(xs,.9):7.2f} {q(xs,.99):7.2f}"
print(f"{sys.argv[2]:<28} all({len(first)+len(again)}) {row(first+again)} | first({len(first)}) {row(first)} | repeat({len(again)}) {row(again)}")
PY
}
echo "store: $tmpl ($(du -h "$tmpl" | cut -f1)); $n requests, seed $seed, dates $from..$to; ms: p50 p90 p99"
for r in $(seq "$rounds"); do
	order=("${bins[@]}")
	if [ $((r % 2)) = 0 ]; then order=(); for ((i = ${#bins[@]} - 1; i >= 0; i--)); do order+=("${bins[i]}"); done; fi
	for bin in "${order[@]}"; do
		rm -f "$db" "$db"-*
		cp "$tmpl" "$db"
		for f in "$tmpl"-wal "$tmpl"-shm; do [ ! -f "$f" ] || cp "$f" "$db${f#"$tmpl"}"; done
		token=$("$bin" --db "$db" token create --name status-bench --role analyst 2>/dev/null)
		start "$out/status-serve.out" "$out/status-serve.log" "$bin" --db "$db" serve --addr 127.0.0.1:0 --rate-limit 0
		sleep 1
		client "$url" "$token" "round $r $bin"
		stop
		server "$out/status-serve.log" "  (server's own timing)"
	done
done
rm -f "$db" "$db"-*
