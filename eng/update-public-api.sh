#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of every packable project from the code, through the
# PublicApiAnalyzers code fix. Run after changing the public surface; review the diff.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/*.csproj; do
  dir=$(dirname "$project")
  [ -f "$dir/PublicAPI.Unshipped.txt" ] || continue
  printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 RS0017 --severity error >/dev/null 2>&1 || true
  # Keep the listing sorted so merges and reviews stay line-by-line.
  { head -n1 "$dir/PublicAPI.Unshipped.txt"; tail -n +2 "$dir/PublicAPI.Unshipped.txt" | LC_ALL=C sort -u; } > "$dir/PublicAPI.tmp" && mv "$dir/PublicAPI.tmp" "$dir/PublicAPI.Unshipped.txt"
  echo "updated $dir/PublicAPI.Unshipped.txt ($(($(wc -l < "$dir/PublicAPI.Unshipped.txt") - 1)) entries)"
done
