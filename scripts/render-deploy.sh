#!/usr/bin/env bash
# Regenerates the files derived from the Helm chart and the CRD, with no helm binary (helm-java in tests):
#   helm/externaldbsecret-operator/crds/  <- crds/ (itself generated from the Java model: scripts/update-crds.sh)
#   deploy/externaldbsecret-operator.yaml <- the chart rendered with default values, namespace dbsecrets-system
# Without this script the same tests fail when those files are stale.
# Usage: scripts/render-deploy.sh [extra maven args, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q "$@" test \
  -Dtest='io.dbsecrets.operator.chart.ChartCrdIsCurrentTest,io.dbsecrets.operator.chart.DeployManifestsAreCurrentTest' \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddbsecrets.updateGenerated=true
git status --short -- helm/externaldbsecret-operator/crds deploy
