#!/usr/bin/env bash
# Runs the test suite headless: Xvfb outside, a private D-Bus session inside,
# with an unlocked gnome-keyring, a throw-away HOME and no network.
# Exits with meson test's status.
# Usage: tools/run-tests.sh [BUILDDIR] [meson test args…]
#   tools/run-tests.sh _build                 # everything
#   tools/run-tests.sh _build --suite ui      # one suite
#   tools/run-tests.sh _build test-window     # one test
set -uo pipefail
builddir=${1:-_build}
[ $# -gt 0 ] && shift

if [ ! -f "$builddir/build.ninja" ]; then
  echo "run-tests.sh: '$builddir' is not a configured build directory (meson setup $builddir)" >&2
  exit 2
fi
for tool in xvfb-run dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "run-tests.sh: $tool is missing; run tools/install-deps.sh" >&2; exit 2; }
done
builddir=$(realpath "$builddir")

tmp_home=$(mktemp -d)
trap 'rm -rf "$tmp_home"' EXIT
trap 'exit 130' INT TERM
export HOME=$tmp_home
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
export XDG_RUNTIME_DIR=$HOME/run && mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export GSK_RENDERER=cairo LANG=C.UTF-8
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

# -noreset: Xvfb otherwise resets whenever its last client leaves (between two
# tests), and a client connecting just then can be turned away.
# dbus-daemon complains about the fd limit at every start in containers; drop that line only
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" dbus-run-session -- sh -c '
  echo -n kf-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec meson test -C "$0" --print-errorlogs "$@"
' "$builddir" "$@" 2>&1 | grep --line-buffered -v "Failed to set fd limit" | tee "$tmp_home/meson-test.log"
rc=${PIPESTATUS[0]}
# meson exits 0 when a name or suite matches nothing: a typo must not look like a pass
if [ "$rc" -eq 0 ] && grep -q "^No suitable tests defined" "$tmp_home/meson-test.log"; then
  echo "run-tests.sh: no test matches: $*" >&2
  rc=1
fi
exit "$rc"
