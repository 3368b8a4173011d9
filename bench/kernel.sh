#!/usr/bin/env bash
# Kernel-layer benchmarks (bench/README.md): builds, starts JMH inside limited cgroups this script creates, prints
# benchmark | score | unit | target | pass/fail and the JDK / EdgeFusion ratios, and removes every cgroup it (or
# the benchmarks) created on the way out. Linux, root, cgroup v1 or hybrid or v2.
#
#   bench/kernel.sh                      # everything, about 2.5 minutes on 2 cores
#   bench/kernel.sh -i 10 -r 2s          # extra arguments go to JMH and replace the defaults they name
#   EDGEFUSION_BENCH_FILTER='JdkMetricsBench' bench/kernel.sh   # a subset (JMH regex)
#
# Exit status: 0 all targets met, 1 a target missed, 2 the run failed, 125 the host cannot run it.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
out=$here/bench/target/kernel-bench
jar=$here/bench/target/benchmarks.jar

die() { echo "kernel.sh: $*" >&2; exit "${2:-2}"; }
[ "$(uname -s)" = Linux ] || die "needs Linux (cgroups)" 125
[ "$(id -u)" = 0 ] || die "needs root to create cgroups" 125

java_home=$("$here/scripts/java-home") || exit 125
java=$java_home/bin/java

# ---------------------------------------------------------------------------------------------------------------
# Build the benchmarks and what they depend on (the kernel module), not unrelated modules, so a half-edited
# module elsewhere does not stop a benchmark run. The shade plugin is bound to package, so install also writes
# bench/target/benchmarks.jar.
echo "== build: scripts/mvn -q -DskipTests -pl bench -am install"
"$here/scripts/mvn" -q -DskipTests -pl bench -am install
[ -f "$jar" ] || die "$jar was not built"
mkdir -p "$out"
rm -f "$out/results.csv" "$out/jmh.log"

# ---------------------------------------------------------------------------------------------------------------
# Cgroups. Names we own, one random suffix for the run:
#   <current cgroup>/edgefusion-bench-jvm-<suffix>  in each hierarchy: the JMH JVMs run here, with limits;
#                                                   nested under the caller's own cgroup so its accounting holds
#   /edgefusion-bench-<suffix>                      StatsBench's 100 cgroups (the fork creates and removes them;
#                                                   removed here too if the fork died before its teardown)
suffix=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
jvm_name=edgefusion-bench-jvm-$suffix
stats_name=edgefusion-bench-$suffix
used_v1=(cpu cpuacct cpuset memory pids freezer)

# "<mount point> <mount root>" of the hierarchy whose /proc/self/cgroup controller field is $1 ("" = cgroup2).
mount_of() {
  awk -v want="$1" '{
    for (i = 7; i <= NF && $i != "-"; i++) {}
    fs = $(i + 1)
    if (want == "") { if (fs == "cgroup2") { print $5, $4; exit } ; next }
    if (fs != "cgroup") next
    n = split($(i + 3), have, ","); m = split(want, w, ","); hit = 0
    for (a = 1; a <= m; a++) for (b = 1; b <= n; b++) if (w[a] == have[b]) hit++
    if (hit == m) { print $5, $4; exit }
  }' /proc/self/mountinfo
}

