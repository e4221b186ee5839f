#!/usr/bin/env bash
# Provides promtool (the Prometheus rule checker and rule unit-test runner) for the chart's alert-rule tests,
# built from the Go module github.com/prometheus/prometheus/cmd/promtool with the local Go toolchain.
#
# Usage:
#   scripts/promtool.sh              build if needed, print progress (stderr) and the binary's path
#   scripts/promtool.sh --print-bin  the same (the form the tests call)
#   scripts/promtool.sh --check      exit 0 if the binary is cached, 1 otherwise (never builds)
#
# Environment:
#   DBSECRETS_PROMETHEUS_MODULE_VERSION  Go module version (default v0.316.0); module v0.3XY.Z is Prometheus 3.XY.Z
#   DBSECRETS_TOOLS_CACHE                cache root (default $HOME/.cache/dbsecrets-tools)
set -euo pipefail

VERSION="${DBSECRETS_PROMETHEUS_MODULE_VERSION:-v0.316.0}"
CACHE_ROOT="${DBSECRETS_TOOLS_CACHE:-${HOME}/.cache/dbsecrets-tools}"
BIN_DIR="${CACHE_ROOT}/promtool-${VERSION}"
BIN="${BIN_DIR}/promtool"

case "${1:-}" in
  ""|--print-bin) ;;
  --check) [[ -x "$BIN" ]] && exit 0 || exit 1 ;;
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
esac

log() { echo "[promtool] $*" >&2; }

mkdir -p "$BIN_DIR"
# One build at a time per machine: a second caller waits, then finds the binary.
exec 9>"${BIN_DIR}.lock"
if ! flock -n 9; then
  log "another build of promtool ${VERSION} is running; waiting for it ..."
  flock 9
fi
if [[ ! -x "$BIN" ]]; then
  command -v go >/dev/null || { echo "[promtool] needs the Go toolchain (go) on PATH" >&2; exit 1; }
  log "building promtool ${VERSION} from the Go module proxy (several minutes the first time) ..."
  GOBIN="$BIN_DIR.tmp" GOFLAGS="${GOFLAGS:-} -trimpath" nice go install \
    "github.com/prometheus/prometheus/cmd/promtool@${VERSION}" >&2
  mv "$BIN_DIR.tmp/promtool" "$BIN"
  rmdir "$BIN_DIR.tmp"
fi
echo "$BIN"
