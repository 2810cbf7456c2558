#!/usr/bin/env bash
# What regorus's path strings cost a batch: 50 manifests of 3 entries
# checked on one thread, instructions counted by callgrind, with regorus as
# released and with bench/upstream/regorus-0.14.1-path-strings.patch applied
# (through cargo's [patch], on a copy of the crate: nothing in the project
# changes). Both runs must print the same report.
#
#   bash bench/upstream/regorus.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
version=0.14.1
cargo fetch --locked --quiet
registry=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 2 -type d -name "regorus-$version" | head -1)
[ -n "$registry" ] || { echo "regorus $version is not in the cargo registry" >&2; exit 2; }
work=$(mktemp -d)
# cargo records a [patch] in Cargo.lock: the project's is put back.
cp Cargo.lock "$work/Cargo.lock"
trap 'cp "$work/Cargo.lock" Cargo.lock; rm -rf "$work"' EXIT
cp -r "$registry" "$work/regorus"
patch --quiet -d "$work/regorus" -p1 <bench/upstream/regorus-$version-path-strings.patch

# The `fast` profile: both builds alike, without a full LTO build each.
build() { # target dir, extra cargo args -> the binary
  cargo build --quiet --profile fast --target-dir "$1" "${@:2}"
  echo "$1/fast/modelgate"
}
released=$(build "$work/released" --locked)
patched=$(build "$work/patched" --config "patch.crates-io.regorus.path=\"$work/regorus\"")

python3 bench/gen_manifests.py "$work/many" --manifests 50 --entries 3 --bin "$released" >/dev/null
count() { # binary -> instructions, and the report's checksum
  RAYON_NUM_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
    "$1" check "$work/many" --today 2026-11-29 --format json --no-config >"$work/report" 2>/dev/null || true
  callgrind_annotate "$work/cg" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}'
}
a=$(count "$released"); sum_a=$(sha256sum <"$work/report")
b=$(count "$patched"); sum_b=$(sha256sum <"$work/report")
echo "50 manifests x 3 entries, one thread, instructions:"
printf '  %-32s %s\n' "regorus $version:" "$a" "with the path-strings patch:" "$b"
awk -v a="$a" -v b="$b" 'BEGIN { printf "  change:                         %+.1f%%\n", (b - a) * 100 / a }'
if [ "$sum_a" = "$sum_b" ]; then echo "  reports: identical"; else echo "  reports: DIFFERENT" >&2; exit 1; fi
