#!/usr/bin/env bash
# First step of action.yml: download the released modelgate archive for this
# runner, check it against the release's SHA256SUMS, unpack it and put it on
# PATH. Written for bash 3.2 too (macOS).
#
# Environment (set by action.yml; the runner sets the RUNNER_* / GITHUB_*):
#   INPUT_VERSION      a release (0.1.0 or v0.1.0), `latest`, or empty
#   ACTION_REF         the ref the action was used at (v0.1.0, main, a SHA…)
#   ACTION_REPOSITORY  the repository holding the action and its releases
#   GH_TOKEN           a token for the GitHub CLI (`gh`)
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT,
#   GITHUB_REPOSITORY
# Outputs: `version` (e.g. 0.1.0) and `path` (the binary).
set -euo pipefail

# Workflow commands carry input text: escape it the way the runner expects,
# so that a crafted value cannot start a command of its own.
escape() {
  local text=$1
  text=${text//'%'/'%25'}
  text=${text//$'\r'/'%0D'}
  text=${text//$'\n'/'%0A'}
  printf '%s' "$text"
}

fail() {
  echo "::error title=modelgate action::$(escape "$1")"
  exit 1
}

# The release target built for this runner (see release.yml).
runner_target() {
  case "$RUNNER_OS/$RUNNER_ARCH" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-musl ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    # Windows on Arm runs x64 programs under emulation.
    Windows/X64 | Windows/ARM64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

tag_pattern='^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$'

# Sets `tag`, the release to install: the `version` input, else the
# action's own ref when it is a version tag, else the latest release.
resolve_tag() {
  local requested=${INPUT_VERSION:-}
  if [ -z "$requested" ]; then
    if [[ ${ACTION_REF:-} =~ $tag_pattern ]]; then
      tag=$ACTION_REF
      return
    fi
    requested=latest
  fi
  if [ "$requested" = latest ]; then
    tag=$(gh release view --repo "$repo" --json tagName --jq .tagName) ||
      fail "could not find the latest release of $repo with the GitHub CLI (gh); set the action's version input"
    return
  fi
  tag="v${requested#v}"
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

unpack() {
  local archive=$1 into=$2
  case $archive in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then
        unzip -q -o "$archive" -d "$into"
      elif command -v cygpath >/dev/null 2>&1; then
        # 7-Zip (Windows runners) takes Windows paths.
        7z x -y -bso0 -bsp0 "-o$(cygpath -w "$into")" "$(cygpath -w "$archive")"
      else
        7z x -y -bso0 -bsp0 "-o$into" "$archive"
      fi
      ;;
    *) tar -xzf "$archive" -C "$into" ;;
  esac
}

command -v gh >/dev/null 2>&1 ||
  fail "the GitHub CLI (gh) is needed to download the release; it is on GitHub-hosted runners, install it on self-hosted ones"

repo=${ACTION_REPOSITORY:-$GITHUB_REPOSITORY}
target=$(runner_target) ||
  fail "no modelgate release is built for $RUNNER_OS on $RUNNER_ARCH; build it with cargo install --locked instead"
resolve_tag
[[ $tag =~ $tag_pattern ]] ||
  fail "version '$tag' is not a release tag (expected e.g. 0.1.0, v0.1.0 or latest)"
version=${tag#v}

ext=tar.gz
exe=modelgate
case $target in *windows*) ext=zip exe=modelgate.exe ;; esac
name="modelgate-$version-$target"
asset="$name.$ext"

temp=$RUNNER_TEMP
if command -v cygpath >/dev/null 2>&1; then
  temp=$(cygpath -u "$RUNNER_TEMP")
fi
download=$(mktemp -d "$temp/modelgate-download.XXXXXX")
gh release download "$tag" --repo "$repo" --dir "$download" \
  --pattern "$asset" --pattern SHA256SUMS ||
  fail "could not download $asset and SHA256SUMS from release $tag of $repo"

expected=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$download/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS of release $tag has no line for $asset"
actual=$(sha256 "$download/$asset")
[ "$actual" = "$expected" ] ||
  fail "$asset does not match SHA256SUMS of release $tag (sha256 $actual, expected $expected): not installed"

install_root="$temp/modelgate-$version"
rm -rf "$install_root"
mkdir -p "$install_root"
unpack "$download/$asset" "$install_root"
rm -rf "$download"
bin_dir="$install_root/$name"
[ -f "$bin_dir/$exe" ] || fail "$asset holds no $name/$exe"
chmod +x "$bin_dir/$exe"
"$bin_dir/$exe" --version

path_entry=$bin_dir
if command -v cygpath >/dev/null 2>&1; then
  path_entry=$(cygpath -w "$bin_dir")
fi
echo "$path_entry" >>"$GITHUB_PATH"
{
  echo "version=$version"
  echo "path=$bin_dir/$exe"
} >>"$GITHUB_OUTPUT"
