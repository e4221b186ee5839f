#!/usr/bin/env bash
# Stops the control plane that scripts/kube-up.sh started in DIR and deletes DIR.
# Usage: scripts/kube-down.sh DIR [--keep]          (--keep: stop everything, keep DIR and its logs)
#        scripts/kube-down.sh DIR --only NAME       (stop one process, e.g. kube-apiserver; DIR is kept)
set -euo pipefail
source "$(dirname "$0")/lib/kube-control-plane.sh"
dir="${1:?usage: kube-down.sh DIR [--keep | --only NAME]}"
if [[ "${2:-}" == --only ]]; then
  kcp_stop_one "$dir" "${3:?usage: kube-down.sh DIR --only NAME}"
  exit 0
fi
kcp_down "$dir"
if [[ "${2:-}" != --keep && -f "$dir/pids" ]]; then
  rm -rf "$dir"
fi
