#!/usr/bin/env bash
# Writes the benchmark image: an OCI layout made by umoci with 3 layers, ~50 MB and ~4,500 files in total
# (half incompressible, half base64 text), the second layer deleting files and a directory of the first.
# Usage: make-layout.sh DIR   → DIR/layout:bench
set -euo pipefail
dir=$1
rm -rf "$dir"; mkdir -p "$dir"
layout=$dir/layout
umoci init --layout "$layout" >/dev/null
umoci new --image "$layout:bench"
files() { # files DIR PREFIX MB KB_PER_FILE: MB of data split into files of KB each, half random, half text
  mkdir -p "$1"
  head -c "$(( $3 * 512 ))K" /dev/urandom | split -b "${4}k" -a 4 - "$1/$2-bin-"
  head -c "$(( $3 * 384 ))K" /dev/urandom | base64 -w 76 | split -b "${4}k" -a 4 - "$1/$2-txt-"
}
bundle=$dir/bundle
umoci unpack --image "$layout:bench" "$bundle" >/dev/null
files "$bundle/rootfs/usr/lib/app" base 20 10
files "$bundle/rootfs/usr/share/data" share 5 4
ln -s ../lib/app "$bundle/rootfs/usr/share/app-link"
umoci repack --image "$layout:bench" "$bundle"
rm -rf "$bundle"
umoci unpack --image "$layout:bench" "$bundle" >/dev/null
files "$bundle/rootfs/opt/deps" deps 15 12
rm -rf "$bundle/rootfs/usr/share/data"
rm -f "$bundle"/rootfs/usr/lib/app/base-bin-aa*
umoci repack --image "$layout:bench" "$bundle"
rm -rf "$bundle"
umoci unpack --image "$layout:bench" "$bundle" >/dev/null
files "$bundle/rootfs/srv/app" app 10 16
umoci repack --image "$layout:bench" "$bundle"
rm -rf "$bundle"
echo "$layout"
