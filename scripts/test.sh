#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh machine, then runs every test.
#   unit + mock-server tests (*Test, surefire) and real-API-server tests (*IT, failsafe)
# Extra arguments go to Maven, e.g. scripts/test.sh -Dtest=ExternalDbSecretSyncTest -DskipITs
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v moto_server >/dev/null; then
  echo "[test] installing moto_server (pip install 'moto[server]')" >&2
  python3 -m pip install --quiet 'moto[server]'
fi
echo "[test] preparing promtool for the chart's alert-rule tests (built from the Prometheus Go module once)" >&2
scripts/promtool.sh >/dev/null
if [[ " $* " != *" -DskipITs "* ]]; then
  echo "[test] preparing the real control plane (kube-apiserver, kube-controller-manager, etcd)" >&2
  scripts/ci-kube-prereqs.sh
fi
exec mvn -B verify "$@"
