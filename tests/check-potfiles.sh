#!/bin/sh
# Fails when a file holding translatable strings is missing from po/POTFILES.in,
# or when POTFILES.in names a file that does not exist.
set -eu
top=${1:-.}
cd "$top"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d' | sort)
for f in $listed; do
  [ -f "$f" ] || { echo "POTFILES.in lists missing file: $f"; status=1; }
done
found=$( { grep -rlE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|ngettext)\s*\(' src --include='*.c' 2>/dev/null | grep -v '^src/sim/' || true;
           grep -rl 'translatable="yes"' resources --include='*.ui' 2>/dev/null || true;
           ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml 2>/dev/null || true; } | sort -u)
for f in $found; do
  echo "$listed" | grep -qx "$f" || { echo "translatable strings in $f, but it is not in po/POTFILES.in"; status=1; }
done
[ $status -eq 0 ] && echo "POTFILES.in lists all $(echo "$found" | wc -l) files with translatable strings"
exit $status
