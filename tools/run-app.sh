#!/usr/bin/env bash
# One command from a fresh clone: installs what is missing (sudo when not root),
# builds, and launches KubeFoundry from the build tree.
# Extra arguments go to the app, e.g. tools/run-app.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
# the uninstalled app finds its compiled GSettings schema in the build tree
export GSETTINGS_SCHEMA_DIR=$PWD/_build/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}
exec ./_build/src/kubefoundry "$@"
