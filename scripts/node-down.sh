#!/usr/bin/env bash
# Stops what scripts/node-up.sh DIR started: the pods' containers, the node, the control plane; removes the
# node's mounts, bridge and iptables rules. DIR is kept (logs in DIR/logs).
# No `set -e`: every step of the teardown is tried even if one fails.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/lib/kube-control-plane.sh"
source "$here/lib/kube-node.sh"
kn_down "${1:?usage: node-down.sh DIR}"
