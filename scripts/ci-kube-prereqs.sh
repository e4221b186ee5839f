#!/usr/bin/env bash
# Installs what a fresh machine needs to run the real control plane in tests, then builds
# (or reuses) the cached binaries. Safe to run repeatedly; CI calls it before the ITs.
#   needs: go (>= 1.24, on the machine image), openssl, curl, flock/setsid (util-linux), tac (coreutils)
# Usage: scripts/ci-kube-prereqs.sh [--no-build]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

missing=()
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl ca-certificates)
{ command -v flock && command -v setsid; } >/dev/null || missing+=(util-linux)
if ((${#missing[@]})); then
  echo "[ci-kube-prereqs] apt-get install ${missing[*]}" >&2
  sudo_cmd=(); [[ $(id -u) == 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
command -v go >/dev/null || { echo "[ci-kube-prereqs] go is required to build the control-plane binaries" >&2; exit 1; }

if [[ "${1:-}" != --no-build ]]; then
  "$here/kube-binaries.sh" --print-bin-dir >/dev/null
fi
