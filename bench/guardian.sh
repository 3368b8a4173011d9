#!/usr/bin/env bash
# Recovery time of the guardian (issue 11, item 4): injects faults into deployed workloads on a node of its own
# and prints, per fault kind, p50 and p99 of fault -> detected, -> isolated, -> recovered (the rolled-back-to
# revision healthy again) and the faults not recovered, next to the seed platform's 83 s.
#
#   bench/guardian.sh                      # 15 faults per kind (8 kinds: 120), check interval 1s
#   bench/guardian.sh --interval 250ms     # the guardian section's interval (and the health probe's)
#   bench/guardian.sh --faults 3 --kinds crash,oom --json
#
# For each fault: deploy v1 (FAULT=none) as its own deployment gb-<kind>-<i>, wait until v1 is known-good
# (revision.known-good), deploy v2 with FAULT=<kind> and FAULT_AT a little after v2's rollout (crashloop: after
# v2 is known-good too, so its exits are a stable revision's), wait for the rollback's revision (3) to be healthy
# and the trip to finish (or a timeout), undeploy. Kinds: crash crashloop drift (prevent: off, the detection path)
# drift-prevented (prevent: bind: fault -> bind refused) hal oom probe hang.
# Linux, root, gcc + libc6-dev (static faultd), busybox-static, python3. Exit: 0 every target met, 1 a target
# missed or a fault not recovered, 2 the run failed, 125 the host cannot run it.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/faults/lib.sh"

json= per_kind=15 interval=1s kinds=crash,crashloop,drift,drift-prevented,hal,oom,probe,hang
while [ $# -gt 0 ]; do
  case $1 in
    --json) json=1 ;;
    --faults) per_kind=${2:?--faults needs N (faults per kind)}; shift ;;
    --faults=*) per_kind=${1#*=} ;;
    --interval) interval=${2:?--interval needs a duration, e.g. 250ms}; shift ;;
    --interval=*) interval=${1#*=} ;;
    --kinds) kinds=${2:?--kinds needs a comma-separated list}; shift ;;
    --kinds=*) kinds=${1#*=} ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) faults_die "unknown argument '$1' (see --help)" 125 ;;
  esac
  shift
done
case $per_kind in ''|*[!0-9]*|0) faults_die "--faults $per_kind: not a positive integer" 125 ;; esac
interval_ms=$(faults_parse_ms "$interval") || faults_die "--interval $interval: not a duration like 250ms or 1s" 125
for k in ${kinds//,/ }; do
  case $k in crash|crashloop|drift|drift-prevented|hal|oom|probe|hang) ;;
    *) faults_die "--kinds: no fault kind '$k' (crash crashloop drift drift-prevented hal oom probe hang)" 125 ;; esac
done
[ "$(uname -s)" = Linux ] || faults_die "needs Linux" 125
[ "$(id -u)" = 0 ] || faults_die "needs root" 125
command -v python3 >/dev/null || faults_die "needs python3" 125

# The stable period holds the crash's FAULT_AT: after v2's health-gated rollout (about one probe interval) and
# before v2 turns known-good. 2 s, or 2 x interval + 1 s when that is longer.
retries=3 stable_ms=$(( 2 * interval_ms + 1000 ))
[ "$stable_ms" -ge 2000 ] || stable_ms=2000
stable=${stable_ms}ms
out=$here/bench/target/guardian-bench/$interval
work=$(mktemp -d /tmp/edgefusion-bench-guardian-XXXXXX)
chmod 755 "$work"
root=$work/state
ef() { "$here/edgefusion" --root "$root" "$@"; }
node_pid= follow_pid= deployed=
log() { echo "== $*" >&2; }
cleanup() {
  [ -n "$deployed" ] && ef undeploy "$deployed" >/dev/null 2>&1 || true
  [ -n "$follow_pid" ] && kill -TERM "$follow_pid" 2>/dev/null && wait "$follow_pid" 2>/dev/null || true
  if [ -n "$node_pid" ]; then
    for n in $(ef ps -aq 2>/dev/null); do ef rm -f "$n" >/dev/null 2>&1 || true; done
    kill -TERM "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
  fi
  EDGEFUSION_NO_CLIENT=1 ef gc >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

log "build faultd and its root, the jar"
faults_build "$work"
"$here/edgefusion" --version >/dev/null

log "start the node"
# Not through ef(): a function in the background is a subshell, $! would be its pid and the node would outlive
# the cleanup. The launcher execs (client, then java), so $! stays the node.
"$here/edgefusion" --root "$root" node --api-listen off --metrics-listen off > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 300); do
  grep -q ready "$work/node.log" 2>/dev/null && break
  kill -0 "$node_pid" 2>/dev/null || { cat "$work/node.log" >&2; faults_die "the node did not start"; }
  sleep 0.1
done
grep -q ready "$work/node.log" || faults_die "the node did not say ready"
events=$work/events.jsonl faults=$work/faults.jsonl
: > "$faults"
ef events --json --since "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$events" 2> "$work/events.err" &
follow_pid=$!

# deploy FILE: the deployment's revision rolled out (deploy prints "NAME: revision N rolled out").
deploy() { ef deploy -f "$1" > "$work/deploy.out" 2>&1 || { cat "$work/deploy.out" >&2; return 1; }; }

