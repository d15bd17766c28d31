#!/usr/bin/env bash
# Start a local Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager) as
# plain processes, so e2e tests and `make run` get a real API server without Docker or a
# kubelet. Everything lives in DIR: certificates, etcd data, logs, PIDs and an admin
# kubeconfig. The processes outlive this script; stop them with hack/k8s/down.sh DIR.
#
# Usage: hack/k8s/up.sh DIR       # last line printed: export KUBECONFIG=DIR/kubeconfig
# Env:   PAX8_K8S_BIN               bin dir to use instead of asking hack/k8s/build.sh
#        PAX8_UP_TIMEOUT            seconds to wait for each component (default 180)
#        PAX8_ADVERTISE_ADDRESS     apiserver --advertise-address (default: this host's IPv4)
set -euo pipefail

log() { echo "up.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $# -eq 1 ]] || die "usage: $0 DIR"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
TIMEOUT="${PAX8_UP_TIMEOUT:-180}"
PKI="$DIR/pki" LOGS="$DIR/logs" PIDS="$DIR/pids" KUBECONFIG_FILE="$DIR/kubeconfig"
PORTS="$DIR/ports.env"

# alive PID: the process exists and is one of ours (its command line names DIR).
alive() { [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF "$DIR"; }

# readyz PORT: the apiserver on PORT answers /readyz with the admin certificate.
readyz() {
  curl -sf --max-time 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$1/readyz" >/dev/null 2>&1
}

# --- Idempotency: a live control plane in DIR is left alone. ---
if [[ -f "$PIDS" && -f "$PORTS" ]]; then
  all_alive=1
  while read -r _ pid; do alive "$pid" || all_alive=0; done <"$PIDS"
  # shellcheck source=/dev/null
  source "$PORTS"
  if [[ $all_alive -eq 1 ]] && readyz "$APISERVER_PORT"; then
    log "a control plane is already running in $DIR (apiserver https://127.0.0.1:$APISERVER_PORT)"
    echo "export KUBECONFIG=$KUBECONFIG_FILE"
    exit 0
  fi
  log "stale control plane state in $DIR; stopping what is left of it"
  "$here/down.sh" "$DIR" >&2
fi

start_ts=$EPOCHREALTIME
secs_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
BIN="${PAX8_K8S_BIN:-}"
if [[ -z "$BIN" ]]; then
  BIN="$("$here/build.sh" | tail -n1)" || die "hack/k8s/build.sh failed (see above)"
fi
for b in etcd kube-apiserver kube-controller-manager kubectl; do
  [[ -x "$BIN/$b" ]] || die "$BIN/$b is missing; run hack/k8s/build.sh"
done
mkdir -p "$PKI" "$LOGS" "$DIR/etcd-data" "$PKI/kcm"

# --- Ports: reuse the recorded ones when free (the kubeconfig stays valid), else pick new. ---
pick_ports() {
  python3 - "$@" <<'EOF'
import socket, sys
wanted = [int(p) for p in sys.argv[1:]]
def free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
if wanted and all(free(p) for p in wanted):
    print(*wanted)
    sys.exit(0)
socks = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(*(s.getsockname()[1] for s in socks))
for s in socks:
    s.close()
EOF
}
old_ports=()
if [[ -f "$PORTS" ]]; then
  # shellcheck source=/dev/null
  source "$PORTS"
  old_ports=("$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$KCM_PORT")
fi
read -r ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT < <(pick_ports "${old_ports[@]}")
if [[ "${old_ports[*]}" != "$ETCD_PORT $ETCD_PEER_PORT $APISERVER_PORT $KCM_PORT" ]]; then
  rm -rf "$DIR/etcd-data" "$KUBECONFIG_FILE"; mkdir -p "$DIR/etcd-data"   # etcd stores its URLs
fi
chmod 700 "$DIR/etcd-data"
printf 'ETCD_PORT=%s\nETCD_PEER_PORT=%s\nAPISERVER_PORT=%s\nKCM_PORT=%s\n' \
  "$ETCD_PORT" "$ETCD_PEER_PORT" "$APISERVER_PORT" "$KCM_PORT" >"$PORTS"

# --- Advertise address: the host's own non-loopback IPv4, else a placeholder. ---
ADVERTISE="${PAX8_ADVERTISE_ADDRESS:-}"
extra_apiserver_flags=()
if [[ -z "$ADVERTISE" ]]; then
  for ip in $(hostname -I 2>/dev/null || true); do
    if [[ "$ip" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ && "$ip" != 127.* ]]; then ADVERTISE="$ip"; break; fi
  done
fi
if [[ -z "$ADVERTISE" ]]; then
  ADVERTISE="$(ip -4 route get 1.1.1.1 2>/dev/null | sed -nE 's/.* src ([0-9.]+).*/\1/p' | head -n1)"
fi
if [[ -z "$ADVERTISE" || "$ADVERTISE" == 127.* ]]; then
  ADVERTISE="192.0.2.254"   # TEST-NET placeholder; nothing is ever sent to it
  extra_apiserver_flags+=(--endpoint-reconciler-type=none)
  log "no non-loopback IPv4 found; advertising placeholder $ADVERTISE with --endpoint-reconciler-type=none"
fi

# --- Certificates (generated once per DIR). ---
gen_certs() {
  local days=3650
  cd "$PKI"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days $days \
    -subj "/CN=pax8-local-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
    -subj "/CN=kube-apiserver" 2>/dev/null
  printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc" \
    "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >apiserver.ext
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days $days \
    -extfile apiserver.ext -out apiserver.crt 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -keyout client-ca.key -out client-ca.crt -days $days \
    -subj "/CN=pax8-local-client-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr \
    -subj "/O=system:masters/CN=admin" 2>/dev/null
  printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment" >admin.ext
  openssl x509 -req -in admin.csr -CA client-ca.crt -CAkey client-ca.key -CAcreateserial \
    -days $days -extfile admin.ext -out admin.crt 2>/dev/null
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key 2>/dev/null
  openssl pkey -in sa.key -pubout -out sa.pub 2>/dev/null
  rm -f ./*.csr ./*.ext
  chmod 600 ./*.key
}
if [[ ! -s "$PKI/sa.pub" || ! -s "$PKI/admin.crt" ]]; then
  log "generating certificates in $PKI"
  (gen_certs) || die "certificate generation with openssl failed"
fi

# --- Kubeconfig with everything embedded. ---
b64() { base64 -w0 <"$1"; }
cat >"$KUBECONFIG_FILE.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: pax8-local
  cluster:
    server: https://127.0.0.1:$APISERVER_PORT
    certificate-authority-data: $(b64 "$PKI/ca.crt")
users:
- name: admin
  user:
    client-certificate-data: $(b64 "$PKI/admin.crt")
    client-key-data: $(b64 "$PKI/admin.key")
contexts:
- name: pax8-local
  context: {cluster: pax8-local, user: admin}
current-context: pax8-local
EOF
chmod 600 "$KUBECONFIG_FILE.tmp"
mv "$KUBECONFIG_FILE.tmp" "$KUBECONFIG_FILE"

# --- Process management. ---
: >"$PIDS"
# launch NAME CMD...: detached from this script and the terminal, logs to logs/NAME.log.
launch() {
  local name="$1"; shift
  local pidfile="$LOGS/$name.pid"
  rm -f "$pidfile"
  # The inner shell records its own PID and execs, so the PID is the component's own.
  # shellcheck disable=SC2016  # expanded by the inner shell
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" \
    </dev/null >>"$LOGS/$name.log" 2>&1 &
  local _
  for _ in $(seq 50); do [[ -s "$pidfile" ]] && break; sleep 0.1; done
  [[ -s "$pidfile" ]] || fail "$name did not start"
  echo "$name $(cat "$pidfile")" >>"$PIDS"
  rm -f "$pidfile"
}
fail() {
  log "ERROR: $*"
  local f
  for f in "$LOGS"/*.log; do
    [[ -f "$f" ]] || continue
    echo "----- last lines of $f -----" >&2
    tail -n 25 "$f" >&2
  done
  "$here/down.sh" "$DIR" >&2 || true
  exit 1
}
# wait_for NAME CHECK...: poll CHECK until it succeeds, the process dies or TIMEOUT passes.
wait_for() {
  local name="$1"; shift
  local pid deadline=$(( $(date +%s) + TIMEOUT ))
  pid="$(awk -v n="$name" '$1 == n {print $2}' "$PIDS")"
  until "$@"; do
    alive "$pid" || fail "$name exited during start-up"
    (( $(date +%s) < deadline )) || fail "$name not ready after ${TIMEOUT}s"
    sleep 0.2
  done
  log "$name ready ($(secs_since "$start_ts")s since start)"
}

for f in etcd kube-apiserver kube-controller-manager; do
  [[ -f "$LOGS/$f.log" ]] && echo "===== start $(date -u +%FT%TZ) =====" >>"$LOGS/$f.log"
done

launch etcd "$BIN/etcd" --name pax8-local --data-dir "$DIR/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
  --initial-cluster "pax8-local=http://127.0.0.1:$ETCD_PEER_PORT" \
  --unsafe-no-fsync=true --log-level=warn
wait_for etcd curl -sf --max-time 2 "http://127.0.0.1:$ETCD_PORT/health" -o /dev/null

launch kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
  --secure-port="$APISERVER_PORT" --bind-address=127.0.0.1 \
  --advertise-address="$ADVERTISE" "${extra_apiserver_flags[@]}" \
  --cert-dir="$PKI" --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/client-ca.crt" \
  --authorization-mode=RBAC \
  --service-cluster-ip-range=10.0.0.0/24 --allow-privileged=true \
  --disable-admission-plugins=ServiceAccount \
  --service-account-issuer="https://127.0.0.1:$APISERVER_PORT/" \
  --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
  --profiling=false
wait_for kube-apiserver readyz "$APISERVER_PORT"

launch kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig="$KUBECONFIG_FILE" \
  --authentication-kubeconfig="$KUBECONFIG_FILE" --authorization-kubeconfig="$KUBECONFIG_FILE" \
  --authentication-skip-lookup=true \
  --controllers=garbage-collector-controller,namespace-controller --leader-elect=false \
  --secure-port="$KCM_PORT" --bind-address=127.0.0.1 --cert-dir="$PKI/kcm" \
  --profiling=false
wait_for kube-controller-manager \
  curl -skf --max-time 2 "https://127.0.0.1:$KCM_PORT/healthz" -o /dev/null

elapsed="$(secs_since "$start_ts")"
log "control plane ready in ${elapsed}s: apiserver https://127.0.0.1:$APISERVER_PORT," \
  "etcd http://127.0.0.1:$ETCD_PORT, logs in $LOGS"
echo "export KUBECONFIG=$KUBECONFIG_FILE"
