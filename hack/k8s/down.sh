#!/usr/bin/env bash
# Stop the control plane that hack/k8s/up.sh started in DIR: exactly the PIDs recorded in
# DIR/pids (TERM, wait, then KILL), newest component first. Safe to run twice; leaves the
# certificates, etcd data and logs in place so the next up.sh is a warm start.
#
# Usage: hack/k8s/down.sh DIR
# Env:   PAX8_DOWN_GRACE   seconds to wait after TERM before KILL (default 10)
set -euo pipefail

log() { echo "down.sh: $*" >&2; }

[[ $# -eq 1 ]] || { log "usage: $0 DIR"; exit 2; }
if [[ ! -d "$1" ]]; then log "no directory $1: nothing to stop"; exit 0; fi
DIR="$(cd "$1" && pwd)"
PIDS="$DIR/pids"
GRACE="${PAX8_DOWN_GRACE:-10}"

if [[ ! -f "$PIDS" ]]; then log "no control plane recorded in $DIR: nothing to stop"; exit 0; fi

# ours PID: the process exists and its command line names DIR (guards against PID reuse).
ours() { [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$DIR"; }

names=() pids=()
while read -r name pid; do
  [[ "$pid" =~ ^[0-9]+$ ]] || continue
  names=("$name" "${names[@]}") pids=("$pid" "${pids[@]}")   # reverse: stop newest first
done <"$PIDS"

for i in "${!pids[@]}"; do
  pid="${pids[$i]}"
  if ours "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    # Wait for this one before the next (controller-manager and apiserver before etcd).
    deadline=$(( $(date +%s) + GRACE ))
    while ours "$pid" && (( $(date +%s) < deadline )); do sleep 0.1; done
    if ours "$pid"; then
      log "${names[$i]} ($pid) ignored TERM for ${GRACE}s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "stopped ${names[$i]} ($pid)"
  fi
done
rm -f "$PIDS"
