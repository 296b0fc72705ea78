#!/usr/bin/env bash
# Installs what building, running and testing KubeFoundry needs on Debian 12,
# only the packages that are missing (with sudo when not root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null; then
  SUDO=(sudo --preserve-env=DEBIAN_FRONTEND)
else
  echo "install-deps.sh: not root and no sudo; install these yourself or run as root" >&2
  SUDO=(false)
fi

PACKAGES=(
  # build
  meson ninja-build gcc pkg-config gettext libglib2.0-dev-bin libxml2-utils
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libyaml-dev
  libsecret-1-dev libssl-dev glib-networking
  # data validation
  desktop-file-utils appstream
  # headless tests (Xvfb, private D-Bus session, keyring, AT-SPI smoke test)
  xvfb xauth dbus gnome-keyring libsecret-tools at-spi2-core python3-pyatspi
  python3 python3-prometheus-client imagemagick openssl
  # tools/screenshot.sh
  x11-utils
)
# Without their Recommends: flatpak-builder would pull in xdg-desktop-portal,
# whose D-Bus activation makes every GTK test noisy.  It only checks the
# manifest offline here.
NO_RECOMMENDS=(flatpak-builder)

missing () {
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}
mapfile -t need < <(missing "${PACKAGES[@]}")
mapfile -t need_norec < <(missing "${NO_RECOMMENDS[@]}")

if [ ${#need[@]} -gt 0 ] || [ ${#need_norec[@]} -gt 0 ]; then
  echo "install-deps.sh: installing ${need[*]} ${need_norec[*]}"
  "${SUDO[@]}" apt-get update -qq
  if [ ${#need[@]} -gt 0 ]; then
    "${SUDO[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ ${#need_norec[@]} -gt 0 ]; then
    # optional: the manifest test skips its flatpak-builder step without it
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need_norec[@]}" >/dev/null ||
      echo "install-deps.sh: flatpak-builder not installed; the manifest check will skip it"
  fi
fi

# kubectl 1.32 comes with these machines' image (Debian's kubernetes-client conflicts
# with it); tests that need it skip with a message where it is absent.
command -v kubectl >/dev/null || echo "note: kubectl not found; kubectl interoperability tests will skip"
exit 0
