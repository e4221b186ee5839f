#!/usr/bin/env bash
# Lints .github/workflows/ with actionlint (built once from its Go module, cached in ~/.cache/dbsecrets-tools).
# The workflows cannot run here; this catches what would break them on GitHub: syntax, expressions, action inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
version=v1.7.12
bin_dir="${DBSECRETS_TOOLS_CACHE:-$HOME/.cache/dbsecrets-tools}/actionlint-${version}"
if [[ ! -x "$bin_dir/actionlint" ]]; then
  command -v go >/dev/null || { echo "[lint-workflows] go is required to build actionlint" >&2; exit 1; }
  echo "[lint-workflows] building actionlint ${version}" >&2
  GOBIN="$bin_dir" GOFLAGS=-buildvcs=false CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@${version}"
fi
"$bin_dir/actionlint" -no-color
echo "[lint-workflows] .github/workflows: ok" >&2
