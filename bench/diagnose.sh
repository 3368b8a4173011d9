#!/usr/bin/env bash
# What `diagnose throttling` costs the workload it watches (issue 13, performance: at most 1 % added CPU).
# A fixed amount of Go allocation work (bench/diagnose/work.go, GC-heavy, run with --gc-trace at --cpus 1) runs
# ROUNDS times unwatched and ROUNDS times watched, alternating, in one run. Per run the workload reports its own
# wall and CPU time for the fixed work; for watched runs the watcher's own CPU (utime+stime of its JVM from
# /proc, taken from when its sampling loop runs — after JVM start — to when the work is done) is set against
# the workload's cgroup CPU (cpuacct.usage / usage_usec) over the same stretch.
#
#   bench/diagnose.sh                 # 3 rounds of 2000000 blocks (64 KiB each) per run
#   bench/diagnose.sh --rounds 5 --blocks 4000000
#
# Linux, root, Debian's go. Exit: 0 the watcher's CPU is at most 1 % of the workload's, 1 above, 125 cannot run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=3 blocks=2000000
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) rounds=${2:?}; shift ;;
    --blocks) blocks=${2:?}; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "diagnose.sh: unknown argument '$1'" >&2; exit 125 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "diagnose.sh: needs root" >&2; exit 125; }
command -v go >/dev/null || { echo "diagnose.sh: needs go (golang-go)" >&2; exit 125; }
work=$(mktemp -d /tmp/edgefusion-bench-diagnose-XXXXXX)
root=$work/state
ef() { "$here/edgefusion" --root "$root" "$@"; }
names=()
cleanup() {
  for n in "${names[@]}"; do ef rm -f "$n" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
out=$work/out
mkdir -p "$out"
cp "$here/bench/diagnose/work.go" "$work/"
(cd "$work" && CGO_ENABLED=0 GOCACHE=$work/cache HOME=$work GO111MODULE=off go build -o work work.go)
ticks=$(getconf CLK_TCK)

# utime+stime of a process in ms
cpu_of() { awk -v t="$ticks" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$1/stat"; }
# the workload cgroup's CPU time in ms
usage_of() {
  local id=$1 f
  f=$(find /sys/fs/cgroup/cpuacct /sys/fs/cgroup -maxdepth 3 -type d -name "$id" 2>/dev/null | head -1)
  if [ -f "$f/cpuacct.usage" ]; then echo $(( $(cat "$f/cpuacct.usage") / 1000000 ));
  else awk '/^usage_usec/ { print int($2 / 1000) }' "$f/cpu.stat"; fi
}
await_done() {
  until [ -s "$out/$1" ]; do sleep 0.05; done
  cat "$out/$1"
}

printf '%-10s %-5s %10s %10s %12s %12s\n' run round wall_ms cpu_ms watcher_ms watcher_%
sum_u_cpu=0 sum_w_cpu=0 sum_u_wall=0 sum_w_wall=0 sum_watch=0 sum_span=0
for r in $(seq 1 "$rounds"); do
  for mode in unwatched watched; do
    n=bench-$mode-$r
    names+=("$n")
    id=$(ef run -d --name "$n" --cpus 1 --gc-trace --mount "type=bind,src=$work,dst=/app,ro" \
      --mount "type=bind,src=$out,dst=/out" builtin:busybox -- /app/work "$blocks" "/out/$n")
    watch_ms=- pct=-
    if [ $mode = watched ]; then
      ef diagnose throttling "$n" --window 10m >/dev/null 2>&1 &
      launcher=$!
      # the watcher's JVM (the launcher may exec through the thin client); its start and JIT warm-up are not the
      # sampling cost, so the stretch begins 3 s in
      jvm=
      until [ -n "$jvm" ]; do jvm=$(pgrep -n -f -- "-jar .*diagnose throttling $n" || true); sleep 0.05; done
      sleep 3
      c0=$(cpu_of "$jvm") u0=$(usage_of "$id")
    fi
    line=$(await_done "$n")
    wall=$(sed 's/.*wall_ms=\([0-9]*\).*/\1/' <<<"$line") cpu=$(sed 's/.*cpu_ms=\([0-9]*\).*/\1/' <<<"$line")
    if [ $mode = watched ]; then
      c1=$(cpu_of "$jvm") u1=$(usage_of "$id")
      kill -TERM "$jvm" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true
      watch_ms=$((c1 - c0)) span=$((u1 - u0))
      pct=$(awk -v a=$watch_ms -v b=$span 'BEGIN { printf "%.2f", (b > 0 ? 100 * a / b : 0) }')
      sum_watch=$((sum_watch + watch_ms)) sum_span=$((sum_span + span))
      sum_w_cpu=$((sum_w_cpu + cpu)) sum_w_wall=$((sum_w_wall + wall))
    else
      sum_u_cpu=$((sum_u_cpu + cpu)) sum_u_wall=$((sum_u_wall + wall))
    fi
    printf '%-10s %-5s %10s %10s %12s %12s\n' "$mode" "$r" "$wall" "$cpu" "$watch_ms" "$pct"
    ef rm -f "$n" >/dev/null
  done
done
awk -v uc=$sum_u_cpu -v wc=$sum_w_cpu -v uw=$sum_u_wall -v ww=$sum_w_wall -v a=$sum_watch -v b=$sum_span 'BEGIN {
  printf "workload CPU watched/unwatched: %.3f   wall watched/unwatched: %.3f\n", wc / uc, ww / uw
  printf "watcher CPU while sampling: %d ms against the workload cgroup'"'"'s %d ms = %.2f %% (target <= 1 %%)\n", a, b, 100 * a / b
  exit (100 * a / b <= 1.0) ? 0 : 1 }'
