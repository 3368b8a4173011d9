#!/usr/bin/env bash
# What a bridge network costs a sandbox's start (issue 14): `edgefusion run --rm --network bridge ROOTFS -- /bin/true`
# against the same with `--network none`, alternating, N rounds each, in one run; prints both medians, the extra
# cost (CNI ADD + DEL of bridge, host-local, portmap, firewall, loopback, plus binding the netns and writing
# /etc/hosts and /etc/resolv.conf) in ms and as a ratio, and the traced "placed -> network" phase (the ADD alone).
# Linux, root, Debian's containernetworking-plugins and busybox-static.
#
# The whole run happens in a network namespace of its own (it re-executes itself under `unshare --net`): the
# default network's bridge, veths and iptables rules are made there, never on the machine's own network.
#
#   bench/network.sh            # 30 rounds
#   ROUNDS=100 bench/network.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-30}
die() { echo "network.sh: $*" >&2; exit "${2:-2}"; }
[ "$(id -u)" = 0 ] || die "needs root" 125
[ -x /usr/lib/cni/bridge ] || [ -x /opt/cni/bin/bridge ] || die "needs the CNI plugins: apt-get install -y containernetworking-plugins" 125
if [ -z "${NETWORK_BENCH_INSIDE:-}" ]; then
  NETWORK_BENCH_INSIDE=1 exec unshare --net "$0" "$@"
fi
ip link set lo up

work=$(mktemp -d /tmp/edgefusion-bench-XXXXXX)
chmod 755 "$work"
export EDGEFUSION_ROOT=$work/state
ef="$here/edgefusion"
cleanup() {
  "$ef" gc >/dev/null 2>&1 || true
  "$ef" network rm edgefusion0 >/dev/null 2>&1 || true
  # the cgroup parent of this root, once empty (gc removes it; this is for a run interrupted before gc)
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build and train (first use of ./edgefusion), default network made"
"$ef" --version >/dev/null
rootfs=$("$ef" run --rm builtin:busybox -- true >/dev/null && echo "$EDGEFUSION_ROOT/builtin/busybox")
"$ef" run --rm --network bridge "$rootfs" -- /bin/true >/dev/null  # makes edgefusion0 and its bridge once

ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
# %d: awk's default number format turns a median of a million and a half microseconds into 1.5e+06.
median() { sort -n | awk '{a[NR]=$1} END {printf "%d\n", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# The traced phase "placed" -> "network" of one run (bind + CNI ADD + the two files), in microseconds.
phase() {
  EDGEFUSION_TRACE=1 "$@" 2>&1 >/dev/null | awk '/ placed$/ {a=$2} / network$/ {b=$2}
    END {if (a != "" && b != "") printf "%d\n", (b - a) * 1000}'
}

echo "== $rounds rounds, alternating"
: > "$work/none.txt"; : > "$work/bridge.txt"; : > "$work/add.txt"
for i in $(seq 1 "$rounds"); do
  ms "$ef" run --rm --network none "$rootfs" -- /bin/true >> "$work/none.txt"
  ms "$ef" run --rm --network bridge "$rootfs" -- /bin/true >> "$work/bridge.txt"
  phase "$ef" run --rm --network bridge "$rootfs" -- /bin/true >> "$work/add.txt"
done
[ -z "$(ls -A "$EDGEFUSION_ROOT/networks/cache" 2>/dev/null)" ] || die "CNI cache entries left: $(ls -R "$EDGEFUSION_ROOT/networks/cache")"
[ -z "$(ip -o link show type veth)" ] || die "veths left: $(ip -o link show type veth)"
none=$(median < "$work/none.txt"); bridge=$(median < "$work/bridge.txt"); add=$(median < "$work/add.txt")
printf '%-48s %10s\n' "benchmark ($rounds rounds)" "median"
printf '%-48s %8.1f ms\n' "run --rm --network none   /bin/true" "$(echo "$none / 1000" | bc -l)"
printf '%-48s %8.1f ms\n' "run --rm --network bridge /bin/true" "$(echo "$bridge / 1000" | bc -l)"
printf '%-48s %8.1f ms\n' "extra cost of bridge (CNI ADD + DEL, medians)" "$(echo "($bridge - $none) / 1000" | bc -l)"
printf '%-48s %8.2f x\n' "ratio bridge / none" "$(echo "$bridge / $none" | bc -l)"
printf '%-48s %8.1f ms\n' "traced phase placed->network (netns bind + ADD)" "$(echo "$add / 1000" | bc -l)"
echo "plugins: containernetworking-plugins $(dpkg-query -W -f='${Version}' containernetworking-plugins 2>/dev/null || echo "(not from a Debian package)")"
