#!/usr/bin/env bash
# Runs the whole test suite headless: Xvfb outside, a private D-Bus session inside,
# with an unlocked gnome-keyring, a throw-away HOME and no network.
# Usage: tools/run-tests.sh [BUILDDIR] [meson test args…]
set -uo pipefail
builddir=${1:-_build}; shift || true

export HOME=$(mktemp -d)
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
export XDG_RUNTIME_DIR=$HOME/run && mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export GSK_RENDERER=cairo
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY

xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- sh -c '
  echo -n kf-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec meson test -C "$0" --print-errorlogs "$@"
' "$builddir" "$@" 2>&1 | grep -v "Failed to set fd limit"
rc=${PIPESTATUS[0]}
rm -rf "$HOME"
exit $rc
