# Shared helpers of the guardian bench (bench/guardian.sh): the fault workload, its root, deployment files, and
# waiting on the node's event stream. Source it; it defines functions only and sets nothing but FAULTS_DIR.
#   . bench/faults/lib.sh
FAULTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

faults_die() { echo "guardian bench: $1" >&2; exit "${2:-2}"; }

# Epoch milliseconds (the clock the node stamps events with).
faults_now_ms() { date +%s%3N; }

# faults_build DIR: DIR/faultd (static, from faultd.c) and DIR/rootfs with busybox-static's /bin/busybox, its
# applets as symlinks, the usual mount points and /faultd. Built fresh each run: the binary is never committed.
faults_build() {
  local dir=$1 bb=/bin/busybox a
  [ -x "$bb" ] || bb=/usr/bin/busybox
  [ -x "$bb" ] || faults_die "needs a static busybox: apt-get install -y busybox-static" 125
  command -v gcc >/dev/null || faults_die "needs gcc (and libc6-dev for -static): apt-get install -y gcc libc6-dev" 125
  gcc -static -Wall -Wextra -Werror -O2 -o "$dir/faultd" "$FAULTS_DIR/faultd.c" \
    || faults_die "cannot build $FAULTS_DIR/faultd.c"
  local r=$dir/rootfs
  mkdir -p "$r/bin" "$r/usr" "$r/proc" "$r/sys" "$r/dev" "$r/etc" "$r/root" "$r/var" "$r/run" "$r/tmp"
  chmod 1777 "$r/tmp"
  cp "$bb" "$r/bin/busybox"
  for a in $("$bb" --list); do
    [ "$a" = busybox ] || ln -s busybox "$r/bin/$a"
  done
  ln -s bin "$r/sbin"
  ln -s ../bin "$r/usr/bin"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$r/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$r/etc/group"
  install -m 0755 "$dir/faultd" "$r/faultd"
}

# faults_deployment FILE NAME ROOTFS FAULT FAULT_AT INTERVAL PREVENT STABLE
# A one-workload deployment (workload "svc") running faultd with the fault, the guardian section and an http
# health probe every INTERVAL (so a probe fault's budget is the issue's interval x retries + 1 s).
faults_deployment() {
  local file=$1 name=$2 rootfs=$3 fault=$4 at=$5 interval=$6 prevent=$7 stable=$8
  cat > "$file" <<EOF
name: $name
guardian:
  interval: $interval
  stable: $stable
  prevent: $prevent
  breaker: {failures: 3, window: 30s, cooldown: 10s, probe: 10s}
workloads:
  - name: svc
    rootfs: $rootfs
    command: [/faultd]
    env: {FAULT: "$fault", FAULT_AT: "$at"}
    resources: {memory: 32m, pids: 64}
    restart: {policy: always, backoff: {initial: 100ms, max: 1s}}
    health: {http: "http://127.0.0.1:8080/health", interval: $interval, retries: 3}
EOF
}

# faults_wait_event EVENTS TIMEOUT_S TYPE SUBJECT [KEY=VALUE...]: waits until the ndjson event file (the output
# of `edgefusion events --json`) has a line of that type and subject whose attributes hold every KEY=VALUE, and
# prints it. Returns 1 on timeout. Plain substring matches: the node writes compact JSON with sorted keys.
faults_wait_event() {
  local file=$1 timeout=$2 type=$3 subject=$4 line kv
  shift 4
  local deadline=$(( $(faults_now_ms) + timeout * 1000 ))
  while :; do
    line=$(grep -F "\"type\":\"$type\"" "$file" 2>/dev/null | grep -F "\"subject\":\"$subject\"" | {
      local l ok
      while IFS= read -r l; do
        ok=1
        for kv in "$@"; do
          case $l in *"\"${kv%%=*}\":\"${kv#*=}\""*) ;; *) ok= ;; esac
        done
        [ -n "$ok" ] && { printf '%s\n' "$l"; break; }
      done
    })
    [ -n "$line" ] && { printf '%s\n' "$line"; return 0; }
    [ "$(faults_now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

# faults_attr LINE KEY: the value of one of the event's attributes (string pairs, no escapes in our values).
faults_attr() {
  printf '%s' "$1" | sed -n "s/.*\"attributes\":{.*\"$2\":\"\([^\"]*\)\".*/\1/p"
}

# faults_event_ms LINE: the event's time in epoch milliseconds.
faults_event_ms() {
  local t
  t=$(printf '%s' "$1" | sed -n 's/.*"time":"\([^"]*\)".*/\1/p')
  date -d "$t" +%s%3N
}

# faults_parse_ms DURATION: 250ms, 1s, 1.5s -> milliseconds (the bench's own flags; the node parses the files).
faults_parse_ms() {
  case $1 in
    *ms) echo "${1%ms}" ;;
    *s) awk -v s="${1%s}" 'BEGIN { printf "%d\n", s * 1000 }' ;;
    *) return 1 ;;
  esac
}
