#!/bin/sh
# Installs the build into a temporary DESTDIR and checks that everything a
# desktop needs lands where it must (binaries, desktop file, metainfo, schema,
# icons), and that the desktop file's Icon= names an installed icon.
# Usage: check-install.sh BUILDDIR PREFIX APP_ID SOURCE_ROOT
set -eu
builddir=$1 prefix=$2 app_id=$3 srcroot=$4
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT INT TERM

meson install -C "$builddir" --no-rebuild --quiet --destdir "$dest" >/dev/null
root=$dest$prefix
status=0
for f in \
  bin/kubefoundry \
  bin/kubefoundry-cli \
  share/applications/$app_id.desktop \
  share/metainfo/$app_id.metainfo.xml \
  share/glib-2.0/schemas/$app_id.gschema.xml \
  share/icons/hicolor/scalable/apps/$app_id.svg \
  share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg
do
  if [ -e "$root/$f" ]; then echo "ok: $f"; else echo "MISSING: $prefix/$f"; status=1; fi
done
# one message catalogue per language in po/LINGUAS
for lang in $(grep -v '^#' "$srcroot/po/LINGUAS"); do
  f=share/locale/$lang/LC_MESSAGES/kubefoundry.mo
  if [ -e "$root/$f" ]; then echo "ok: $f"; else echo "MISSING: $prefix/$f"; status=1; fi
done
for f in bin/kubefoundry bin/kubefoundry-cli; do
  [ -x "$root/$f" ] || { echo "not executable: $f"; status=1; }
done
icon=$(sed -n 's/^Icon=//p' "$root/share/applications/$app_id.desktop")
[ -e "$root/share/icons/hicolor/scalable/apps/$icon.svg" ] || { echo "Icon=$icon is not installed"; status=1; }
exec_=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$root/share/applications/$app_id.desktop")
[ -x "$root/bin/$exec_" ] || { echo "Exec=$exec_ is not an installed binary"; status=1; }
exit $status
