#!/usr/bin/env bash
# Times `modelgate check` the way a pre-commit hook runs it: one cold process
# per invocation. Reports the median of repeated runs for one manifest, and
# for a folder of many manifests, whose difference is the per-manifest cost
# (the policies are compiled once per process, not once per manifest).
#
#   bash bench/check.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}

cargo build --release --quiet
bin=target/release/modelgate
manifest=examples/gdpr-cross-region/modelgate.toml

many=$(mktemp -d)
trap 'rm -rf "$many"' EXIT
for i in $(seq 1 200); do
  mkdir -p "$many/w$i"
  cp "$manifest" "$many/w$i/modelgate.toml"
done

median_ms() { # command... -> median wall time of $runs runs, in ms
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null || true
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1000}'
}

one=$(median_ms "$bin" check "$manifest" --today 2026-11-22 --format json)
two_hundred=$(median_ms "$bin" check "$many" --today 2026-11-22 --format json)
echo "check, 1 manifest, cold process:     median ${one} ms over ${runs} runs"
echo "check, 200 manifests, one process:   median ${two_hundred} ms over ${runs} runs"
awk -v a="$one" -v b="$two_hundred" 'BEGIN { printf "per additional manifest:              %.3f ms\n", (b - a) / 199 }'

if command -v /usr/bin/time >/dev/null 2>&1; then
  /usr/bin/time -f "peak RSS, 200 manifests:             %M KiB" "$bin" check "$many" --today 2026-11-22 --format json >/dev/null || true
fi
