#!/usr/bin/env bash
# Stops the control plane that scripts/kube-up.sh started in DIR and deletes DIR.
# Usage: scripts/kube-down.sh DIR [--keep]
set -euo pipefail
source "$(dirname "$0")/lib/kube-control-plane.sh"
dir="${1:?usage: kube-down.sh DIR [--keep]}"
kcp_down "$dir"
if [[ "${2:-}" != --keep && -f "$dir/pids" ]]; then
  rm -rf "$dir"
fi
