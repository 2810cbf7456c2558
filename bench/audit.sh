#!/usr/bin/env bash
# Times `modelgate audit` against ripgrep searching the same tree for the same
# literals (the scanner's prefilter needles, printed by the hidden
# `modelgate audit --print-needles`), with the same size limit and the same
# ignore rules (both use the `ignore` crate's defaults: .gitignore, .ignore,
# hidden files skipped). Reports the median wall time of RUNS warm runs, the
# ratio, and the peak RSS of each tool on a small and on the large tree
# (memory must not grow with the tree).
#
#   bash bench/audit.sh [RUNS] [TREE…]     (default tree: ~/.cargo/registry/src)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
shift || true
trees=("$@")
if [ ${#trees[@]} -eq 0 ]; then
  trees=("$HOME/.cargo/registry/src")
fi
trees+=("tests/fixtures/audit")

if ! command -v rg >/dev/null 2>&1; then
  echo "installing ripgrep (Debian package)" >&2
  apt-get update -qq && apt-get install -y -qq ripgrep >/dev/null
fi

cargo build --release --quiet
bin=target/release/modelgate
today=2026-11-22
limit=2M

patterns=()
while IFS= read -r needle; do patterns+=(-e "$needle"); done < <("$bin" audit --print-needles)

files=$(rg --files --max-filesize "$limit" "${trees[@]}" 2>/dev/null | wc -l)
bytes=$(du -scb "${trees[@]}" 2>/dev/null | tail -1 | cut -f1)

# The equivalent pattern: what audit reports, as one regex (a provider's
# id or profile, Bedrock's versioned id shape for providers the catalog does
# not know, an ARN plain or URL-encoded, a suppression comment).
providers=$(for ((i = 1; i < ${#patterns[@]}; i += 2)); do case ${patterns[i]} in *.) printf '%s|' "${patterns[i]%.}" ;; esac; done)
grammar="(?:${providers%|})\.[A-Za-z0-9][A-Za-z0-9._:-]*|[a-z0-9][a-z0-9-]*\.[a-z0-9._-]+-v[0-9]+:[0-9]+|arn:aws[a-z-]*:bedrock:[A-Za-z0-9\${}:./_-]*|arn%3[Aa]aws[A-Za-z0-9%._/-]*|modelgate:\s*ignore"
rg_grammar_cmd() { rg --column --no-heading --max-filesize "$limit" -e "$grammar" "$@" || true; }

audit_cmd() { "$bin" audit "$@" --today "$today" --max-filesize "$limit" --format concise --fail-on never; }
rg_cmd() { rg -F --column --no-heading --max-filesize "$limit" "${patterns[@]}" "$@" || true; }

median_ms() { # command... -> median wall time over $runs runs, output piped (not /dev/null: rg short-cuts that)
  local times=()
  "$@" 2>/dev/null | cat >/dev/null # warm the page cache
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" 2>/dev/null | cat >/dev/null
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1000}'
}

echo "tree: ${trees[*]}"
echo "files searched by rg (after ignore rules and the $limit limit): $files; bytes on disk: $bytes"
echo "needles: $(( ${#patterns[@]} / 2 ))"
"$bin" audit "${trees[@]}" --today "$today" --max-filesize "$limit" --format json --fail-on never 2>&1 >/dev/null | tail -1
audit_ms=$(median_ms audit_cmd "${trees[@]}")
rg_ms=$(median_ms rg_cmd "${trees[@]}")
rg_grammar_ms=$(median_ms rg_grammar_cmd "${trees[@]}")
echo "modelgate audit:                    median ${audit_ms} ms over ${runs} runs"
echo "ripgrep, the prefilter's literals:  median ${rg_ms} ms over ${runs} runs"
echo "ripgrep, the equivalent regex:      median ${rg_grammar_ms} ms over ${runs} runs"
awk -v a="$audit_ms" -v r="$rg_ms" -v g="$rg_grammar_ms" 'BEGIN {
  printf "ratio audit / rg literals:          %.2fx\n", a / r
  printf "ratio audit / rg equivalent regex:  %.2fx (target: at most 0.3x)\n", a / g
}'
if [ -x /usr/bin/time ]; then
  peak_audit() { /usr/bin/time -f %M "$bin" audit "$@" --today "$today" --max-filesize "$limit" --format concise --fail-on never 2>&1 >/dev/null | tail -1; }
  echo "peak RSS, modelgate audit, fixtures only: $(peak_audit tests/fixtures/audit) KiB"
  echo "peak RSS, modelgate audit, whole tree:    $(peak_audit "${trees[@]}") KiB"
  echo "peak RSS, ripgrep, whole tree:            $(/usr/bin/time -f %M rg -F --column --no-heading --max-filesize "$limit" "${patterns[@]}" "${trees[@]}" 2>&1 >/dev/null | tail -1) KiB"
fi
