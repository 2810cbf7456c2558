#!/usr/bin/env bash
# Many manifests in one run: 200 different manifests of three entries each
# against the first of them alone, fixes verified. Reports both medians,
# their ratio (target: at most 3x) and the cost of each additional manifest,
# on every core and on one.
#
#   bash bench/batch.sh [RUNS]
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
runs=${1:-10}
build
machine
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
workload "$dir/many" 200 3
mkdir -p "$dir/one" && cp -r "$dir/many/w0000" "$dir/one/"
run=("$BIN" check --today "$TODAY" --format json --no-config)
one=$(median_ms "$runs" "${run[@]}" "$dir/one")
many=$(median_ms "$runs" "${run[@]}" "$dir/many")
serial=$(RAYON_NUM_THREADS=1 median_ms "$runs" "${run[@]}" "$dir/many")
findings=$({ "${run[@]}" "$dir/many" || true; } | python3 -c 'import json,sys; d=json.load(sys.stdin); f=d["findings"]; print(len(f), "findings,", sum(1 for x in f if x.get("fix")), "with a verified fix")')
echo "workload: 200 manifests x 3 entries; $findings"
echo "1 manifest:                      median $one ms over $runs runs"
echo "200 manifests, all cores:        median $many ms"
echo "200 manifests, one thread:       median $serial ms"
awk -v a="$one" -v b="$many" -v s="$serial" 'BEGIN {
  printf "ratio 200/1:                     %.1fx (target: at most 3x)\n", b / a
  printf "per additional manifest:         %.3f ms (all cores), %.3f ms (one thread)\n", (b - a) / 199, (s - a) / 199
}'
echo "peak RSS, 200 manifests:         $(peak_kib "$BIN" check "$dir/many" --today "$TODAY" --format json --no-config) KiB"
