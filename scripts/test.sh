#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine, then runs every test.
#   unit + mock-server tests (*Test, surefire) and real-API-server tests (*IT, failsafe), among them the pod
#   tier (src/test/.../pod, tag "pod": the image on a node that runs pods; -DexcludedGroups=pod leaves it out),
#   and actionlint over .github/workflows
# Extra arguments go to Maven, e.g. scripts/test.sh -Dtest=ExternalDbSecretSyncTest -DskipITs
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v moto_server >/dev/null; then
  echo "[test] installing moto_server (pip install 'moto[server]')" >&2
  python3 -m pip install --quiet 'moto[server]'
fi
echo "[test] preparing promtool for the chart's alert-rule tests (built from the Prometheus Go module once)" >&2
scripts/promtool.sh >/dev/null
extra=()
if [[ " $* " != *" -DskipITs "* ]]; then
  if [[ " $* " == *" -DexcludedGroups=pod "* ]]; then
    echo "[test] preparing the real control plane (kube-apiserver, kube-controller-manager, etcd)" >&2
    scripts/ci-kube-prereqs.sh
  elif [[ $(id -u) == 0 ]]; then
    echo "[test] preparing the real control plane and the pod tier (podman, containerd, kubelet, ...)" >&2
    scripts/ci-pod-prereqs.sh
  else
    # containerd and the kubelet need root; everything else runs
    echo "[test] not root: the pod tier (tag \"pod\") is left out; run as root to include it" >&2
    scripts/ci-kube-prereqs.sh
    extra+=(-DexcludedGroups=pod)
  fi
fi
scripts/lint-workflows.sh
exec mvn -B verify "${extra[@]}" "$@"