jvm_dirs=()     # created directories, in creation order
acct_dir=""     # our cpuacct directory: CPU time of the benchmark JVMs, to tell it from everyone else's
cleanup_done=0
cleanup() {
  [ "$cleanup_done" = 1 ] && return
  cleanup_done=1
  local d mp leftovers=() tries
  # Everything this run may have created: the JVM cgroups, and the stats subtree at the root of every mount.
  for d in "${jvm_dirs[@]}"; do leftovers+=("$d"); done
  while read -r mp; do
    [ -d "$mp/$stats_name" ] && leftovers+=("$mp/$stats_name")
  done < <(awk '{ for (i = 7; i <= NF && $i != "-"; i++) {} if ($(i+1) == "cgroup" || $(i+1) == "cgroup2") print $5 }' \
           /proc/self/mountinfo)
  [ "${#leftovers[@]}" -gt 0 ] || return 0
  # Tasks still inside (a fork that died before its teardown, its sleepers): SIGKILL them by pid, only from
  # cgroups this run created, until every one is empty.
  for tries in $(seq 1 50); do
    local pids
    pids=$(for d in "${leftovers[@]}"; do [ -d "$d" ] && find "$d" -name cgroup.procs -exec cat {} + ; done 2>/dev/null \
           | sort -un)
    [ -z "$pids" ] && break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  for d in "${leftovers[@]}"; do
    [ -d "$d" ] || continue
    for tries in $(seq 1 50); do
      find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [ -d "$d" ] || break
      sleep 0.1
    done
    [ -d "$d" ] && echo "kernel.sh: could not remove $d" >&2
  done
  return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

procs=()
while IFS=: read -r _id ctl cg_path; do
  if [ -z "$ctl" ]; then
    kind=cgroup2
  else
    hit=0
    for c in "${used_v1[@]}"; do [[ ",$ctl," == *",$c,"* ]] && hit=1; done
    [ "$hit" = 1 ] || continue
    kind=$ctl
  fi
  mp=""; root=""
  read -r mp root < <(mount_of "$ctl") || true
  [ -n "$mp" ] || continue
  rel=$cg_path
  if [ "$root" != / ]; then rel=${cg_path#"$root"}; fi
  parent=$mp${rel%/}
  [ "$parent" = "$mp/" ] && parent=$mp
  dir=$parent/$jvm_name
  mkdir "$dir"
  jvm_dirs+=("$dir")
  case ",$ctl," in *,cpuset,*)
    # A new v1 cpuset is empty and refuses tasks (ENOSPC) until cpus and mems are set: inherit the parent's.
    cat "$parent/cpuset.cpus" > "$dir/cpuset.cpus"
    cat "$parent/cpuset.mems" > "$dir/cpuset.mems" ;;
  esac
  case ",$ctl," in *,memory,*) echo $((2 << 30)) > "$dir/memory.limit_in_bytes" ;; esac
  case ",$ctl," in *,cpu,*)
    # Quota = every CPU of the machine: a real limit both readers report, without throttling the measurement.
    # cpu.shares stays at its default (1024): a lower weight would hand CPU to other tasks mid-measurement.
    echo 100000 > "$dir/cpu.cfs_period_us"
    echo $(( $(nproc --all) * 100000 )) > "$dir/cpu.cfs_quota_us" ;;
  esac
  case ",$ctl," in *,pids,*) echo 2048 > "$dir/pids.max" ;; esac
  if [ "$kind" = cgroup2 ]; then
    # Pure v2 host: limits live here (controllers must be enabled by the parent for the files to exist).
    [ -f "$dir/memory.max" ] && echo $((2 << 30)) > "$dir/memory.max"
    [ -f "$dir/cpu.max" ] && echo "$(( $(nproc --all) * 100000 )) 100000" > "$dir/cpu.max"
    [ -f "$dir/pids.max" ] && echo 2048 > "$dir/pids.max"
  fi
  case ",$ctl," in *,cpuacct,*) acct_dir=$dir ;; esac
  procs+=("$dir/cgroup.procs")
done < /proc/self/cgroup
[ "${#procs[@]}" -gt 0 ] || die "no cgroup hierarchy to run in" 125

echo "== cgroups of the benchmark JVMs:"
printf '   %s\n' "${jvm_dirs[@]}"
echo "== StatsBench subtree: /$stats_name (100 cgroups, created and removed by the fork)"

# ---------------------------------------------------------------------------------------------------------------
# Run. The shell joins every hierarchy, then becomes the JVM; JMH's forks inherit the cgroups. Forks get
# --enable-native-access and --add-exports from @Fork(jvmArgsAppend) and inherit -D from this JVM.
# JMH rejects an option given twice, so a default is dropped when the caller passes that option.
defaults=(-f 1 -wi 10 -w 1s -i 5 -r 1s -foe true)
jmh_args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  case " $* " in *" ${defaults[k]} "*) ;; *) jmh_args+=("${defaults[k]}" "${defaults[k + 1]}") ;; esac
done
jmh_args+=(-prof io.edgefusion.bench.kernel.CpuTimeProfiler -rf csv -rff "$out/results.csv" "$@" "${EDGEFUSION_BENCH_FILTER:-io\.edgefusion\.bench\.kernel\..*}")
echo "== JMH ${jmh_args[*]}  (log: $out/jmh.log)"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc --all) CPUs (other work on the machine skews the scores)"
# Busy CPU time of the whole machine (USER_HZ ticks: user nice system irq softirq steal) and wall time, to report
# afterwards how much CPU other processes used while the benchmarks ran.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
busy0=$(busy_ticks); wall0=$(date +%s%N)
set +e
EF_PROCS="${procs[*]}" /bin/sh -c '
  for f in $EF_PROCS; do echo $$ > "$f" || { echo "cannot join $f" >&2; exit 125; }; done
  exec "$@"' kernel-bench \
  "$java" --sun-misc-unsafe-memory-access=allow \
  --enable-native-access=ALL-UNNAMED --add-exports=java.base/jdk.internal.platform=ALL-UNNAMED \
  "-Dedgefusion.bench.statsRoot=/$stats_name" -jar "$jar" "${jmh_args[@]}" 2>&1 \
  | tee "$out/jmh.log" | grep --line-buffered -E '^# Benchmark:|^Iteration +[0-9]+:|^# Run complete|edgefusion-bench:|ERROR|Exception'
