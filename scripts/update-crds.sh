#!/usr/bin/env bash
# Regenerates the CRD from the Java model and copies it to crds/ (and the Helm chart's crds/ when present).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q process-classes
generated=target/classes/META-INF/fabric8/externaldbsecrets.dbsecrets.io-v1.yml
cp "$generated" crds/
for chart_crds in helm/*/crds; do
  [ -d "$chart_crds" ] && cp "$generated" "$chart_crds/"
done
echo "crds/ updated from $generated"
