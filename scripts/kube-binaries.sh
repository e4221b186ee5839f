#!/usr/bin/env bash
# Provides real Kubernetes control-plane binaries for integration tests:
#   kube-apiserver, kube-controller-manager, kubectl  (from the k8s.io/kubernetes Go module)
#   etcd                                              (go.etcd.io/etcd/server/v3, the version k8s pins)
# and, with --node, what a node needs to run pods (for the pod tier, scripts/node-up.sh):
#   kube-scheduler, kubelet, kube-proxy                (same Kubernetes module and version)
#
# Everything is built from the Go module proxy with the local Go toolchain, inside a
# throwaway Go module in the cache dir (k8s.io/kubernetes as a dependency, every k8s.io/*
# staging module pinned with `replace` to the matching v0.X.Y). Nothing lands in the repo.
#
# Usage:
#   scripts/kube-binaries.sh                 build if needed, print progress (stderr) and the bin dir
#   scripts/kube-binaries.sh --print-bin-dir build if needed (progress on stderr), print only the bin dir
#   scripts/kube-binaries.sh --check         exit 0 if the binaries are cached, 1 otherwise (never builds)
#   scripts/kube-binaries.sh --rebuild       discard the cached binaries and build again
#   scripts/kube-binaries.sh --node [MODE]   the same for the node binaries (MODE: --print-bin-dir, --check, --rebuild)
#
# Environment:
#   DBSECRETS_K8S_VERSION   Kubernetes release to build (default 1.34.4)
#   DBSECRETS_KUBE_CACHE    cache root (default $HOME/.cache/dbsecrets-kube)
#   Binaries go to $DBSECRETS_KUBE_CACHE/v<version>/bin/ (node binaries: .../v<version>/node-bin/).
set -euo pipefail

K8S_VERSION="${DBSECRETS_K8S_VERSION:-1.34.4}"
K8S_VERSION="${K8S_VERSION#v}"
CACHE_ROOT="${DBSECRETS_KUBE_CACHE:-${HOME}/.cache/dbsecrets-kube}"
VERSION_DIR="${CACHE_ROOT}/v${K8S_VERSION}"
SET=control-plane
if [[ "${1:-}" == --node ]]; then SET=node; shift; fi
if [[ $SET == node ]]; then
  # a separate module, lock and directory: a node build never disturbs (or waits for) a control-plane build
  BIN_DIR="${VERSION_DIR}/node-bin"
  BINARIES=(kube-scheduler kubelet kube-proxy)
  MODULE_DIR="${VERSION_DIR}/node-module"
  LOCK="${VERSION_DIR}/.node-lock"
else
  BIN_DIR="${VERSION_DIR}/bin"
  BINARIES=(etcd kube-apiserver kube-controller-manager kubectl)
  MODULE_DIR="${VERSION_DIR}/build-module"
  LOCK="${VERSION_DIR}/.lock"
fi
STAMP="${BIN_DIR}/.complete"

mode=build
case "${1:-}" in
  "") ;;
  --print-bin-dir) mode=print ;;
  --check) mode=check ;;
  --rebuild) mode=rebuild ;;
  -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

log() { echo "[kube-binaries] $*" >&2; }

is_complete() {
  [[ -f "$STAMP" ]] || return 1
  local b
  for b in "${BINARIES[@]}"; do [[ -x "${BIN_DIR}/${b}" ]] || return 1; done
}

if [[ "$mode" == check ]]; then
  is_complete
  exit $?
fi

