#!/usr/bin/env bash
# What each built-in rule costs per evaluation (see policies/README.md,
# "Fast rules"), on the input documents of the batch workload.
#
#   bash bench/rules.sh
# shellcheck source=bench/common.sh
source "$(dirname "$0")/common.sh"
build
machine
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
workload "$dir/w" 50 3
"$BIN" input "$dir/w" --today "$TODAY" --no-config >"$dir/docs.json"
cargo bench --quiet --locked --bench rules -- "$dir/docs.json"
