#!/usr/bin/env bash
# Starts a throwaway control plane (etcd, kube-apiserver, kube-controller-manager) on loopback.
# Usage: scripts/kube-up.sh [DIR]     (DIR defaults to a new temp dir)
#        scripts/kube-up.sh --restart-apiserver DIR   (after kube-down.sh DIR --only kube-apiserver: an outage)
# Prints shell exports on stdout, so:  eval "$(scripts/kube-up.sh)"  then use kubectl.
# Stop it with: scripts/kube-down.sh "$KCP_DIR"
# The tests' KubeControlPlane runs this script too, so demo, benchmark and tests start the same control plane.
set -euo pipefail
source "$(dirname "$0")/lib/kube-control-plane.sh"
if [[ "${1:-}" == --restart-apiserver ]]; then
  kcp_restart_apiserver "${2:?usage: kube-up.sh --restart-apiserver DIR}"
  exit 0
fi
dir="${1:-$(mktemp -d /tmp/dbsecrets-kube.XXXXXX)}"
# A port taken between picking and binding fails a start; try again on fresh ports before giving up.
for attempt in 1 2 3; do
  if kcp_up "$dir"; then
    cat "$dir/env"
    exit 0
  fi
  kcp_down "$dir"
  rm -rf "$dir/etcd"
  [[ $attempt -lt 3 ]] && kcp_log "start failed (attempt $attempt of 3); retrying on fresh ports"
done
exit 1
