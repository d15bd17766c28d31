#!/usr/bin/env bash
# `make run`: the whole product on one machine for a newcomer — a local control plane, our
# CRDs, the Pax8 simulator, the operator and the sample resources — in one command, with
# Ctrl-C (or `make down`) stopping it all. Parts that are not built yet are reported as
# "not yet built" and skipped, so this works at every stage of the project.
#
# Usage: hack/run.sh DIR          (make run uses DIR=.run)
set -euo pipefail

log() { echo "run.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 DIR"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
VENV_BIN="$REPO/.venv/bin"
SIM_HOST=127.0.0.1 SIM_PORT=18080

BIN="$("$REPO/hack/k8s/build.sh" | tail -n1)" || die "hack/k8s/build.sh failed (see above)"
PAX8_K8S_BIN="$BIN" "$REPO/hack/k8s/up.sh" "$DIR/k8s" >&2 || die "the control plane did not start"
export KUBECONFIG="$DIR/k8s/kubeconfig" PATH="$BIN:$VENV_BIN:$PATH"
APISERVER_PID="$(awk '$1 == "kube-apiserver" {print $2}' "$DIR/k8s/pids")"

sim_pid="" op_pid="" stopping=0
status_crds="not yet built" status_sim="not yet built" status_op="not yet built"
status_samples="none yet"

stop_child() {   # stop_child NAME PID: TERM, wait a while, KILL
  local name="$1" pid="$2" _
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  log "stopped $name"
}
cleanup() {
  [[ $stopping -eq 0 ]] || return 0
  stopping=1
  trap '' INT TERM
  log "stopping..."
  stop_child operator "$op_pid"
  stop_child simulator "$sim_pid"
  "$REPO/hack/k8s/down.sh" "$DIR/k8s" >&2 || true
}
trap 'cleanup; exit 0' INT TERM
trap cleanup EXIT

# --- CRDs ---
shopt -s nullglob
crd_files=("$REPO"/crds/*.yaml)
if (( ${#crd_files[@]} )); then
  kubectl apply --server-side --force-conflicts -f "$REPO/crds/" >&2
  kubectl wait --for=condition=Established --timeout=60s -f "$REPO/crds/" >&2
  status_crds="${#crd_files[@]} applied and Established"
fi

# runnable EXE SUBCOMMAND: the console script exists and its SUBCOMMAND answers --help.
runnable() { [[ -x "$1" ]] && "$1" "$2" --help >/dev/null 2>&1; }

# --- Simulator ---
if runnable "$VENV_BIN/pax8-simulator" serve; then
  if (exec 3<>"/dev/tcp/$SIM_HOST/$SIM_PORT") 2>/dev/null; then
    status_sim="NOT started: $SIM_HOST:$SIM_PORT is already in use (another simulator?)"
  else
    "$VENV_BIN/pax8-simulator" serve --host "$SIM_HOST" --port "$SIM_PORT" \
      --client-id sim-client --client-secret sim-secret </dev/null >>"$DIR/simulator.log" 2>&1 &
    sim_pid=$!
    for _ in $(seq 100); do
      (exec 3<>"/dev/tcp/$SIM_HOST/$SIM_PORT") 2>/dev/null && break
      kill -0 "$sim_pid" 2>/dev/null || break
      sleep 0.2
    done
    if (exec 3<>"/dev/tcp/$SIM_HOST/$SIM_PORT") 2>/dev/null; then
      status_sim="http://$SIM_HOST:$SIM_PORT/v1 (client sim-client / sim-secret), pid $sim_pid"
    else
      status_sim="FAILED to start; see $DIR/simulator.log"
      tail -n 20 "$DIR/simulator.log" >&2 || true
    fi
  fi
fi

# --- Operator ---
# A laptop run keeps the operator's endpoints on loopback (the chart's defaults bind 0.0.0.0).
export PAX8_OPERATOR_METRICS_HOST="${PAX8_OPERATOR_METRICS_HOST:-127.0.0.1}"
export PAX8_OPERATOR_LIVENESS_ENDPOINT="${PAX8_OPERATOR_LIVENESS_ENDPOINT:-http://127.0.0.1:8080/healthz}"
if runnable "$VENV_BIN/pax8-operator" run; then
  "$VENV_BIN/pax8-operator" run --all-namespaces </dev/null >>"$DIR/operator.log" 2>&1 &
  op_pid=$!
  sleep 2
  if kill -0 "$op_pid" 2>/dev/null; then
    status_op="running, pid $op_pid"
  else
    status_op="FAILED to start; see $DIR/operator.log"
    tail -n 20 "$DIR/operator.log" >&2 || true
    op_pid=""
  fi
fi

# --- Samples (production-only samples are left out: they would talk to the real Pax8) ---
# Secrets first, so a connection never starts out pointing at credentials that do not exist.
samples=() others=()
for f in "$REPO"/deploy/samples/*.yaml "$REPO"/deploy/samples/*.yml; do
  [[ "$(basename "$f")" == *production* ]] && continue
  if grep -qE '^kind:[[:space:]]*Secret[[:space:]]*$' "$f"; then samples+=("$f"); else others+=("$f"); fi
done
samples+=("${others[@]}")
if (( ${#samples[@]} )); then
  applied=0
  for f in "${samples[@]}"; do
    if kubectl apply --server-side --force-conflicts -f "$f" >&2; then
      applied=$((applied + 1))
    else
      log "WARNING: could not apply $f"
    fi
  done
  status_samples="$applied of ${#samples[@]} applied from deploy/samples/"
fi

cat <<EOF

================ pax8-operator: local run ================
  control plane : $("$BIN/kubectl" version -o json 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])' \
      2>/dev/null || echo unknown) at $(kubectl config view -o jsonpath='{.clusters[0].cluster.server}')
  CRDs          : $status_crds
  simulator     : $status_sim
  operator      : $status_op
  samples       : $status_samples

In another terminal:
  export KUBECONFIG=$KUBECONFIG
  export PATH=$BIN:$VENV_BIN:\$PATH
  kubectl get pax8                # every Pax8 resource (category pax8)
  kubectl pax8 status             # the kubectl plugin's summary
Logs: $DIR/k8s/logs/ (control plane), $DIR/simulator.log, $DIR/operator.log
Stop: Ctrl-C here, or 'make down' from another terminal.
==========================================================
EOF

# Wait until Ctrl-C/TERM, or until the control plane goes away (`make down`).
while true; do
  if ! kill -0 "$APISERVER_PID" 2>/dev/null; then
    log "the control plane has stopped (make down?); stopping the rest"
    exit 0
  fi
  if [[ -n "$op_pid" ]] && ! kill -0 "$op_pid" 2>/dev/null; then
    log "WARNING: the operator exited; see $DIR/operator.log"; op_pid=""
  fi
  if [[ -n "$sim_pid" ]] && ! kill -0 "$sim_pid" 2>/dev/null; then
    log "WARNING: the simulator exited; see $DIR/simulator.log"; sim_pid=""
  fi
  sleep 1 &
  wait $! || true
done
