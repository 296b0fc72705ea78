#!/usr/bin/env bash
# One command from a fresh clone: installs what is missing (sudo when not root),
# configures and builds _build, and runs the whole test suite headless.
# Extra arguments go to meson test, e.g. tools/test.sh --suite ui
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
[ -f _build/build.ninja ] || meson setup _build
meson compile -C _build
exec bash tools/run-tests.sh _build "$@"
