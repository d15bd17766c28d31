#!/usr/bin/env bash
# Build a real Kubernetes control plane (kube-apiserver, kube-controller-manager, kubectl),
# etcd and Helm from the Go module proxy, so e2e tests and `make run` need no Docker and no
# download site. Binaries are cached under ~/.cache/pax8-operator/ keyed by version; a warm
# run only checks that they are there. Helper modules are generated outside git.
#
# Usage: hack/k8s/build.sh            # builds (or reuses) and prints the bin directory
# Env:   PAX8_K8S_VERSIONS  ordered candidates (default "v1.36.3 v1.37.2 v1.35.4")
#        PAX8_ETCD_VERSION  (default v3.6.16)   PAX8_HELM_VERSION (default v4.3.2)
set -euo pipefail

CACHE="${PAX8_CACHE_DIR:-$HOME/.cache/pax8-operator}"
K8S_VERSIONS="${PAX8_K8S_VERSIONS:-v1.36.3 v1.37.2 v1.35.4}"
ETCD_VERSION="${PAX8_ETCD_VERSION:-v3.6.16}"
HELM_VERSION="${PAX8_HELM_VERSION:-v4.3.2}"
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"

log() { echo "build.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

command -v go >/dev/null || die "the go command is not installed; install Go >= 1.26"
mkdir -p "$CACHE"
exec 9>"$CACHE/build.lock"
flock 9   # one build at a time (make run and make test may start together)

# build_etcd OUT_DIR: etcd from its server module in a helper module.
build_etcd() {
  local out="$CACHE/etcd/$ETCD_VERSION"
  if [[ -x "$out/etcd" ]]; then echo "$out/etcd"; return; fi
  local work="$CACHE/work/etcd-$ETCD_VERSION"
  rm -rf "$work"; mkdir -p "$work" "$out"
  log "building etcd $ETCD_VERSION (go.etcd.io/etcd/server/v3)"
  (
    cd "$work"
    go mod init pax8-operator.local/etcd-build >/dev/null 2>&1
    printf '//go:build tools\npackage tools\nimport _ "go.etcd.io/etcd/server/v3"\n' > tools.go
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >&2 \
      || die "module go.etcd.io/etcd/server/v3@$ETCD_VERSION could not be had from the proxy"
    go mod tidy >&2 || die "go mod tidy failed for etcd $ETCD_VERSION"
    go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3 >&2 \
      || die "building go.etcd.io/etcd/server/v3@$ETCD_VERSION failed"
  )
  echo "$out/etcd"
}

# build_helm: Helm v4 via go install (its go.mod has no replaces).
build_helm() {
  local out="$CACHE/helm/$HELM_VERSION"
  if [[ -x "$out/helm" ]]; then echo "$out/helm"; return; fi
  mkdir -p "$out"
  log "building helm $HELM_VERSION (helm.sh/helm/v4/cmd/helm)"
  GOBIN="$out" go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v4/cmd/helm@$HELM_VERSION" >&2 \
    || die "module helm.sh/helm/v4@$HELM_VERSION could not be built"
  echo "$out/helm"
}

# build_k8s VERSION: kube-apiserver, kube-controller-manager, kubectl from k8s.io/kubernetes,
# with every staging module replaced by its published v0.N.M. Returns non-zero on failure.
build_k8s() {
  local v="$1" out="$CACHE/k8s/$1"
  if [[ -x "$out/kube-apiserver" && -x "$out/kube-controller-manager" && -x "$out/kubectl" ]]; then
    return 0
  fi
  local minor="${v#v1.}"; minor="${minor%%.*}"
  local patch="${v##*.}"
  local staging_v="v0.$minor.$patch"
  local work="$CACHE/work/k8s-$v"
  rm -rf "$work"; mkdir -p "$work" "$out"
  log "building Kubernetes $v (staging modules at $staging_v)"
  local info gomod
  info="$(go mod download -json "k8s.io/kubernetes@$v")" \
    || { log "module k8s.io/kubernetes@$v is not served"; return 1; }
  gomod="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])' <<<"$info")"
  (
    cd "$work"
    {
      echo "module pax8-operator.local/k8s-build"
      echo
      echo "go $(go env GOVERSION | sed -E 's/^go([0-9]+\.[0-9]+).*/\1/')"
      echo
      echo "require k8s.io/kubernetes $v"
      echo
      # Every `k8s.io/x => ./staging/src/k8s.io/x` of the release's own go.mod.
      grep -E '^\s*k8s\.io/[A-Za-z0-9._-]+ => \./staging/' "$gomod" \
        | awk -v sv="$staging_v" '{print "replace " $1 " => " $1 " " sv}'
    } > go.mod
    log "$(grep -c '^replace' go.mod) staging modules pinned to $staging_v"
    printf '//go:build tools\npackage tools\nimport (\n_ "k8s.io/kubernetes/cmd/kube-apiserver"\n_ "k8s.io/kubernetes/cmd/kube-controller-manager"\n_ "k8s.io/kubernetes/cmd/kubectl"\n)\n' > tools.go
    if ! go mod tidy >tidy.log 2>&1; then
      log "go mod tidy failed for Kubernetes $v; modules the proxy could not serve:"
      grep -E 'not found|unknown revision|410 Gone|404|reading' tidy.log | sort -u | head -20 >&2 || tail -20 tidy.log >&2
      exit 1
    fi
    local date; date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    local ld="-s -w"
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ld+=" -X $pkg.gitVersion=$v -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
      ld+=" -X $pkg.gitCommit=0000000000000000000000000000000000000000"
      ld+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$date"
    done
    for cmd in kube-apiserver kube-controller-manager kubectl; do
      log "go build $cmd $v"
      go build -trimpath -ldflags "$ld" -o "$out/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd" >&2 \
        || { log "building k8s.io/kubernetes/cmd/$cmd@$v failed"; exit 1; }
      mv "$out/$cmd.tmp" "$out/$cmd"
    done
  ) || return 1
}

start=$(date +%s)
etcd_bin="$(build_etcd)"
chosen=""
for v in $K8S_VERSIONS; do
  if build_k8s "$v"; then chosen="$v"; break; fi
  log "Kubernetes $v could not be built; trying the next candidate"
done
[[ -n "$chosen" ]] || die "no Kubernetes release in '$K8S_VERSIONS' could be built (see above)"
helm_bin="$(build_helm)"

bin="$CACHE/k8s/$chosen"
ln -sf "$etcd_bin" "$bin/etcd"
ln -sf "$helm_bin" "$bin/helm"
ln -sfn "$bin" "$CACHE/k8s/current"
log "ready in $(( $(date +%s) - start ))s: $("$bin/kube-apiserver" --version), etcd $ETCD_VERSION, helm $HELM_VERSION"
echo "$bin"
