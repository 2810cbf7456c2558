#!/usr/bin/env bash
# One manifest with many entries: the cost must grow linearly (target:
# 1,000 entries in under a second).
#
#   bash bench/entries.sh [RUNS]
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
runs=${1:-3}
build
machine
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for n in 250 500 1000 2000; do
  workload "$dir/e$n" 1 "$n"
  ms=$(median_ms "$runs" "$BIN" check "$dir/e$n" --today "$TODAY" --format json --no-config)
  kib=$(peak_kib "$BIN" check "$dir/e$n" --today "$TODAY" --format json --no-config)
  awk -v n="$n" -v ms="$ms" -v kib="$kib" 'BEGIN { printf "%5d entries: median %9.1f ms, %.3f ms per entry, peak RSS %d KiB\n", n, ms, ms / n, kib }'
done
