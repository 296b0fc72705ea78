#!/usr/bin/env bash
# Takes a PNG of the real window under Xvfb (no window manager, so the window
# sits at the top-left and draws its own decorations), cropped to the window.
# Usage: [KF_ARGS=--demo] tools/screenshot.sh [OUT.png] [WIDTH] [HEIGHT] [PAGE] [dark]
#   tools/screenshot.sh docs/screenshot.png 1000 640 models
# Needs a build in _build, xvfb, imagemagick and x11-utils (xwininfo).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshot.png} width=${2:-1000} height=${3:-640} page=${4:-models} style=${5:-light}
for tool in xvfb-run xwininfo /usr/bin/import dbus-run-session; do
  command -v "$tool" >/dev/null || { echo "screenshot.sh: $tool is missing (apt install xvfb x11-utils imagemagick dbus)" >&2; exit 1; }
done
[ -x _build/src/kubefoundry ] || { echo "screenshot.sh: build first (meson setup _build && meson compile -C _build)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp/config GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR=$PWD/_build/data
export GSK_RENDERER=cairo GDK_DEBUG=gl-disable LANG=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
gsettings set io.github.kubefoundry.KubeFoundry window-width "$width"
gsettings set io.github.kubefoundry.KubeFoundry window-height "$height"
gsettings set io.github.kubefoundry.KubeFoundry last-page "$page"
[ "$style" = dark ] && export ADW_DEBUG_COLOR_SCHEME=prefer-dark

out_abs=$(realpath -m "$out")
xvfb-run -a -s "-screen 0 $((width + 200))x$((height + 200))x24 -nolisten tcp" dbus-run-session -- sh -c '
  ./_build/src/kubefoundry ${KF_ARGS:-} & pid=$!
  for i in $(seq 50); do
    id=$(xwininfo -root -tree | awk "/\"KubeFoundry\"/ {print \$1; exit}")
    [ -n "$id" ] && break; sleep 0.1
  done
  sleep ${KF_SETTLE:-1.5}   # let the first frames settle
  /usr/bin/import -window "$id" "$1"
  kill $pid
' sh "$out_abs" 2>&1 | grep -v -e "fd limit" -e "dbus-daemon" -e "SpiRegistry" || true
[ -s "$out_abs" ] && echo "wrote $out"
