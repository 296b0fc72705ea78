#!/usr/bin/env bash
# Installs what building, running and testing KubeFoundry needs on Debian 12.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi

PACKAGES=(
  # build
  meson ninja-build gcc pkg-config gettext libglib2.0-dev-bin libxml2-utils
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libyaml-dev
  libsecret-1-dev libssl-dev glib-networking
  # data validation
  desktop-file-utils appstream
  # headless tests
  xvfb xauth dbus gnome-keyring libsecret-tools at-spi2-core
  python3 python3-prometheus-client imagemagick openssl
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# flatpak-builder only checks the manifest offline; without recommends it pulls no portals.
if ! command -v flatpak-builder >/dev/null; then
  $SUDO apt-get install -y -qq --no-install-recommends flatpak-builder >/dev/null || true
fi
# kubectl 1.32 comes with these machines' image (Debian's kubernetes-client conflicts
# with it); tests that need it skip with a message where it is absent.
command -v kubectl >/dev/null || echo "note: kubectl not found; kubectl interoperability tests will skip"
