#!/usr/bin/env bash
# edgefusion-oci as an OCI runtime (issue 12), side by side in one run with Debian's runc and crun:
#   1. create + start + wait until stopped + delete of /bin/true from a bundle (busybox-static root, `runc spec`
#      with args /bin/true, no terminal, pid/network/ipc/uts/mount namespaces), per runtime: runc; crun (in a
#      private mount namespace where the cgroup2 mount is hidden: crun refuses this hybrid host otherwise);
#      edgefusion-oci in a cold JVM (EDGEFUSION_NO_CLIENT=1); edgefusion-oci through a node this script starts;
#   2. `podman run --rm --network none IMAGE true` end to end with each of them as podman's --runtime, podman
#      private to the run's temp dir (storage, run root, tmp dir, file locks, events, cgroup parent).
# Rounds alternate (the order rotates every round) so drift hits every runtime alike; medians, p90 (nearest rank)
# and the ratio of medians to runc's. A runtime that fails prints `FAILED: <first error line>` in its row, and
# the others go on. Linux, root, runc, crun, podman, busybox-static, python3.
#
#   bench/oci.sh                        # 21 rounds of each, 5 warm-up rounds (podman: 2)
#   ROUNDS=51 WARMUP=5 bench/oci.sh
#   PODMAN_ROUNDS=0 bench/oci.sh        # part 1 only
#   RUNTIMES="runc crun" bench/oci.sh   # a subset of: runc crun cold node
#   ROUND_TIMEOUT=300 bench/oci.sh      # seconds a round may take before its runtime counts as failed (120)
#
# Exit status: 0 the target is met, 1 missed or an edgefusion-oci row failed, 2 the run failed, 125 the host
# cannot run it.
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME's decimal point
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=${ROUNDS:-21}
warmup=${WARMUP:-5}
podman_rounds=${PODMAN_ROUNDS:-$rounds}
limit=${ROUND_TIMEOUT:-120} # seconds for one round (or one podman run) before its runtime counts as failed
read -r -a keys <<< "${RUNTIMES:-runc crun cold node}"
die() { echo "oci.sh: $*" >&2; exit "${2:-2}"; }
[ "$(id -u)" = 0 ] || die "needs root" 125
for t in runc crun podman python3 unshare timeout bc; do
  command -v "$t" >/dev/null || die "needs $t: apt-get install -y $t" 125
done
[ -x /bin/busybox ] || die "needs busybox-static: apt-get install -y busybox-static" 125
runc=$(command -v runc); crun=$(command -v crun)
unified=/sys/fs/cgroup/unified
[ "${keys[0]}" = runc ] || die "RUNTIMES must start with runc (the ratios' anchor)"

