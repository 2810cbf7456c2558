# shellcheck shell=bash
# Shared by the bench/ scripts: the release build, and timing helpers that
# report the median of repeated runs (never a single, noisy one).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BIN=target/release/modelgate
# Read by the scripts that source this file.
# shellcheck disable=SC2034
TODAY=2026-11-29

build() {
  cargo build --release --quiet --locked
}

# median_ms RUNS command... -> the median wall time of RUNS runs, in ms.
# With hyperfine (Debian package `hyperfine`), after 3 warm-up runs and
# without a shell in between; otherwise timed by `date`, whose own two
# process starts then add about 2 ms to every figure.
median_ms() {
  local runs=$1
  shift
  if command -v hyperfine >/dev/null 2>&1; then
    local out
    out=$(mktemp)
    hyperfine --style none --shell none --warmup 3 --runs "$runs" -i \
      --export-json "$out" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$out"
    rm -f "$out"
    return
  fi
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000)))
  done
  printf '%s\n' "${times[@]}" | sort -n |
    awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1000}'
}

# peak_kib command... -> the peak resident set of one run, in KiB.
peak_kib() {
  # A run with findings exits 1: its memory counts all the same.
  { /usr/bin/time -f %M "$@" 2>&1 >/dev/null || true; } | tail -1
}

# workload DIR MANIFESTS ENTRIES -> DIR holds MANIFESTS different manifests
# of ENTRIES entries each (bench/gen_manifests.py, fixed seed).
workload() {
  rm -rf "$1"
  python3 bench/gen_manifests.py "$1" --manifests "$2" --entries "$3" --bin "$BIN"
}

# The machine the figures come from.
machine() {
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
