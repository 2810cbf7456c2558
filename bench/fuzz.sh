#!/usr/bin/env bash
# Runs every cargo-fuzz target of fuzz/ for SECONDS each (default 600) and
# prints per target the executions, the time and the crashes found. Targets
# run one after the other (the machines have 2 cores shared with others);
# FUZZ_JOBS=2 runs two at a time (what `.ci/run` does, to stay short).
# A target stops at its first crash; the input is kept under
# fuzz/artifacts/<target>/, the panic is printed and the exit status is 1.
# New corpus inputs accumulate in fuzz/corpus/<target>/ (FUZZ_CORPUS=DIR
# for another folder), so a second run starts where the first stopped.
#
#   bash bench/fuzz.sh [SECONDS] [TARGET…]
#
# Replay a crash with
#   cargo +nightly fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
jobs=${FUZZ_JOBS:-1}
corpus=${FUZZ_CORPUS:-fuzz/corpus}

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "bench/fuzz.sh needs a nightly toolchain and cargo-fuzz:" >&2
  echo "  rustup toolchain install nightly --profile minimal" >&2
  echo "  cargo install cargo-fuzz --locked" >&2
  exit 2
fi
# No sanitizer: modelgate has no unsafe code of its own, and without
# AddressSanitizer the targets run 2 to 5 times faster. Debug assertions
# and overflow checks stay on.
fuzz=(cargo +nightly fuzz)
build_start=$(date +%s)
"${fuzz[@]}" build -s none >/dev/null 2>&1 || "${fuzz[@]}" build -s none
echo "built the fuzz targets in $(( $(date +%s) - build_start )) s"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <("${fuzz[@]}" list)
fi
logs=fuzz/artifacts/logs
mkdir -p "$logs"

# Runs one target; writes its table row to $logs/TARGET.row (and what
# crashed after it); fails on a crash.
run_target() {
  local target=$1 dict=() status=0
  mkdir -p "$corpus/$target" "fuzz/artifacts/$target"
  if [ -f "fuzz/dicts/$target.dict" ]; then
    dict=("-dict=fuzz/dicts/$target.dict")
  fi
  local before log start elapsed runs crashes
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  log="$logs/$target.log"
  start=$(date +%s)
  # -timeout: an input that takes 10 s is a hang worth a look (issue 11).
  "${fuzz[@]}" run -s none "$target" "$corpus/$target" "fuzz/seeds/$target" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="fuzz/artifacts/$target/" "${dict[@]}" >"$log" 2>&1 || status=$?
  elapsed=$(( $(date +%s) - start ))
  # libFuzzer's final stats line, else its last status line.
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ -z "$runs" ]; then
    runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  fi
  runs=${runs:-0}
  crashes=$(( $(find "fuzz/artifacts/$target" -type f | wc -l) - before ))
  {
    printf '%-16s %12d %8d %10d %8d\n' "$target" "$runs" "$elapsed" \
      $(( runs / (elapsed > 0 ? elapsed : 1) )) "$crashes"
    if [ "$status" -ne 0 ] || [ "$crashes" -gt 0 ]; then
      find "fuzz/artifacts/$target" -type f -newer "$logs/$target.start" | sed 's/^/  new: /'
      grep -m1 -A3 -E 'panicked at|ERROR: libFuzzer' "$log" | sed 's/^/  /' || true
      echo "  log: $log"
    fi
  } >"$logs/$target.row"
  [ "$status" -eq 0 ] && [ "$crashes" -eq 0 ]
}

failed=0
running=0
for target in "${targets[@]}"; do
  touch "$logs/$target.start"
  if [ "$jobs" -le 1 ]; then
    run_target "$target" || failed=1
    continue
  fi
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done

printf '%-16s %12s %8s %10s %8s\n' target executions seconds exec/s crashes
total=0
for target in "${targets[@]}"; do
  cat "$logs/$target.row"
  total=$(( total + $(awk 'NR==1 {print $2}' "$logs/$target.row") ))
done
echo "total executions: $total"
exit "$failed"