work=$(mktemp -d /tmp/edgefusion-bench-oci-XXXXXX)
chmod 755 "$work"
# Every cgroup of the run lives under this name, in every hierarchy: runtimes get it as cgroupsPath, podman as
# --cgroup-parent.
cgname=${work##*/}
node_pid=

# podman private to $work: storage, run root, tmp dir (events, file locks), its configuration, TMPDIR (else a
# temp file in /var/tmp)
podman_cmd=(env CONTAINERS_CONF="$work/containers.conf" TMPDIR="$work/tmp" podman --root "$work/storage" --runroot "$work/run"
            --cgroup-manager cgroupfs --events-backend file --storage-driver overlay --tmpdir "$work/tmp")
podman_at() { "${podman_cmd[@]}" "$@"; }
hide_unified='if grep -q " '$unified' " /proc/self/mountinfo; then umount '$unified'; fi'
mounts_under() { awk -v w="$work" 'index($5, w "/") == 1 || $5 == w {print $5}' /proc/self/mountinfo; }
cleanup() {
  set +e
  # Containers: every id left in every state root, with its own runtime (crun's in a namespace like its runs).
  for d in "$work"/state/*/ "$work"/pstate/*/; do
    [ -d "$d" ] || continue
    key=${d%/}; key=${key##*/}
    for c in "$d"*/; do
      [ -d "$c" ] || continue
      id=${c%/}; id=${id##*/}
      case $key in
        runc) "$runc" --root "$d" delete -f "$id" ;;
        crun) unshare -m sh -c "$hide_unified; exec $crun --root '$d' delete -f '$id'" ;;
        cold) EDGEFUSION_NO_CLIENT=1 EDGEFUSION_ROOT=$work/ef-cold "$here/edgefusion-oci" --root "$d" delete -f "$id" ;;
        node) EDGEFUSION_ROOT=$work/ef-node "$here/edgefusion-oci" --root "$d" delete -f "$id" ;;
      esac >/dev/null 2>&1
    done
  done
  # podman: whatever a failed run left (crun's containers need the hidden cgroup2 mount to be removed).
  if [ -d "$work/storage" ]; then
    podman_at rm -af >/dev/null 2>&1
    unshare -m sh -c "$hide_unified; exec \"\$@\"" sh "${podman_cmd[@]}" rm -af >/dev/null 2>&1
  fi
  if [ -n "$node_pid" ]; then
    kill -TERM "$node_pid" 2>/dev/null
    wait "$node_pid" 2>/dev/null
  fi
  for r in ef-cold ef-node; do
    [ -d "$work/$r" ] && EDGEFUSION_NO_CLIENT=1 EDGEFUSION_ROOT=$work/$r "$here/edgefusion" gc >/dev/null 2>&1
  done
  # Our cgroups: SIGKILL by pid whatever is still in them (only after a failure), then remove them leaf first.
  for top in /sys/fs/cgroup/*/"$cgname" "$unified/$cgname"; do
    [ -d "$top" ] || continue
    for _ in 1 2 3; do
      procs=$(find "$top" -name cgroup.procs -exec cat {} + 2>/dev/null)
      [ -z "$procs" ] && break
      kill -KILL $procs 2>/dev/null; sleep 0.2
    done
    find "$top" -depth -type d -exec rmdir {} + 2>/dev/null
    [ -d "$top" ] && echo "oci.sh: could not remove cgroup $top" >&2
  done
  # Mounts podman may have left under $work, deepest first; never remove a tree with something mounted in it.
  for m in $(mounts_under | sort -r); do umount "$m" 2>/dev/null || umount -l "$m"; done
  if [ -n "$(mounts_under)" ]; then
    echo "oci.sh: still mounted, $work kept: $(mounts_under | tr '\n' ' ')" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM

echo "== the busybox root, the bundles, the podman image"
rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/sys" "$rootfs/dev" "$rootfs/tmp" "$rootfs/etc" "$rootfs/root"
cp /bin/busybox "$rootfs/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$rootfs/bin/$a"; done
mkdir -p "$work/spec"
(cd "$work/spec" && "$runc" spec)
# One bundle per runtime and program (the same root, by absolute path), each with its own cgroup under ours.
bundles() { # KEY: bundles $work/b/KEY (args /bin/true) and $work/b/KEY-echo (args echo ok, the sanity check)
  python3 - "$work/spec/config.json" "$work/b/$1" "$rootfs" "/$cgname/$1" <<'PY'
import json, os, sys
src, dst, rootfs, cgroup = sys.argv[1:]
for suffix, args in (("", ["/bin/true"]), ("-echo", ["/bin/echo", "ok"])):
    c = json.load(open(src))
    c["process"]["terminal"] = False
    c["process"]["args"] = args
    c["root"] = {"path": rootfs, "readonly": True}
    c["linux"]["cgroupsPath"] = cgroup
    if not any(n["type"] == "network" for n in c["linux"]["namespaces"]):
        c["linux"]["namespaces"].append({"type": "network"})
    os.makedirs(dst + suffix)
    json.dump(c, open(os.path.join(dst + suffix, "config.json"), "w"), indent=1)
PY
}
for k in "${keys[@]}"; do bundles "$k"; mkdir -p "$work/state/$k" "$work/pstate/$k" "$work/out/$k"; done
mkfifo "$work/nap"

name_of() {
  case $1 in
    runc) echo "runc $("$runc" --version | awk 'NR == 1 {print $3}')" ;;
    crun) echo "crun $("$crun" --version | awk 'NR == 1 {print $3}') (cgroup2 hidden)" ;;
    cold) echo "edgefusion-oci, cold JVM" ;;
    node) echo "edgefusion-oci through the node" ;;
  esac
}

# --- one round of part 1, run in a fresh bash (crun's inside `unshare -m`, after hiding the cgroup2 mount) ----
# The clock runs inside, so that bash's start and crun's namespace are outside every runtime's number alike.
# The container's process is not our child after create (the runtime leaves it to the nearest subreaper), so the
# wait polls /proc/PID (from --pid-file) every 200 us with shell builtins: the same cost for every runtime, none
# of it spent in the runtime. A zombie counts as stopped (runc's rule). Prints microseconds, or FAILED: ....
nap() { read -r -t 0.0002 -u "$napfd" _ || true; }
wait_gone() { # PID: 0 once gone or a zombie, 1 after 30 s
  local s deadline=$((${EPOCHREALTIME/./} + 30000000))
  while read -r s 2>/dev/null < "/proc/$1/stat"; do
    s=${s##*) }
    case ${s%% *} in Z | X) return 0 ;; esac
    ((${EPOCHREALTIME/./} < deadline)) || return 1
    nap
  done
}
round() { # STATE BUNDLE ID OUT RUNTIME...
  local state=$1 bundle=$2 id=$3 out=$4 t0 t1 pid
  shift 4
  exec {napfd}<> "$NAP"
  fail() { echo "FAILED: $1: $(grep -m1 . "$out.err" | cut -c1-160)"; exit 1; }
  : > "$out.err"
  t0=$EPOCHREALTIME
  "$@" --root "$state" create --bundle "$bundle" --pid-file "$out.pid" "$id" {napfd}<&- < /dev/null > "$out.stdout" 2>> "$out.err" || fail create
  read -r pid < "$out.pid" || [ -n "$pid" ] || fail "read --pid-file"
  "$@" --root "$state" start "$id" {napfd}<&- < /dev/null > /dev/null 2>> "$out.err" || fail start
  wait_gone "$pid" || { echo "pid $pid still running after 30 s" >> "$out.err"; fail wait; }
  "$@" --root "$state" delete "$id" {napfd}<&- < /dev/null > /dev/null 2>> "$out.err" || fail delete
  t1=$EPOCHREALTIME
  echo $((${t1/./} - ${t0/./}))
}
export -f nap wait_gone round
export NAP=$work/nap

run_round() { # KEY ID BUNDLE-SUFFIX: prints microseconds or FAILED: ...
  local k=$1 id=$2 b=$work/b/$1${3:-} body='round "$@"'
  local args=("$work/state/$k" "$b" "$id" "$work/out/$k/last")
  case $k in
    runc) timeout -k 5 "$limit" bash -c "$body" round "${args[@]}" "$runc" ;;
    crun) timeout -k 5 "$limit" unshare -m bash -c "$hide_unified && $body" round "${args[@]}" "$crun" ;;
    cold) EDGEFUSION_NO_CLIENT=1 EDGEFUSION_ROOT=$work/ef-cold timeout -k 5 "$limit" bash -c "$body" round "${args[@]}" "$here/edgefusion-oci" ;;
    node) EDGEFUSION_ROOT=$work/ef-node timeout -k 5 "$limit" bash -c "$body" round "${args[@]}" "$here/edgefusion-oci" ;;
  esac || { local rc=$?; case $rc in 124 | 137) echo "FAILED: no end after $limit s (ROUND_TIMEOUT)" ;; esac; return 0; }
}

declare -A failed=()
fail_key() { # KEY MESSAGE [ID]: the runtime drops out of the run; its container (if any) is force-deleted later
  failed[$1]=${2#FAILED: }
  echo "   $1: ${failed[$1]}" >&2
}

# When no node answers, the thin client silently hands the command to a cold JVM (it execs the launcher again), so
# the node row could measure the cold path. The client alone, without the launcher to fall back to, with the
# argv shape of the timed calls (`oci --root STATE VERB`), says whether the node answers them; checked before and
# after each part, the rows in between went through the node.
client=$here/native/target/classes/io/edgefusion/nativehelper/edgefusion-client
node_serves() { # STATE-ROOT: prints why not and fails, unless the node answers `oci --root STATE-ROOT list`
  local out
  [ -x "$client" ] || { echo "no thin client at $client"; return 1; }
  kill -0 "$node_pid" 2>/dev/null || { echo "the node exited (see $work/node.log)"; return 1; }
  out=$(env -u EDGEFUSION_LAUNCHER -u EDGEFUSION_NO_CLIENT EDGEFUSION_ROOT="$work/ef-node" \
        "$client" oci --root "$1" list 2>&1 >/dev/null) ||
    { echo "\`oci --root T/${1#"$work"/} list\` does not reach the node (so edgefusion-oci runs a cold JVM): $(l=$(echo "$out" | grep -m1 .); echo "${l%% and *}")"; return 1; }
}

if [[ " ${keys[*]} " == *" cold "* ]] || [[ " ${keys[*]} " == *" node "* ]]; then
  echo "== ./edgefusion: build if needed (first use)"
  if ! out=$("$here/edgefusion" --version 2>&1 >/dev/null); then
    for k in cold node; do fail_key "$k" "edgefusion --version: $(echo "$out" | grep -m1 .)"; done
  fi
fi
if [[ " ${keys[*]} " == *" node "* ]] && [ -z "${failed[node]:-}" ]; then
  echo "== start the node on $work/ef-node"
  EDGEFUSION_NO_CLIENT=1 "$here/edgefusion" --root "$work/ef-node" node --api-listen off --metrics-listen off \
    > "$work/node.log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 600); do
    grep -q ready "$work/node.log" 2>/dev/null && break
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.1
  done
  if ! grep -q ready "$work/node.log"; then
    fail_key node "node did not start: $(grep -m1 . "$work/node.log")"
  elif ! why=$(node_serves "$work/state/node"); then
    fail_key node "$why"
  fi
fi

echo "== sanity: each runtime runs /bin/echo ok, its stdout passed through"
for k in "${keys[@]}"; do
  [ -n "${failed[$k]:-}" ] && continue
  r=$(run_round "$k" sanity -echo)
  case $r in
    FAILED*) fail_key "$k" "$r" ;;
    *) [ "$(cat "$work/out/$k/last.stdout")" = ok ] ||
         fail_key "$k" "echo ok printed '$(head -c 80 "$work/out/$k/last.stdout")'" ;;
  esac
done
[ -z "${failed[runc]:-}" ] || die "runc itself fails: ${failed[runc]}"

n=${#keys[@]}
echo "== 1. create+start+delete /bin/true: $warmup warm-up + $rounds rounds, alternating"
for k in "${keys[@]}"; do : > "$work/out/$k/times"; done
for i in $(seq 1 $((warmup + rounds))); do
  for j in $(seq 0 $((n - 1))); do
    k=${keys[$(((i + j) % n))]}
    [ -n "${failed[$k]:-}" ] && continue
    r=$(run_round "$k" "r$i")
    case $r in
      FAILED*) fail_key "$k" "$r (round $i)" ;;
      *) [ "$i" -gt "$warmup" ] && echo "$r" >> "$work/out/$k/times" ;;
    esac
  done
done
if [ -n "$node_pid" ] && [ -z "${failed[node]:-}" ] && ! why=$(node_serves "$work/state/node"); then
  fail_key node "after the rounds: $why"
fi
declare -A failed1=()
for k in "${keys[@]}"; do failed1[$k]=${failed[$k]:-}; done

# --- part 2: podman run --rm, each runtime through a one-line wrapper (podman passes the runtime no --root and
# a stripped environment): the state root under $work, and for edgefusion-oci the client's environment.
if [ "$podman_rounds" -gt 0 ]; then
  echo "== podman: private storage, the image"
  mkdir -p "$work/tmp" "$work/bin"
  # This host's root lacks CAP_SYS_RESOURCE (podman's default nofile=1048576 fails); file locks keep podman off
  # the host's shared /dev/shm/libpod_lock.
  printf '[containers]\ndefault_ulimits = ["nofile=1024:4096","nproc=1024:4096"]\n[engine]\nlock_type = "file"\n' \
    > "$work/containers.conf"
  tar -C "$rootfs" -cf "$work/rootfs.tar" .
  # The import also writes the host's blob-info cache (/var/lib/containers/cache), whatever --root says: a
  # private mount namespace with a tmpfs there keeps it out.
  unshare -m sh -c 'if [ -d /var/lib/containers ]; then mount -t tmpfs tmpfs /var/lib/containers; fi; exec "$@"' sh \
    "${podman_cmd[@]}" import "$work/rootfs.tar" localhost/ef-busybox:1 >/dev/null 2>"$work/import.err" ||
    die "podman import: $(grep -m1 . "$work/import.err")"
  for k in "${keys[@]}"; do
    case $k in
      runc) env= ; exe=$runc ;;
      crun) env= ; exe=$crun ;;
      cold) env="export EDGEFUSION_NO_CLIENT=1 EDGEFUSION_ROOT=$work/ef-cold"; exe=$here/edgefusion-oci ;;
      node) env="export EDGEFUSION_ROOT=$work/ef-node"; exe=$here/edgefusion-oci ;;
    esac
    printf '#!/bin/sh\n%s\nexec %s --root %s "$@"\n' "$env" "$exe" "$work/pstate/$k" > "$work/bin/$k"
    chmod +x "$work/bin/$k"
  done
  declare -A pfailed=()
  prun() { # KEY: prints microseconds or FAILED: ...
    local k=$1 t0 t1 rc=0 cmd
    cmd=("${podman_cmd[@]}" --runtime "$work/bin/$k" run --rm --network none --cgroup-parent "/$cgname/podman"
         localhost/ef-busybox:1 true)
    t0=$EPOCHREALTIME
    if [ "$k" = crun ]; then
      timeout -k 5 "$limit" unshare -m sh -c "$hide_unified && exec \"\$@\"" sh "${cmd[@]}" \
        > /dev/null 2> "$work/out/$k/podman.err" || rc=$?
    else
      timeout -k 5 "$limit" "${cmd[@]}" > /dev/null 2> "$work/out/$k/podman.err" || rc=$?
    fi
    t1=$EPOCHREALTIME
    if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
      echo "FAILED: no end after $limit s (ROUND_TIMEOUT)$(grep -m1 . "$work/out/$k/podman.err" | sed 's/^/: /' | cut -c1-160)"
    elif [ "$rc" != 0 ]; then
      echo "FAILED: exit $rc: $({ grep -m1 '^Error' "$work/out/$k/podman.err" || grep -m1 . "$work/out/$k/podman.err"; } | cut -c1-160)"
    else
      echo $((${t1/./} - ${t0/./}))
    fi
  }
  # What crun's podman rows carry in addition: unshare -m, sh, the umount, exec (timed like the podman runs).
  wrap() { local t0=$EPOCHREALTIME; unshare -m sh -c "$hide_unified && exec /bin/true"; local t1=$EPOCHREALTIME
           echo $((${t1/./} - ${t0/./})); }
  bare() { local t0=$EPOCHREALTIME; /bin/true; local t1=$EPOCHREALTIME; echo $((${t1/./} - ${t0/./})); }
  echo "== 2. podman run --rm: 2 warm-up + $podman_rounds rounds, alternating"
  # A runtime that failed part 1 is still tried here: podman drives it another way (conmon, --log JSON).
  for k in "${keys[@]}"; do : > "$work/out/$k/ptimes"; done
  if [ -n "$node_pid" ] && ! why=$(node_serves "$work/pstate/node"); then pfailed[node]=$why; fi
  : > "$work/wrap.txt"; : > "$work/bare.txt"
  for i in $(seq 1 $((2 + podman_rounds))); do
    for j in $(seq 0 $((n - 1))); do
      k=${keys[$(((i + j) % n))]}
      [ -n "${pfailed[$k]:-}" ] && continue
      r=$(prun "$k")
      case $r in
        FAILED*) pfailed[$k]=${r#FAILED: }" (round $i)"; echo "   podman $k: ${pfailed[$k]}" >&2 ;;
        *) [ "$i" -gt 2 ] && echo "$r" >> "$work/out/$k/ptimes" ;;
      esac
    done
    wrap >> "$work/wrap.txt"; bare >> "$work/bare.txt"
  done
  if [ -n "$node_pid" ] && [ -z "${pfailed[node]:-}" ] && ! why=$(node_serves "$work/pstate/node"); then
    pfailed[node]="after the rounds: $why"
  fi
  # podman must not leave containers or mounts behind after a clean run
  left=$(podman_at ps -aq 2>/dev/null | wc -l)
  [ "$left" = 0 ] || echo "   podman: $left containers left after the runs (removed on exit)" >&2
fi

# --- the table ---------------------------------------------------------------------------------------------
stat_of() { # FILE: median p90 (ms, nearest rank) or nothing
  sort -n "$1" | awk '{a[NR] = $1} END {
    if (NR == 0) exit
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    p = int(0.9 * NR); if (p < 0.9 * NR) p++
    printf "%.1f %.1f\n", m / 1000, a[p] / 1000 }'
}
declare -A med=() pmed=()
podman_status=0
row() { # NAME FILE FAILURE ANCHOR-MEDIAN: a line of the table; sets REPLY to the median
  local s m p
  REPLY=
  if [ -n "$3" ]; then printf '  %-46s FAILED: %s\n' "$1" "$3"; return; fi
  s=$(stat_of "$2")
  [ -n "$s" ] || { printf '  %-46s no rounds\n' "$1"; return; }
  read -r m p <<< "$s"
  REPLY=$m
  if [ -n "$4" ]; then
    printf '  %-46s %9.1f %9.1f %8.2f x\n' "$1" "$m" "$p" "$(echo "$m / $4" | bc -l)"
  else
    printf '  %-46s %9.1f %9.1f %8s\n' "$1" "$m" "$p" "-"
  fi
}
echo
printf '%-48s %9s %9s %10s\n' "benchmark" "median ms" "p90 ms" "vs runc"
echo "create+start+wait+delete /bin/true ($rounds rounds)"
anchor=$(stat_of "$work/out/runc/times" | cut -d' ' -f1)
for k in "${keys[@]}"; do
  row "$(name_of "$k")" "$work/out/$k/times" "${failed1[$k]}" "$anchor"
  med[$k]=$REPLY
done
if [ "$podman_rounds" -gt 0 ]; then
  echo "podman run --rm --network none IMAGE true ($podman_rounds rounds; podman $(podman --version | awk '{print $3}'))"
  anchor=$(stat_of "$work/out/runc/ptimes" | cut -d' ' -f1)
  for k in "${keys[@]}"; do
    row "$(name_of "$k")" "$work/out/$k/ptimes" "${pfailed[$k]:-}" "$anchor"
    pmed[$k]=$REPLY
    case $k in cold | node) [ -z "${pfailed[$k]:-}" ] || podman_status=1 ;; esac
  done
  w=$(stat_of "$work/wrap.txt"); b=$(stat_of "$work/bare.txt")
  if [[ " ${keys[*]} " == *" crun "* ]]; then
    printf '  (crun'\''s rows include its wrapper: unshare -m + sh + umount, median %.1f ms against %.1f ms for /bin/true)\n' \
      "${w%% *}" "${b%% *}"
  fi
fi

echo
echo "targets (issue 12), create+start+delete:"
status=0
ratio() { echo "$1 / $2" | bc -l; }
if [ -n "${med[node]:-}" ]; then
  rn=$(ratio "${med[node]}" "${med[runc]}")
  verdict=$(echo "$rn <= 1.5" | bc -l)
  goal=
  [ -n "${med[crun]:-}" ] && goal=$(printf ' (goal <= crun: %.2f x, %s)' "$(ratio "${med[crun]}" "${med[runc]}")" \
    "$([ "$(echo "${med[node]} <= ${med[crun]}" | bc -l)" = 1 ] && echo met || echo not met)")
  printf '  with the node:    %6.2f x runc   target <= 1.50 x%s  %s\n' "$rn" "$goal" \
    "$([ "$verdict" = 1 ] && echo PASS || echo FAIL)"
  [ "$verdict" = 1 ] || status=1
elif [[ " ${keys[*]} " == *" node "* ]]; then
  echo "  with the node:    FAILED (see its row)   target <= 1.50 x  FAIL"; status=1
else
  echo "  with the node:    not run (RUNTIMES)     target <= 1.50 x"
fi
if [ -n "${med[cold]:-}" ]; then
  printf '  without the node: %6.2f x runc   (reported, no target)\n' "$(ratio "${med[cold]}" "${med[runc]}")"
elif [[ " ${keys[*]} " == *" cold "* ]]; then
  echo "  without the node: FAILED (see its row)"; status=1
fi
[ "$podman_status" = 0 ] || status=1
exit "$status"
