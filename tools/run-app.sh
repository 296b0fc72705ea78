#!/usr/bin/env bash
# Installs what is missing, builds, and launches KubeFoundry from the build tree.
# Extra arguments go to the app, e.g. tools/run-app.sh --demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
[ -d _build ] || meson setup _build
meson compile -C _build
export GSETTINGS_SCHEMA_DIR=$PWD/_build/data
exec ./_build/src/kubefoundry "$@"
