#!/usr/bin/env bash
# One manifest, one cold process: what a pre-commit hook pays per commit.
# Reports the median wall time, the process floor (`modelgate --version`),
# and, with valgrind, where the instructions go (callgrind counts them
# repeatably even on a busy machine).
#
#   bash bench/cold-start.sh [RUNS]
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
runs=${1:-50}
build
machine
manifest=examples/gdpr-compliant
check=("$BIN" check "$manifest" --today "$TODAY" --format json --no-config)
echo "modelgate --version:                 median $(median_ms "$runs" "$BIN" --version) ms over $runs runs"
echo "check, 1 manifest, cold process:     median $(median_ms "$runs" "${check[@]}") ms over $runs runs"
echo "peak RSS:                            $(peak_kib "${check[@]}") KiB"

if command -v valgrind >/dev/null 2>&1; then
  out=$(mktemp)
  trap 'rm -f "$out"' EXIT
  valgrind --tool=callgrind --callgrind-out-file="$out" "${check[@]}" >/dev/null 2>&1 || true
  total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')
  echo "instructions, whole run:             $total"
  part() { # symbol pattern -> inclusive instructions
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null | awk -v p="$1" 'index($0, p) {gsub(",","",$1); print $1; exit}'
  }
  for item in "catalog::Catalog::embedded|decoding the catalog" \
    "regorus::engine::Engine::add_policy|parsing the policies (regorus)" \
    "policy::read_docs|reading METADATA" \
    "policy::warm_up|preparing the rules (regorus)" \
    "verdict::Core::judge|judging the manifest"; do
    printf '  %-36s %s\n' "${item#*|}" "$(part "${item%%|*}")"
  done
  # Start-up runs on two threads at a time (the catalog and METADATA on
  # one, the policies on the other): the busier is the critical path.
  threads=$(mktemp -d)
  valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$threads/out" "${check[@]}" >/dev/null 2>&1 || true
  echo "instructions per thread:"
  # In start order: the process's own thread (arguments), the command's
  # thread (catalog, METADATA, judging), then the policies' threads (the
  # parse started ahead, then checks and preparation: valgrind gives the
  # second the first's number once it has ended).
  names=("" "process start" "catalog, METADATA, judging" "the policies")
  for f in "$threads"/out-*; do
    n=$((10#${f##*-}))
    printf '  %-36s %s\n' "${names[n]:-thread $n}" "$(callgrind_annotate "$f" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",","",$1); print $1}')"
  done
  rm -rf "$threads"
fi
