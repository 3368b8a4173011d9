#!/usr/bin/env bash
# The node as the fast path (issue 10), side by side with runc in one run:
#   1. `edgefusion run --rm ROOTFS -- /bin/true` through a node (bash launcher -> thin client -> node), alternating
#      with `runc run` of an equivalent bundle (same busybox root, namespaces and limits); medians and the ratio;
#   2. sandbox start->exit through the API (`POST /v1/sandboxes/run` on ROOT/node.sock) with 4 in flight, against
#      runc's sequential rate; the ratio of the rates;
#   3. the node's memory (Pss and Rss from /proc/PID/smaps_rollup) idle and with 50 running workloads, and the
#      reapers' mean Rss;
#   4. `ps` and `stats --no-stream` through the node with 100 sandboxes; medians.
# Linux, root, Debian's runc, busybox-static and curl.
#
#   bench/node.sh                 # 31 rounds, 80 API runs
#   ROUNDS=61 RUNS=160 bench/node.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-31}
runs=${RUNS:-80}
die() { echo "node.sh: $*" >&2; exit "${2:-2}"; }
[ "$(id -u)" = 0 ] || die "needs root" 125
command -v runc >/dev/null || die "needs runc: apt-get install -y runc" 125
command -v curl >/dev/null || die "needs curl: apt-get install -y curl" 125

work=$(mktemp -d /tmp/edgefusion-bench-node-XXXXXX)
chmod 755 "$work"
root=$work/state
ef() { "$here/edgefusion" --root "$root" "$@"; }
node_pid=
cleanup() {
  if [ -n "$node_pid" ]; then
    for n in $(ef ps -aq 2>/dev/null); do ef rm -f "$n" >/dev/null 2>&1 || true; done
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  EDGEFUSION_NO_CLIENT=1 ef gc >/dev/null 2>&1 || true
  for id in $(runc --root "$work/runc" list -q 2>/dev/null); do runc --root "$work/runc" delete -f "$id" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build, train, assemble the busybox root"
"$here/edgefusion" --version >/dev/null
EDGEFUSION_NO_CLIENT=1 ef run --rm builtin:busybox -- true >/dev/null
rootfs=$root/builtin/busybox

bundle=$work/bundle
mkdir -p "$bundle" && cp -a "$rootfs" "$bundle/rootfs"
(cd "$bundle" && runc spec)
python3 - "$bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/true"]
c["root"]["readonly"] = False
ns = c["linux"]["namespaces"]
if not any(n["type"] == "cgroup" for n in ns):
    ns.append({"type": "cgroup"})
c["linux"]["resources"] = {"memory": {"limit": 64 << 20}, "cpu": {"quota": 50000, "period": 100000},
                           "pids": {"limit": 64}}
json.dump(c, open(p, "w"), indent=1)
PY

echo "== start the node"
# Not through ef(): a function in the background is a subshell, $! would be its pid and the node would outlive
# the cleanup. The launcher execs (client, then java), so $! stays the node.
"$here/edgefusion" --root "$root" node --api-listen off --metrics-listen off > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do
  grep -q ready "$work/node.log" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; die "the node did not start"; }
  sleep 0.1
done
grep -q ready "$work/node.log" || die "the node did not say ready"
ef node status -q || die "node status: no node"
# The java process is the node (the launcher execs it).
sock=$root/node.sock

us() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ms() { echo "$1 / 1000" | bc -l; }

echo "== warm-up (the node's JIT)"
for _ in $(seq 1 20); do ef run --rm "$rootfs" -- /bin/true >/dev/null; done

echo "== 1. run --rm through the node vs runc run, $rounds rounds alternating"
: > "$work/ef.txt"; : > "$work/runc.txt"
for i in $(seq 1 "$rounds"); do
  us ef run --rm --memory 64m --cpus 0.5 --pids-limit 64 "$rootfs" -- /bin/true >> "$work/ef.txt"
  us runc --root "$work/runc" run --bundle "$bundle" "bench-$i" >> "$work/runc.txt"
done
e1=$(median < "$work/ef.txt"); r1=$(median < "$work/runc.txt")

