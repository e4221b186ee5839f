#!/usr/bin/env bash
# Regenerates scripts/image/cds-classes, the class list the image's class-data sharing archive is dumped from
# (Dockerfile, `java -Xshare:dump`): every class the operator loads in a benchmark run at N = 100 (start-up, the
# first syncs, a steady refresh cycle, new resources), as the chart runs it. Run it when CdsClassListTest says the
# list names operator classes that are gone, or after a dependency upgrade. Takes about 3 minutes; needs what
# bench/run.sh needs (the real tier and moto_server).
set -euo pipefail
cd "$(dirname "$0")/.."
jvm="-XX:MaxRAM=512m $(sed -n 's/^javaToolOptions: "\(.*\)"$/\1/p' helm/externaldbsecret-operator/values.yaml)"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
BENCH_OPERATOR_JVM_OPTS="$jvm -XX:DumpLoadedClassList=$out/classes" \
  bench/run.sh --compare eso --only ours --sizes 100 --samples 10 --settle 0.2 --cds off --results "$out" >&2
cp "$out/classes" scripts/image/cds-classes
echo "scripts/image/cds-classes: $(grep -vc '^#' scripts/image/cds-classes) entries" >&2
