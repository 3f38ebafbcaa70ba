#!/usr/bin/env bash
# Builds and runs tests/consumer against the packages eng/pack.sh left in artifacts/packages: a host that
# has IssueSync.* only from that folder feed (tests/consumer/nuget.config), never from project references.
# Its own packages folder, so a package of the same version from an earlier run is never reused; the
# machine's global folder is a read-only fallback for everything else.
# Usage: bash eng/consumer-check.sh [dotnet test arguments, e.g. --logger trx --results-directory DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

package=$(find artifacts/packages -maxdepth 1 -name 'IssueSync.Sdk.[0-9]*.nupkg' | head -n 1)
if [ -z "$package" ]; then
  echo "error: no IssueSync.Sdk package in artifacts/packages: run eng/pack.sh first" >&2
  exit 1
fi
version=$(basename "$package" .nupkg)
version=${version#IssueSync.Sdk.}

packages="$(pwd)/artifacts/consumer/packages"
rm -rf "$packages"
global=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')

dotnet test tests/consumer/IssueSync.Consumer.Tests.csproj -c Release \
  -p:IssueSyncPackageVersion="$version" \
  -p:RestorePackagesPath="$packages" \
  -p:RestoreFallbackFolders="$global" \
  "$@"