build() {
  command -v go >/dev/null || { log "go is not installed (needed to build the binaries)"; return 1; }
  local minor patch staging_ver work tmp_bin start end
  IFS=. read -r _ minor patch <<<"$K8S_VERSION"
  staging_ver="v0.${minor}.${patch}"
  work="$MODULE_DIR"
  tmp_bin="${BIN_DIR}.tmp"
  rm -rf "$work" "$tmp_bin"
  mkdir -p "$work" "$tmp_bin"
  start=$(date +%s)

  export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local GOWORK=off
  log "Kubernetes v${K8S_VERSION} (staging modules ${staging_ver}) with $(go version | cut -d' ' -f3)"
  log "downloading k8s.io/kubernetes@v${K8S_VERSION} go.mod ..."
  local k8s_mod
  k8s_mod=$(cd "$work" && go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  [[ -f "$k8s_mod" ]] || { log "could not download k8s.io/kubernetes@v${K8S_VERSION}"; return 1; }

  # staging modules = every `k8s.io/x => ./staging/src/k8s.io/x` replace in kubernetes' own go.mod
  local staging
  staging=$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\)[[:space:]]*=>[[:space:]]*\./staging/.*#\1#p' "$k8s_mod")
  [[ -n "$staging" ]] || { log "no staging replaces found in $k8s_mod"; return 1; }
  log "pinning $(wc -w <<<"$staging") staging modules to ${staging_ver}"

  {
    echo "module dbsecrets.local/kube-binaries"
    echo
    echo "go 1.24.0"
    echo
    echo "require k8s.io/kubernetes v${K8S_VERSION}"
    echo
    echo "replace ("
    local m
    for m in $staging; do echo "	${m} => ${m} ${staging_ver}"; done
    echo ")"
  } >"$work/go.mod"

  # blank imports of the commands so that `go mod tidy` resolves every module they need
  {
    echo "//go:build tools"
    echo
    echo "package tools"
    echo
    echo "import ("
    if [[ $SET == node ]]; then
      echo '	_ "k8s.io/kubernetes/cmd/kube-scheduler"'
      echo '	_ "k8s.io/kubernetes/cmd/kubelet"'
      echo '	_ "k8s.io/kubernetes/cmd/kube-proxy"'
    else
      echo '	_ "go.etcd.io/etcd/server/v3"'
      echo '	_ "k8s.io/kubernetes/cmd/kube-apiserver"'
      echo '	_ "k8s.io/kubernetes/cmd/kube-controller-manager"'
      echo '	_ "k8s.io/kubernetes/cmd/kubectl"'
    fi
    echo ")"
  } >"$work/tools.go"

  log "resolving modules (go mod tidy) ..."
  (cd "$work" && go mod tidy) >&2
  local etcd_ver=
  if [[ $SET != node ]]; then
    etcd_ver=$(cd "$work" && go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)
    log "etcd go.etcd.io/etcd/server/v3@${etcd_ver} (the version k8s v${K8S_VERSION} pins)"
  fi

  local pkg=k8s.io/component-base/version cpkg=k8s.io/client-go/pkg/version
  local build_date ldflags
  build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  ldflags="-s -w"
  local p
  for p in "$pkg" "$cpkg"; do
    ldflags+=" -X ${p}.gitVersion=v${K8S_VERSION} -X ${p}.gitMajor=1 -X ${p}.gitMinor=${minor}"
    ldflags+=" -X ${p}.gitTreeState=clean -X ${p}.buildDate=${build_date}"
  done

  if [[ $SET == node ]]; then
    log "compiling kube-scheduler, kubelet, kube-proxy (cold build takes a while on 2 cores) ..."
    (cd "$work" && go build -trimpath -ldflags="$ldflags" -o "$tmp_bin/" \
      k8s.io/kubernetes/cmd/kube-scheduler \
      k8s.io/kubernetes/cmd/kubelet \
      k8s.io/kubernetes/cmd/kube-proxy) >&2
  else
    log "compiling kube-apiserver, kube-controller-manager, kubectl (cold build takes a while on 2 cores) ..."
    (cd "$work" && go build -trimpath -ldflags="$ldflags" -o "$tmp_bin/" \
      k8s.io/kubernetes/cmd/kube-apiserver \
      k8s.io/kubernetes/cmd/kube-controller-manager \
      k8s.io/kubernetes/cmd/kubectl) >&2
    log "compiling etcd ..."
    (cd "$work" && go build -trimpath -ldflags="-s -w" -o "$tmp_bin/etcd" go.etcd.io/etcd/server/v3) >&2
  fi

  local b
  for b in "${BINARIES[@]}"; do [[ -x "$tmp_bin/$b" ]] || { log "missing $b after build"; return 1; }; done
  end=$(date +%s)
  {
    echo "kubernetes=v${K8S_VERSION}"
    [[ -z "$etcd_ver" ]] || echo "etcd=${etcd_ver}"
    echo "go=$(go version | cut -d' ' -f3)"
    echo "built=${build_date}"
    echo "build_seconds=$((end - start))"
  } >"$tmp_bin/BUILD-INFO"
  touch "$tmp_bin/.complete"
  rm -rf "$BIN_DIR"
  mv "$tmp_bin" "$BIN_DIR"
  log "built in $((end - start))s -> ${BIN_DIR}"
}

mkdir -p "$VERSION_DIR"
# One builder at a time (a test JVM and a shell may ask at once); the others wait and use its result.
exec 9>"$LOCK"
if ! flock -n 9; then
  log "another build of v${K8S_VERSION} ($SET) is running; waiting for it ..."
  flock 9
fi

if [[ "$mode" == rebuild ]]; then
  rm -rf "$BIN_DIR"
fi
if is_complete; then
  log "using cached binaries in ${BIN_DIR} ($(grep -h '^build_seconds' "${BIN_DIR}/BUILD-INFO" 2>/dev/null | sed 's/build_seconds=/cold build took /;s/$/s/'))"
else
  log "no complete cache in ${BIN_DIR}; building"
  build
fi
echo "$BIN_DIR"
