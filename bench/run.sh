#!/usr/bin/env bash
# Scale and AWS-cost benchmark of the operator; see bench/README.md.
# Usage: bench/run.sh [--sizes 100,1000,5000] [--secrets-ratio 10] [--refresh 60s] [--tier auto|real|mock]
#                     [--samples 50] [--restart-observe 90s] [--settle 1.2] [--create-threads 4]
#        bench/run.sh --events [--rotations 20] [--poll-intervals 60s,300s] [--events-refresh 1h] [--idle-window 120s]
#          (event vs polling rotation latency, AWS calls per hour with events on and off; bench/README.md, Events mode)
#        bench/run.sh --compare eso [--sizes 100,1000] [--only ours,eso] [--jfr DIR] [--eso-bin PATH] [--eso-crds DIR]
#                     [--cds on|off] (ours with the image's class-data sharing archive, or without)
# Env: BENCH_OPERATOR_JVM_OPTS (operator JVM flags), BENCH_OPERATOR_ENV ("DBSECRETS_X=v ..." operator settings),
#   BENCH_DRIVER_JVM_OPTS (driver JVM flags), BENCH_SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  echo "[bench] building the shaded jar and the test classpath (mvn -o)" >&2
  mvn -B -o -q package -DskipTests
  mvn -B -o -q dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
fi
main=io.dbsecrets.operator.bench.ScaleBenchmark
if [[ "${1:-}" == "--compare" ]]; then
  [[ "${2:-}" == "eso" ]] || { echo "usage: bench/run.sh --compare eso [flags]" >&2; exit 2; }
  main=io.dbsecrets.operator.bench.CompareBenchmark
  shift 2
fi
exec java ${BENCH_DRIVER_JVM_OPTS:--Xmx1g} -Ddbsecrets.repoRoot="$PWD" \
  -cp "target/test-classes:target/classes:$(cat target/bench.cp)" \
  "$main" "$@"
