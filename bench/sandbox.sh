#!/usr/bin/env bash
# Cold start of a sandbox, side by side with runc (issue 3): `edgefusion run --rm ROOTFS -- /bin/true` against
# `runc run` of an equivalent bundle — the same busybox root, the same namespaces (pid, ipc, uts, mount,
# network, cgroup) and limits (64 MiB, 0.5 CPU, 64 pids) — alternating, N rounds each; prints both medians and
# the ratio, then the reaper's RSS for a detached sandbox. Linux, root, Debian's runc and busybox-static.
#
#   bench/sandbox.sh            # 30 rounds
#   ROUNDS=100 bench/sandbox.sh
#   COMPARE_SECCOMP=1 bench/sandbox.sh   # also `run --security-opt seccomp=unconfined` in each round
#   BASELINE=/path/to/older/checkout bench/sandbox.sh
#       # also that checkout's ./edgefusion in each round (built there first), and for both the median of the
#       # traced phase "root prepared -> started" (cgroup, device cgroup, seccomp, helper, the child's mounts and
#       # set-up up to execve): what the sandbox start itself costs, without the JVM's start around it
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-30}
die() { echo "sandbox.sh: $*" >&2; exit "${2:-2}"; }
[ "$(id -u)" = 0 ] || die "needs root" 125
command -v runc >/dev/null || die "needs runc: apt-get install -y runc" 125

work=$(mktemp -d /tmp/edgefusion-bench-XXXXXX)
chmod 755 "$work"
export EDGEFUSION_ROOT=$work/state
# The baseline's own code names its cgroup parent its own way and its gc may not remove it: remember which
# edgefusion* cgroup directories existed before the run, and at the end rmdir the empty ones that did not.
cgroup_parents() { { ls -d /sys/fs/cgroup/*/edgefusion* /sys/fs/cgroup/unified/edgefusion* 2>/dev/null || true; } | sort -u; }
cgroup_parents > "$work/cgroups-before"
cleanup() {
  "$here/edgefusion" rm -f bench-reaper >/dev/null 2>&1 || true
  "$here/edgefusion" gc >/dev/null 2>&1 || true
  for id in $(runc --root "$work/runc" list -q 2>/dev/null); do runc --root "$work/runc" delete -f "$id" || true; done
  [ -n "${BASELINE:-}" ] && "$BASELINE/edgefusion" gc >/dev/null 2>&1 || true
  cgroup_parents | comm -13 "$work/cgroups-before" - | while read -r d; do rmdir "$d" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build and train (first use of ./edgefusion)"
"$here/edgefusion" --version >/dev/null
rootfs=$("$here/edgefusion" run --rm builtin:busybox -- true >/dev/null && echo "$EDGEFUSION_ROOT/builtin/busybox")

# The runc bundle: its default spec, our rootfs (copied, runc wants it inside the bundle), the same limits.
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

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "== $rounds rounds, alternating"
: > "$work/ef.txt"; : > "$work/runc.txt"; : > "$work/ef-unconfined.txt"
# The phase "root prepared" -> "started" of one traced run, in microseconds.
phase() {
  EDGEFUSION_TRACE=1 "$@" 2>&1 >/dev/null | awk '/ root prepared$/ {a=$2} / started$/ && !/helper started/ {b=$2}
    END {if (a != "" && b != "") printf "%d\n", (b - a) * 1000}'
}
if [ -n "${BASELINE:-}" ]; then
  [ -x "$BASELINE/edgefusion" ] || die "BASELINE=$BASELINE: no ./edgefusion there" 125
  "$BASELINE/edgefusion" --version >/dev/null
  : > "$work/base.txt"; : > "$work/ef-phase.txt"; : > "$work/base-phase.txt"
fi
for i in $(seq 1 "$rounds"); do
  if [ -n "${BASELINE:-}" ]; then
    ms "$BASELINE/edgefusion" run --rm --memory 64m --cpus 0.5 --pids-limit 64 "$rootfs" -- /bin/true >> "$work/base.txt"
    phase "$here/edgefusion" run --rm --memory 64m --cpus 0.5 --pids-limit 64 "$rootfs" -- /bin/true \
      >> "$work/ef-phase.txt"
    phase "$BASELINE/edgefusion" run --rm --memory 64m --cpus 0.5 --pids-limit 64 "$rootfs" -- /bin/true \
      >> "$work/base-phase.txt"
  fi
  ms "$here/edgefusion" run --rm --memory 64m --cpus 0.5 --pids-limit 64 "$rootfs" -- /bin/true >> "$work/ef.txt"
  ms runc --root "$work/runc" run --bundle "$bundle" "bench-$i" >> "$work/runc.txt"
  if [ -n "${COMPARE_SECCOMP:-}" ]; then
    ms "$here/edgefusion" run --rm --security-opt seccomp=unconfined --memory 64m --cpus 0.5 --pids-limit 64 \
      "$rootfs" -- /bin/true >> "$work/ef-unconfined.txt"
  fi
done
ef=$(median < "$work/ef.txt"); rc=$(median < "$work/runc.txt")
printf '%-44s %10s\n' "benchmark" "median"
printf '%-44s %8.1f ms\n' "edgefusion run --rm (cold CLI, JDK 25 + AOT)" "$(echo "$ef / 1000" | bc -l)"
printf '%-44s %8.1f ms\n' "runc run (Debian $(runc --version | head -1 | awk '{print $3}'))" "$(echo "$rc / 1000" | bc -l)"
printf '%-44s %8.2f x   (target <= 2.00 x)\n' "ratio edgefusion / runc" "$(echo "$ef / $rc" | bc -l)"
if [ -n "${COMPARE_SECCOMP:-}" ]; then
  un=$(median < "$work/ef-unconfined.txt")
  printf '%-44s %8.1f ms\n' "edgefusion run --rm, seccomp=unconfined" "$(echo "$un / 1000" | bc -l)"
  printf '%-44s %8.1f ms\n' "default filter - unconfined (medians)" "$(echo "($ef - $un) / 1000" | bc -l)"
fi

if [ -n "${BASELINE:-}" ]; then
  bs=$(median < "$work/base.txt"); ep=$(median < "$work/ef-phase.txt"); bp=$(median < "$work/base-phase.txt")
  printf '%-44s %8.1f ms\n' "baseline run --rm ($(git -C "$BASELINE" rev-parse --short HEAD))" "$(echo "$bs / 1000" | bc -l)"
  printf '%-44s %8.1f ms\n' "this run --rm - baseline (medians)" "$(echo "($ef - $bs) / 1000" | bc -l)"
  printf '%-44s %8.1f ms\n' "phase prepared->started, this checkout" "$(echo "$ep / 1000" | bc -l)"
  printf '%-44s %8.1f ms\n' "phase prepared->started, baseline" "$(echo "$bp / 1000" | bc -l)"
  printf '%-44s %8.1f ms\n' "phase difference (medians)" "$(echo "($ep - $bp) / 1000" | bc -l)"
fi

echo "== reaper RSS of a detached sandbox"
"$here/edgefusion" run -d --name bench-reaper "$rootfs" -- sleep 60 >/dev/null
reaper=$("$here/edgefusion" inspect bench-reaper | python3 -c 'import json,sys; print(json.load(sys.stdin)["sandboxes"][0]["state"]["reaperPid"])')
rss=$(awk '/VmRSS/ {print $2}' "/proc/$reaper/status")
printf '%-44s %8d KiB   (target <= 1024 KiB)\n' "reaper VmRSS" "$rss"
