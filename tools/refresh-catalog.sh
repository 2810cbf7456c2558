#!/usr/bin/env bash
# Refresh the embedded catalog from the research transcriptions and show what
# changed. The steps and their reasons are in tools/refresh-catalog.md.
#
#   tools/refresh-catalog.sh [--against DIR] [--import DIR] [--update-frozen]
#
#   --against DIR    compare with this catalog folder (default: catalog/ as
#                    committed at HEAD)
#   --import DIR     also compare a folder written by `modelgate catalog
#                    import` with the rebuilt catalog (API facts the pages
#                    may not have yet)
#   --update-frozen  copy the rebuilt catalog into tests/fixtures/catalog,
#                    the frozen copy the tests judge against (only when the
#                    test expectations are to move with it)
#
# Needs python3, cargo, git, and the reference material the build reads
# (MODELGATE_REFERENCE, default tools/reference).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

against=""
import_dir=""
update_frozen=0
while [ $# -gt 0 ]; do
    case "$1" in
        --against) against="${2:?--against needs a folder}"; shift 2 ;;
        --import) import_dir="${2:?--import needs a folder}"; shift 2 ;;
        --update-frozen) update_frozen=1; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "refresh-catalog: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "$against" ]; then
    # The catalog as committed, before this refresh.
    git archive HEAD catalog | tar -x -C "$work"
    against="$work/catalog"
fi

echo "== 1. build: tools/build-catalog.py (validates, and checks every fact's basis)"
python3 tools/build-catalog.py

echo
echo "== 2. sources: tools/check-sources.py"
python3 tools/check-sources.py

echo
echo "== 3. diff: $against -> catalog/"
cargo build --quiet
modelgate="$root/target/debug/modelgate"
"$modelgate" catalog diff catalog --catalog "$against"

if [ -n "$import_dir" ]; then
    echo
    echo "== 4. diff: catalog/ -> $import_dir (catalog import output)"
    "$modelgate" catalog diff "$import_dir" --catalog catalog
fi

if [ "$update_frozen" = 1 ]; then
    echo
    echo "== 5. frozen copy: catalog/ -> tests/fixtures/catalog"
    rm -f tests/fixtures/catalog/models/*.json
    cp catalog/*.json tests/fixtures/catalog/
    cp catalog/models/*.json tests/fixtures/catalog/models/
    echo "updated; run cargo test and review the snapshots (cargo insta review)"
fi
