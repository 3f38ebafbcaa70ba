#!/usr/bin/env bash
# Runs the BenchmarkDotNet suites in Release.
#   benchmarks/run.sh                          every suite
#   benchmarks/run.sh '*PatchSerialization*'   the suites whose names match (BenchmarkDotNet filters)
#   benchmarks/run.sh --quick [--no-build]     CI: every benchmark once (dry job, in-process) and the loopback
#                                              runner briefly; nothing judged, exits 1 when one fails to run
#   benchmarks/run.sh --full [--filter P]...   every suite (--job short, in-process) and the loopback runner;
#                                              writes benchmarks/results/latest.md with tables, ratios and goals
#   benchmarks/run.sh --loopback [options]     the webhook endpoint over loopback alone (--seconds, --rounds,
#                                              --senders, --items, --no-redis, --warmup S per variant,
#                                              --only sdk|redis|bare: one variant alone, e.g. under perf)
# More BenchmarkDotNet options go in BENCHMARK_ARGS, e.g. BENCHMARK_ARGS='--job short'.
# Results land in BenchmarkDotNet.Artifacts/results/ (markdown, csv, html).
set -euo pipefail
cd "$(dirname "$0")/.."

project=benchmarks/IssueSync.Sdk.Benchmarks
case "${1:-}" in
  --quick|--full|--loopback)
    mode="$1"
    shift
    build=()
    if [ "${1:-}" = "--no-build" ]; then
      build=(--no-build)
      shift
    fi
    exec dotnet run -c Release "${build[@]}" --project "$project" -- "$mode" "$@"
    ;;
esac

if [ "$#" -eq 0 ]; then
  set -- '*'
fi

read -r -a extra <<< "${BENCHMARK_ARGS:-}"
exec dotnet run -c Release --project "$project" -- "${extra[@]}" --filter "$@"
