#!/usr/bin/env bash
# Side by side, one run: import + unpack of the same 3-layer OCI layout (~50 MB, ~4,500 files) by
# `edgefusion image import` and by `umoci unpack`, best of RUNS each, from a fresh state dir / bundle every time,
# reporting throughput (layer bytes, uncompressed, per second) and the ratio; then the time of
# `edgefusion image build` on an unchanged Java-style project (target <= 1 s).
# Needs root, umoci. Usage: bench/image.sh [RUNS]   (default 3)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
work=$(mktemp -d /tmp/edgefusion-bench-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v umoci >/dev/null || { echo "umoci is missing: apt-get install -y umoci" >&2; exit 1; }
"$here/edgefusion" --version >/dev/null   # builds the jar outside the timed runs

layout=$("$here/bench/image/make-layout.sh" "$work/img")
bytes=0; files=0
for blob in $(sed -n 's/.*"layers":\[\(.*\)\].*/\1/p' "$layout/blobs/sha256/$(sed -n 's/.*"digest":"sha256:\([0-9a-f]*\)".*/\1/p' "$layout/index.json")" | grep -o 'sha256:[0-9a-f]*' | cut -d: -f2); do
  bytes=$(( bytes + $(gzip -dc "$layout/blobs/sha256/$blob" | wc -c) ))
  files=$(( files + $(gzip -dc "$layout/blobs/sha256/$blob" | tar -t | wc -l) ))
done
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1048576}')

now() { date +%s.%N; }
best() { sort -n | head -1; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f\n", b-a}'; }
# Every run writes into a fresh directory and nothing is deleted until the end: ext4 scans past inodes
# deleted in the last 30 s when it allocates new ones (recently_deleted), which would charge one tool for
# the other's clean-up. Runs alternate so both see the same machine load.
: > "$work/umoci.times"; : > "$work/ef.times"
for i in $(seq "$runs"); do
  t0=$(now); umoci unpack --image "$layout:bench" "$work/bundle-$i" >/dev/null; t1=$(now); secs "$t0" "$t1" >> "$work/umoci.times"
  t0=$(now); "$here/edgefusion" image import -q --root "$work/state-$i" "$layout:bench" bench:1 >/dev/null; t1=$(now)
  secs "$t0" "$t1" >> "$work/ef.times"
done
u=$(best < "$work/umoci.times")
e=$(best < "$work/ef.times")
tput() { awk -v b="$bytes" -v s="$1" 'BEGIN{printf "%.1f", b/1048576/s}'; }
ratio=$(awk -v u="$u" -v e="$e" 'BEGIN{printf "%.2f", u/e}')

project=$("$here/bench/image/make-project.sh" "$work/project")
"$here/edgefusion" image build --root "$work/bstate" -t bench/app:1 "$project" >/dev/null
t0=$(now); out=$("$here/edgefusion" image build --root "$work/bstate" -t bench/app:1 "$project"); t1=$(now)
rebuild=$(secs "$t0" "$t1")
inner=$(echo "$out" | sed -n 's/^built .* in \([0-9]*\) ms$/\1/p')
reused=$(echo "$out" | grep -c "reused layer" || true)

printf '%-48s %-11s %9s %10s\n' "case (best of $runs)" tool seconds "MiB/s"
printf '%-48s %-11s %9.3f %10s\n' "import+unpack 3 layers, $mb MiB, $files entries" umoci "$u" "$(tput "$u")"
printf '%-48s %-11s %9.3f %10s\n' "import+unpack 3 layers, $mb MiB, $files entries" edgefusion "$e" "$(tput "$e")"
printf '%-48s %s\n' "throughput ratio edgefusion/umoci" "${ratio}x (target >= 1.5x)"
printf '%-48s %-11s %9.3f %10s\n' "rebuild unchanged project (43 MiB, 2 layers)" edgefusion "$rebuild" "-"
printf '%-48s %s\n' "  of which inside the JVM" "${inner} ms; layers reused: $reused/2 (target <= 1 s)"