rc=${PIPESTATUS[0]}
set -e
echo "   load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
busy1=$(busy_ticks); wall1=$(date +%s%N)
if [ -n "$acct_dir" ] && [ -r "$acct_dir/cpuacct.usage" ]; then
  awk -v b="$((busy1 - busy0))" -v hz="$(getconf CLK_TCK)" -v ours="$(cat "$acct_dir/cpuacct.usage")" \
      -v wall="$((wall1 - wall0))" -v n="$(nproc --all)" 'BEGIN {
    all = b / hz; mine = ours / 1e9; other = all - mine; if (other < 0) other = 0; w = wall / 1e9
    share = other / (w * n); note = ""
    if (share > 0.10) note = "  <- contended: wall-clock scores are inflated, the cpu/op column and cpu ratios much less"
    f = "   CPU during the run (%.0f s wall, %d CPUs): benchmark JVMs %.1f CPU-s, everything else %.1f CPU-s"
    printf f " (%.0f%% of the machine)%s\n", w, n, mine, other, 100 * share, note
  }'
fi
[ "$rc" = 0 ] || die "JMH exited $rc; see $out/jmh.log"
[ -s "$out/results.csv" ] || die "JMH wrote no results; see $out/jmh.log"

# ---------------------------------------------------------------------------------------------------------------
# Table. Targets of issue 2, in the unit each benchmark reports.
echo
awk -F, '
  function unq(s) { gsub(/"/, "", s); return s }
  { sub(/\r$/, "") }
  NR == 1 { next }
  {
    name = unq($1); sub(/^io\.edgefusion\.bench\.kernel\./, "", name)
    if (name ~ /:cpu$/) { sub(/:cpu$/, "", name); cpu[name] = $5 + 0; next }
    if (name ~ /:/) next
    score[name] = $5 + 0; err[name] = $6 + 0; unit[name] = unq($7); order[++n] = name
  }
  END {
    target["StatsBench.stats100"] = 10;       tunit["StatsBench.stats100"] = "ms/op"
    target["EffectiveBench.ofProcess"] = 500; tunit["EffectiveBench.ofProcess"] = "us/op"
    fmt = "%-38s %10s %10s %10s %-6s %12s  %s\n"
    printf fmt, "benchmark", "score", "+- error", "cpu/op", "unit", "target", "result"
    printf fmt, "---------", "-----", "--------", "------", "----", "------", "------"
    fails = 0
    for (i = 1; i <= n; i++) {
      b = order[i]; t = "-"; r = "-"
      if (b in target) {
        if (unit[b] != tunit[b]) { r = "FAIL (unit " unit[b] ")"; fails++ }
        else if (score[b] <= target[b]) r = "PASS"
        else { r = "FAIL"; fails++ }
        t = sprintf("<= %g %s", target[b], tunit[b]); sub(/\/op$/, "", t)
      }
      printf fmt, b, sprintf("%.3f", score[b]), sprintf("%.3f", err[b]), (b in cpu) ? sprintf("%.3f", cpu[b]) : "-",
             unit[b], t, r
    }
    print ""
    print "JDK time / EdgeFusion time, same cgroup, same fork (> 1: EdgeFusion is faster):"
    rfmt = "  %-70s %6s %6s\n"
    printf rfmt, "", "wall", "cpu"
    ratio("snapshotJdk / snapshotEdgefusion", "(cgroup dirs known)", "JdkMetricsBench.snapshotJdk",
          "JdkMetricsBench.snapshotEdgefusion")
    ratio("snapshotJdkWide / snapshotEdgefusion", "(JDK reads every counterpart)", "JdkMetricsBench.snapshotJdkWide",
          "JdkMetricsBench.snapshotEdgefusion")
    ratio("discoverJdk / discoverEdgefusion", "(cgroups found per call)", "JdkMetricsBench.discoverJdk",
          "JdkMetricsBench.discoverEdgefusion")
    exit (fails > 0)
  }
  function ratio(label, note, a, b) {
    if (!(a in score) || !(b in score) || score[b] == 0 || unit[a] != unit[b]) {
      printf rfmt, label " " note, "n/a", "n/a"; return
    }
    c = (a in cpu) && (b in cpu) && cpu[b] > 0 ? sprintf("%.2f", cpu[a] / cpu[b]) : "n/a"
    printf rfmt, label " " note, sprintf("%.2f", score[a] / score[b]), c
  }
' "$out/results.csv" && status=0 || status=$?
echo
echo "results: $out/results.csv   log: $out/jmh.log"
exit "$status"
