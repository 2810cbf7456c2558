#!/usr/bin/env bash
# Second step of action.yml: run modelgate with GitHub annotations on
# standard output and, when asked, a SARIF report written beside them, then
# exit with modelgate's own status (0 clean, 1 findings at or above
# --fail-on, 2 the run failed). Written for bash 3.2 too (macOS).
#
# Environment (set by action.yml):
#   MODELGATE  the binary (default: modelgate on PATH)
#   COMMAND    check or audit
#   ARGS       extra arguments, split on whitespace (no quoting, no globbing)
#   SARIF      where to write SARIF; empty for none
#   FAIL_ON    error, warning, info or never; empty for modelgate's default
#   GITHUB_OUTPUT
# Outputs: `exit-code`, and `sarif` when the report was written.
set -uo pipefail

escape() {
  local text=$1
  text=${text//'%'/'%25'}
  text=${text//$'\r'/'%0D'}
  text=${text//$'\n'/'%0A'}
  printf '%s' "$text"
}

fail() {
  echo "::error title=modelgate action::$(escape "$1")"
  echo "exit-code=2" >>"$GITHUB_OUTPUT"
  exit 2
}

case ${COMMAND:-} in
  check | audit) ;;
  *) fail "command must be check or audit, not '${COMMAND:-}'" ;;
esac
case ${SARIF:-} in
  *$'\n'* | *$'\r'*) fail "the sarif path must be one line" ;;
esac

# `read -a` splits on whitespace (newlines too, with -d '') and, unlike an
# unquoted expansion, never globs.
args=()
if [ -n "${ARGS:-}" ]; then
  read -r -d '' -a args <<<"$ARGS" || true
fi

cmd=("${MODELGATE:-modelgate}" "$COMMAND" --format github)
if [ -n "${SARIF:-}" ]; then
  mkdir -p "$(dirname "$SARIF")"
  cmd+=(--output "sarif=$SARIF")
fi
if [ -n "${FAIL_ON:-}" ]; then
  cmd+=(--fail-on "$FAIL_ON")
fi

"${cmd[@]}" ${args[@]+"${args[@]}"}
status=$?

echo "exit-code=$status" >>"$GITHUB_OUTPUT"
if [ -n "${SARIF:-}" ] && [ -s "$SARIF" ]; then
  echo "sarif=$SARIF" >>"$GITHUB_OUTPUT"
fi
exit "$status"
