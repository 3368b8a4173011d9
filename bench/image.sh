#!/usr/bin/env bash
# Side by side, one run: import + unpack of the same 3-layer OCI layout (~50 MB, ~6,000 entries) by
# `umoci unpack` and by edgefusion three ways — the CLI as installed (a cold JVM each time), the CLI on a JVM
# with a JDK 25 AOT cache (-XX:AOTCache, trained beforehand on a different, tiny image), and in-process in a
# running JVM as the node daemon imports — best of RUNS each, into a fresh directory every time; reports
# throughput (uncompressed layer bytes per second) and each ratio to umoci. Then the time of
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
# make-layout just deleted its umoci bundles (~18,000 inodes); let them age past ext4's recently-deleted window
# (dirty_expire, 30 s) so that neither tool pays for skipping them when it allocates inodes
sleep 31
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
: > "$work/umoci.times"; : > "$work/ef.times"; : > "$work/aot.times"
java=$("$here/scripts/java-home")/bin/java
jar=$here/cli/target/edgefusion.jar
# AOT cache training on a different, tiny image (busybox in one layer), not on the measured one
train=$work/train; umoci init --layout "$train" >/dev/null; umoci new --image "$train:t"
umoci unpack --image "$train:t" "$work/tb" >/dev/null; cp /bin/busybox "$work/tb/rootfs/" 2>/dev/null || true
umoci repack --image "$train:t" "$work/tb"
"$java" -XX:AOTCacheOutput="$work/ef.aot" --enable-native-access=ALL-UNNAMED -jar "$jar" image import -q \
  --root "$work/train-state" "$train:t" train:1 >/dev/null 2>&1
for i in $(seq "$runs"); do
  t0=$(now); umoci unpack --image "$layout:bench" "$work/bundle-$i" >/dev/null; t1=$(now); secs "$t0" "$t1" >> "$work/umoci.times"
  t0=$(now); "$here/edgefusion" image import -q --root "$work/state-$i" "$layout:bench" bench:1 >/dev/null; t1=$(now)
  secs "$t0" "$t1" >> "$work/ef.times"
  t0=$(now); "$java" -XX:AOTCache="$work/ef.aot" --enable-native-access=ALL-UNNAMED -jar "$jar" image import -q \
    --root "$work/aot-$i" "$layout:bench" bench:1 >/dev/null; t1=$(now)
  secs "$t0" "$t1" >> "$work/aot.times"
done
warm=$("$java" --enable-native-access=ALL-UNNAMED -cp "$jar" "$here/bench/image/WarmImport.java" "$layout:bench" "$work" "$runs")
u=$(best < "$work/umoci.times")
e=$(best < "$work/ef.times")
a=$(best < "$work/aot.times")
tput() { awk -v b="$bytes" -v s="$1" 'BEGIN{printf "%.1f", b/1048576/s}'; }
ratio() { awk -v u="$u" -v e="$1" 'BEGIN{printf "%.2fx", u/e}'; }

project=$("$here/bench/image/make-project.sh" "$work/project")
"$here/edgefusion" image build --root "$work/bstate" -t bench/app:1 "$project" >/dev/null
t0=$(now); out=$("$here/edgefusion" image build --root "$work/bstate" -t bench/app:1 "$project"); t1=$(now)
rebuild=$(secs "$t0" "$t1")
inner=$(echo "$out" | sed -n 's/^built .* in \([0-9]*\) ms$/\1/p')
reused=$(echo "$out" | grep -c "reused layer" || true)

row() { printf '%-46s %-26s %8s %8s %8s\n' "$@"; }
row "case (best of $runs)" tool seconds "MiB/s" "vs umoci"
row "import+unpack 3 layers, $mb MiB, $files entries" "umoci unpack" "$u" "$(tput "$u")" "1.00x"
row "" "edgefusion CLI (cold JVM)" "$e" "$(tput "$e")" "$(ratio "$e")"
row "" "edgefusion CLI + AOT cache" "$a" "$(tput "$a")" "$(ratio "$a")"
row "" "edgefusion in a warm JVM" "$warm" "$(tput "$warm")" "$(ratio "$warm")"
row "rebuild unchanged project (43 MiB, 2 layers)" "edgefusion CLI (cold JVM)" "$rebuild" "-" "-"
echo "  rebuild: ${inner} ms inside the JVM, layers reused $reused/2 (target <= 1 s); target import ratio >= 1.5x"
