#!/usr/bin/env bash
# Installs what the pod tier (src/test/.../pod, JUnit tag "pod") needs on a fresh machine, then builds (or reuses)
# the cached node binaries. Safe to run repeatedly; scripts/test.sh calls it. Needs root (or sudo for apt-get):
# the tier runs containerd and a kubelet.
#   image:  podman, runc, conmon, uidmap, mmdebstrap (scripts/image.sh)     JDK 17 with jlink
#   node:   containerd, runc, containernetworking-plugins, iptables, conntrack (scripts/node-up.sh)
# Usage: scripts/ci-pod-prereqs.sh [--no-build]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

packages=(podman runc conmon uidmap mmdebstrap containerd containernetworking-plugins iptables conntrack)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "[ci-pod-prereqs] apt-get install ${missing[*]}" >&2
  sudo_cmd=(); [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
"$here/ci-kube-prereqs.sh" "$@"
if [[ "${1:-}" != --no-build ]]; then
  "$here/kube-binaries.sh" --node --print-bin-dir >/dev/null
fi
