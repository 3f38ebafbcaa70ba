#!/usr/bin/env bash
# Packs the solution's packages to artifacts/packages and checks each nuspec's dependencies against
# eng/package-dependencies/<package id>.txt (one id a line): a stray or a missing dependency fails with
# one line saying which. Samples, tests and benchmarks are never packed (IsPackable false).
# Usage: bash eng/pack.sh [--no-build]   (CI passes --no-build after its Release build)
set -euo pipefail
cd "$(dirname "$0")/.."

out="artifacts/packages"
expected_dir="eng/package-dependencies"
rm -rf "$out"
mkdir -p "$out"

dotnet pack IssueSync.Sdk.sln -c Release -warnaserror -o "$out" "$@"

# The nuspec inside a package, without unzip when it is missing.
read_nuspec() {
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$1" '*.nuspec'
  else
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(next(z.read(n).decode() for n in z.namelist() if n.endswith(".nuspec")))' "$1"
  fi
}

status=0
packed=()
for package in "$out"/*.nupkg; do
  file=$(basename "$package")
  nuspec=$(read_nuspec "$package")
  id=$(sed -n 's:.*<id>\(.*\)</id>.*:\1:p' <<< "$nuspec" | head -n 1)
  packed+=("$id")
  expected="$expected_dir/$id.txt"
  if [ ! -f "$expected" ]; then
    echo "error: $file: no expected dependency list $expected (a new package lists its dependencies there)" >&2
    status=1
    continue
  fi
  actual=$(grep -o '<dependency id="[^"]*"' <<< "$nuspec" | sed 's/<dependency id="\(.*\)"/\1/' | sort -u || true)
  wanted=$(grep -v '^\s*\(#\|$\)' "$expected" | sort -u)
  while read -r stray; do
    [ -n "$stray" ] && { echo "error: $id: stray dependency $stray (not in $expected)" >&2; status=1; }
  done < <(comm -23 <(echo "$actual") <(echo "$wanted"))
  while read -r missing; do
    [ -n "$missing" ] && { echo "error: $id: missing dependency $missing (listed in $expected)" >&2; status=1; }
  done < <(comm -13 <(echo "$actual") <(echo "$wanted"))
  echo "$id: $(echo "$actual" | tr '\n' ' ')"
done

for expected in "$expected_dir"/*.txt; do
  id=$(basename "$expected" .txt)
  if [[ ! " ${packed[*]} " == *" $id "* ]]; then
    echo "error: $id: expected in $expected_dir but not packed" >&2
    status=1
  fi
done

if [ "$status" -ne 0 ]; then
  echo "error: the packages' dependencies differ from $expected_dir (fix the project, or the list when the change is meant)" >&2
  exit 1
fi
echo "packages checked: ${#packed[@]} in $out"
