#!/usr/bin/env bash
# Starts a throwaway control plane (etcd, kube-apiserver, kube-controller-manager) on loopback.
# Usage: scripts/kube-up.sh [DIR]     (DIR defaults to a new temp dir)
# Prints shell exports on stdout, so:  eval "$(scripts/kube-up.sh)"  then use kubectl.
# Stop it with: scripts/kube-down.sh "$KCP_DIR"
set -euo pipefail
source "$(dirname "$0")/lib/kube-control-plane.sh"
dir="${1:-$(mktemp -d /tmp/dbsecrets-kube.XXXXXX)}"
if ! kcp_up "$dir"; then
  kcp_down "$dir"
  exit 1
fi
cat "$dir/env"
