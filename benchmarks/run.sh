#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites in Release.
#   benchmarks/run.sh                          every suite
#   benchmarks/run.sh '*PatchSerialization*'   the suites whose names match (BenchmarkDotNet filters)
# More BenchmarkDotNet options go in BENCHMARK_ARGS, e.g. BENCHMARK_ARGS='--job short'.
# Results land in BenchmarkDotNet.Artifacts/results/ (markdown, csv, html).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  set -- '*'
fi

read -r -a extra <<< "${BENCHMARK_ARGS:-}"
exec dotnet run -c Release --project benchmarks/IssueSync.Sdk.Benchmarks -- "${extra[@]}" --filter "$@"
