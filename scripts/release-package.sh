#!/usr/bin/env bash
# Packages one release build the way .github/workflows/release.yml publishes
# it and action.yml installs it: an archive named
# modelgate-<version>-<target>.tar.gz (.zip for Windows targets) holding one
# folder of the same name with the binary, README.md and, when the
# repository has one, LICENSE.
#
# Usage: scripts/release-package.sh VERSION TARGET BINARY OUT_DIR
# Prints the archive's path.
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 VERSION TARGET BINARY OUT_DIR" >&2
  exit 2
fi
version=$1 target=$2 binary=$3 out=$4
root=$(cd "$(dirname "$0")/.." && pwd)
name="modelgate-$version-$target"

if [ ! -f "$binary" ]; then
  echo "$binary: no such file (build the release binary first)" >&2
  exit 1
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/"
cp "$root/README.md" "$stage/$name/"
if [ -f "$root/LICENSE" ]; then
  cp "$root/LICENSE" "$stage/$name/"
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
case $target in
  *windows*)
    archive="$out/$name.zip"
    rm -f "$archive"
    if command -v 7z >/dev/null 2>&1; then
      # 7-Zip (Windows runners) takes Windows paths.
      native=$archive
      if command -v cygpath >/dev/null 2>&1; then
        native=$(cygpath -w "$archive")
      fi
      (cd "$stage" && 7z a -tzip -bso0 -bsp0 "$native" "$name")
    else
      (cd "$stage" && zip -qr "$archive" "$name")
    fi
    ;;
  *)
    archive="$out/$name.tar.gz"
    tar -C "$stage" -czf "$archive" "$name"
    ;;
esac
echo "$archive"