# inject KIND I: one fault, one line in $faults.
inject() {
  local kind=$1 i=$2 fault=$1 prevent=bind path=detected name valid=true why= at lead t line
  case $kind in
    drift) prevent=off ;;
    drift-prevented) fault=drift path=prevented ;;
  esac
  name=gb-${kind/-prevented/p}-$i
  deployed=$name
  faults_deployment "$work/v1.yaml" "$name" "$work/rootfs" none 0 "$interval" "$prevent" "$stable"
  deploy "$work/v1.yaml" || faults_die "$name: v1 did not roll out"
  faults_wait_event "$events" 30 revision.known-good "$name/svc" revision=1 > /dev/null \
    || faults_die "$name: v1 never became known-good within 30 s"
  # A little after v2's rollout (a deploy returns once v2 is healthy, about one probe interval after it starts):
  # interval + 600 ms, inside v2's stable period, so a crash is a crash "right after a new revision". A crash
  # loop needs v2 known-good first. Plus a random part of one interval: check rounds and probes run at fixed
  # times after the sandbox starts, and a fixed lead would always hit the same phase of them.
  lead=$((interval_ms + 600 + RANDOM % interval_ms))
  [ "$kind" = crashloop ] && lead=$((stable_ms + 1500))
  t=$(faults_now_ms)
  at=$((t + lead))
  faults_deployment "$work/v2.yaml" "$name" "$work/rootfs" "$fault" "$at" "$interval" "$prevent" "$stable"
  deploy "$work/v2.yaml" || faults_die "$name: v2 did not roll out"
  if [ "$(faults_now_ms)" -ge "$at" ]; then
    valid=false why="v2's rollout took past FAULT_AT"
  fi
  if line=$(faults_wait_event "$events" 0 revision.known-good "$name/svc" revision=2); then
    [ "$kind" = crashloop ] || [ "$(faults_event_ms "$line")" -ge "$at" ] \
      || { valid=false why="v2 was known-good before FAULT_AT"; }
  elif [ "$kind" = crashloop ]; then
    if line=$(faults_wait_event "$events" $(( (at - $(faults_now_ms)) / 1000 + 1 )) revision.known-good "$name/svc" \
        revision=2) && [ "$(faults_event_ms "$line")" -lt "$at" ]; then :; else
      valid=false why="v2 was not known-good by FAULT_AT"
    fi
  fi
  # Recovered: the rollback's revision (3) healthy; then the trip finishes (snapshot, removal) before undeploy.
  # 10 s is ten times the target; probe faults get their probe budget on top.
  local budget=10 refused=
  case $kind in probe|hang) budget=$(( 10 + interval_ms * retries / 1000 )) ;; esac
  budget=$(( budget + (at - $(faults_now_ms)) / 1000 + 1 ))
  if faults_wait_event "$events" "$budget" workload.healthy "$name/svc" revision=3 > /dev/null; then
    faults_wait_event "$events" 10 trip.finished "$name/svc" > /dev/null || log "$name: trip not finished in 10 s"
    echo "  $name: recovered${why:+ (left out: $why)}" >&2
  else
    echo "  $name: NOT recovered within ${budget}s${why:+ (left out: $why)}" >&2
  fi
  # The bind's own EPERM, as faultd logged it: in the trip's snapshot of the workload's log (its sandbox is gone).
  if [ "$path" = prevented ] && line=$(faults_wait_event "$events" 0 trip.snapshot.done "$name/svc"); then
    refused=$(sed -n 's/.*time_ms=\([0-9]*\) .*event=bind-refused.*/\1/p' \
      "$(faults_attr "$line" dir)/log-tail.txt" 2>/dev/null | head -1)
  fi
  printf '{"kind":"%s","subject":"%s/svc","faultAt":%s,"path":"%s","valid":%s,"note":"%s"%s}\n' \
    "${kind%-prevented}" "$name" "$at" "$path" "$valid" "$why" "${refused:+,\"refusedAt\":$refused}" >> "$faults"
  ef undeploy "$name" > /dev/null 2>&1 || log "$name: undeploy failed"
  deployed=
}

kind_list=${kinds//,/ }
log "inject $per_kind faults per kind ($kind_list), interval $interval"
for k in $kind_list; do
  log "$k"
  for i in $(seq 1 "$per_kind"); do inject "$k" "$i"; done
done
sleep 0.5  # the follower's last lines
kill -TERM "$follow_pid" 2>/dev/null; wait "$follow_pid" 2>/dev/null || true
follow_pid=
EDGEFUSION_NO_CLIENT=1 ef evidence ls --json > "$work/evidence.json"
# Every trip above left signed records: the chain must verify, or the numbers rest on nothing.
verdict=$(EDGEFUSION_NO_CLIENT=1 ef evidence verify 2>&1) || faults_die "evidence verify: $verdict" 1

mkdir -p "$out"
cp "$faults" "$events" "$work/evidence.json" "$work/node.log" "$out/"
tl=("$here/bench/guardian/timeline.py" "$faults" --events "$events" --evidence "$work/evidence.json"
    --interval-ms "$interval_ms" --retries "$retries")
python3 "${tl[@]}" --json > "$out/summary.json"
python3 "${tl[@]}" > "$out/table.txt"
echo >&2
echo "guardian recovery, $(wc -l < "$faults") faults, check and probe interval $interval, retries $retries" \
  "($(nproc) CPUs)" >&2
if [ -n "$json" ]; then cat "$out/table.txt" >&2; cat "$out/summary.json"; else cat "$out/table.txt"; fi
echo "evidence: $verdict" >&2
echo "(records, events and the summary: $out)" >&2
python3 - "$out/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
bad = [k for k in s["kinds"] if k["meetsTarget"] is False or k["notRecovered"]]
sys.exit(1 if bad else 0)
PY
