#!/usr/bin/env bash
# Pull from a registry on loopback (issue 14), side by side in one run: a 50 MiB image of 5 layers (10 MiB of
# random, incompressible bytes each) pushed by skopeo to Debian's docker-registry on 127.0.0.1 (plain HTTP: the
# bench measures transfer + verification + unpack, not TLS; both sides speak the same HTTP), then in alternating
# rounds, each into fresh directories so nothing is cached:
#   (a) anchor: `skopeo copy docker://… oci:DIR` and `edgefusion image import DIR` (what a user did before pull)
#   (b) `edgefusion pull …` (download, digest while streaming, unpack)
# Medians and the ratio anchor/pull (target >= 1.0x, goal 2x). Linux, root, docker-registry, skopeo.
#
#   bench/registry.sh            # 7 rounds, 1 warm-up round
#   ROUNDS=11 bench/registry.sh
#
# Exit status: 0 the target is met, 1 missed, 2 the run failed, 125 the host cannot run it.
set -euo pipefail
export LC_ALL=C
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-7}
warmup=${WARMUP:-1}
die() { echo "registry.sh: $*" >&2; exit "${2:-2}"; }
[ "$(id -u)" = 0 ] || die "needs root" 125
for t in docker-registry skopeo python3; do command -v "$t" >/dev/null || die "$t is missing" 125; done
ef=$here/edgefusion
"$ef" --version >/dev/null # builds the jar outside the timed runs

work=$(mktemp -d /tmp/edgefusion-bench-registry.XXXXXX)
reg_pid=
cleanup() {
  if [ -n "$reg_pid" ]; then kill "$reg_pid" 2>/dev/null || true; wait "$reg_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/config.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: 127.0.0.1:$port
YML
docker-registry serve "$work/config.yml" > "$work/registry.log" 2>&1 &
reg_pid=$!
for _ in $(seq 500); do
  kill -0 "$reg_pid" 2>/dev/null || die "docker-registry exited: $(cat "$work/registry.log")"
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.02 # poll interval while the registry binds its port
done
host=127.0.0.1:$port

# the image: 5 layers of 10 MiB random bytes, built by edgefusion, pushed by skopeo
mkdir -p "$work/ctx"
{ echo "FROM scratch"; for i in 1 2 3 4 5; do
    head -c $((10 << 20)) /dev/urandom > "$work/ctx/blob$i"; echo "COPY blob$i /data/blob$i"; done
  echo 'CMD ["/data/blob1"]'; } > "$work/ctx/Buildfile"
"$ef" image build --root "$work/build" -t bench/pull:1 "$work/ctx" >/dev/null
"$ef" image save --root "$work/build" bench/pull:1 "$work/layout" >/dev/null
skopeo copy -q --dest-tls-verify=false "oci:$work/layout:1" "docker://$host/bench/pull:1"
ref=$host/bench/pull:1
mib=$(( $(cat "$work"/layout/blobs/sha256/* | wc -c) >> 20 ))

now() { echo "$EPOCHREALTIME"; }
anchor() { # $1 round
  skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$work/a-$1:1" >/dev/null
  "$ef" image import -q --root "$work/sa-$1" "$work/a-$1:1" bench/pull:1 >/dev/null
}
pull() {
  "$ef" pull --insecure --root "$work/sb-$1" "$ref" >/dev/null 2>&1 || { "$ef" pull --insecure --root "$work/sb-$1" "$ref" >&2; exit 2; }
}
: > "$work/a.times"; : > "$work/b.times"
for i in $(seq $((warmup + rounds))); do
  for side in a b; do
    # the order alternates every round so drift hits both alike
    if [ $(( i % 2 )) = 0 ]; then s=$side; else s=$([ "$side" = a ] && echo b || echo a); fi
    t0=$(now)
    if [ "$s" = a ]; then anchor "$i"; else pull "$i"; fi
    t1=$(now)
    [ "$i" -gt "$warmup" ] && awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f\n", b-a}' >> "$work/$s.times"
  done
  rm -rf "$work/a-$i" "$work/sa-$i" "$work/sb-$i"
done
median() { sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
ma=$(median < "$work/a.times"); mb=$(median < "$work/b.times")
ratio=$(awk -v a="$ma" -v b="$mb" 'BEGIN{printf "%.2f", a/b}')
row() { printf '%-44s %-42s %9s %8s\n' "$@"; }
row "case (median of $rounds, $warmup warm-up)" tool seconds "ratio"
row "pull $mib MiB, 5 layers, loopback registry" "skopeo copy to oci: + edgefusion image import" "$ma" "1.00x"
row "" "edgefusion pull" "$mb" "${ratio}x"
echo "  rounds (s): anchor $(paste -sd' ' "$work/a.times"); pull $(paste -sd' ' "$work/b.times")"
echo "  target >= 1.0x, goal 2x"
pull_ok=0
awk -v r="$ratio" 'BEGIN{exit !(r >= 1.0)}' || pull_ok=1
# Issue 14's second row in the same run: what --network bridge adds to a sandbox's start (NETWORK_ROUNDS=0 skips).
if [ "${NETWORK_ROUNDS:-20}" != 0 ]; then
  echo
  ROUNDS=${NETWORK_ROUNDS:-20} "$here/bench/network.sh" || exit 2
fi
exit "$pull_ok"
