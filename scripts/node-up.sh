#!/usr/bin/env bash
# Starts a throwaway cluster whose node runs pods: the control plane of kube-up.sh, listening also on this
# machine's address, plus containerd, kube-scheduler, kube-proxy and a kubelet (scripts/lib/kube-node.sh).
# Usage: scripts/node-up.sh [DIR] [IMAGE_ARCHIVE...]   (DIR defaults to a new temp dir; archives: podman save)
# Prints shell exports on stdout, so:  eval "$(scripts/node-up.sh)"  then use kubectl.
# Stop it with: scripts/node-down.sh "$KCP_DIR"   (needs root: containerd, the kubelet and iptables)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib/kube-control-plane.sh"
source "$here/lib/kube-node.sh"
dir="${1:-$(mktemp -d /tmp/dbsecrets-node.XXXXXX)}"
shift || true
# the address pods reach this machine at: the source address of its default route
KCP_NODE_IP="${KCP_NODE_IP:-$(ip -4 route get 1.1.1.1 | sed -n 's/.* src \([0-9.]*\).*/\1/p')}"
[[ -n "$KCP_NODE_IP" ]] || { kcp_log "no IPv4 default route: set KCP_NODE_IP"; exit 1; }
export KCP_NODE_IP
ok=
for attempt in 1 2 3; do
  if kcp_up "$dir"; then ok=1; break; fi
  kcp_down "$dir"
  rm -rf "$dir/etcd"
  [[ $attempt -lt 3 ]] && kcp_log "start failed (attempt $attempt of 3); retrying on fresh ports"
done
[[ -n "$ok" ]] || exit 1
echo "export KCP_NODE_IP=$KCP_NODE_IP" >>"$dir/env"
if ! kn_up "$dir" || { (($#)) && ! kn_import "$dir" "$@"; }; then
  kn_down "$dir"
  exit 1
fi
cat "$dir/env"