echo "== 2. start->exit through the API, $runs runs, 4 in flight, vs runc sequential"
body="{\"source\":\"$rootfs\",\"command\":[\"/bin/true\"],\"memory\":\"64m\",\"cpus\":0.5,\"pids\":64}"
# Four API clients, each one curl on one kept-alive connection (as an orchestrator holds its connection): a
# bash + curl per request cost more CPU than the sandbox itself on 2 cores and measured the shell, not the node.
api_worker() {
  local n=$1 args=() i
  for ((i = 1; i <= n; i++)); do
    [ "$i" -gt 1 ] && args+=(--next)
    args+=(-s --unix-socket "$sock" -H 'Content-Type: application/json' -d "$body" -o /dev/null
           -w '%{http_code}\n' http://node/v1/sandboxes/run)
  done
  curl "${args[@]}"
}
per=$(( (runs + 3) / 4 ))
s=$(date +%s%N)
workers=()
for w in 1 2 3 4; do api_worker "$per" > "$work/api-$w.txt" & workers+=($!); done
wait "${workers[@]}" # not a bare wait: the node is a background job too
e=$(date +%s%N)
codes=$(cat "$work"/api-*.txt)
[ "$(grep -c '^200$' <<< "$codes")" = $((per * 4)) ] || die "$(grep -vc '^200$' <<< "$codes") API runs failed"
api_rate=$(echo "$per * 4 / (($e - $s) / 1000000000)" | bc -l)
s=$(date +%s%N)
for i in $(seq 1 "$runs"); do runc --root "$work/runc" run --bundle "$bundle" "seq-$i" >/dev/null 2>&1; done
e=$(date +%s%N)
runc_rate=$(echo "$runs / (($e - $s) / 1000000000)" | bc -l)

echo "== 3. memory: idle, then 50 running workloads"
rollup() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/smaps_rollup"; }
jpid=$(pgrep -P "$node_pid" java || echo "$node_pid")
[ -r "/proc/$jpid/smaps_rollup" ] || jpid=$node_pid
# Idle means at rest: the JIT's arenas go back after ~5 s and the trimmed malloc heap every 2 s.
sleep 6
idle_pss=$(rollup "$jpid" Pss); idle_rss=$(rollup "$jpid" Rss)
for i in $(seq 1 50); do ef run -d --name "w$i" "$rootfs" -- sleep 600 >/dev/null; done
sleep 6
busy_pss=$(rollup "$jpid" Pss); busy_rss=$(rollup "$jpid" Rss)
reaper_rss=0
for i in $(seq 1 50); do
  rp=$(ef inspect "w$i" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sandboxes"][0]["state"]["reaperPid"])')
  reaper_rss=$((reaper_rss + $(awk '/VmRSS/ {print $2}' "/proc/$rp/status")))
done

echo "== 4. ps and stats --no-stream with 100 sandboxes"
for i in $(seq 51 100); do ef run -d --name "w$i" "$rootfs" -- sleep 600 >/dev/null; done
[ "$(ef ps -q | wc -l)" -ge 100 ] || die "expected 100 running sandboxes"
: > "$work/ps.txt"; : > "$work/stats.txt"
for _ in $(seq 1 5); do ef ps >/dev/null; ef stats --no-stream >/dev/null; done
for _ in $(seq 1 21); do
  us ef ps >> "$work/ps.txt"
  us ef stats --no-stream >> "$work/stats.txt"
done
ps_med=$(median < "$work/ps.txt"); st_med=$(median < "$work/stats.txt")

printf '\n%-52s %12s %s\n' "benchmark" "result" "target"
printf '%-52s %9.1f ms\n' "run --rm /bin/true through the node (median)" "$(ms "$e1")"
printf '%-52s %9.1f ms\n' "runc run $(runc --version | head -1 | awk '{print $3}') (median)" "$(ms "$r1")"
printf '%-52s %9.2f x    <= 1.50 x (goal 1.0)\n' "ratio node run / runc run" "$(echo "$e1 / $r1" | bc -l)"
printf '%-52s %9.1f /s\n' "API start->exit, 4 in flight" "$api_rate"
printf '%-52s %9.1f /s\n' "runc run, sequential" "$runc_rate"
printf '%-52s %9.2f x    >= 3.00 x (goal 5)\n' "ratio API rate / runc rate" "$(echo "$api_rate / $runc_rate" | bc -l)"
printf '%-52s %9.1f MiB  <= 48 MiB (Rss %.1f MiB)\n' "node Pss idle" "$(echo "$idle_pss / 1024" | bc -l)" "$(echo "$idle_rss / 1024" | bc -l)"
printf '%-52s %9.1f MiB  <= 64 MiB (Rss %.1f MiB)\n' "node Pss, 50 running workloads" "$(echo "$busy_pss / 1024" | bc -l)" "$(echo "$busy_rss / 1024" | bc -l)"
printf '%-52s %9.1f KiB  <= 1024 KiB\n' "reaper Rss, mean of 50" "$(echo "$reaper_rss / 50" | bc -l)"
printf '%-52s %9.1f ms   <= 20 ms\n' "ps, 100 sandboxes, through the node (median)" "$(ms "$ps_med")"
printf '%-52s %9.1f ms   <= 20 ms\n' "stats --no-stream, 100 sandboxes (median)" "$(ms "$st_med")"
