#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline check of the Flatpak manifest (it cannot be built here: no SDK).
JSON validity, the permissions the README promises, the app module built
with meson from the source tree, pinned sources; then
`flatpak-builder --show-manifest` when flatpak-builder is installed.  TAP.

Usage: check-flatpak-manifest.py MANIFEST APP_ID
"""
import json
import shutil
import subprocess
import sys

manifest_path, app_id = sys.argv[1], sys.argv[2]
results = []


def check(ok, what):
    results.append((bool(ok), what))


def finish():
    print(f"1..{len(results)}")
    for i, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    sys.exit(0 if all(ok for ok, _ in results) else 1)


try:
    with open(manifest_path, encoding="utf-8") as f:
        m = json.load(f)
    check(isinstance(m, dict), "the manifest is a JSON object")
except (OSError, ValueError) as e:
    check(False, f"the manifest parses as JSON ({e})")
    finish()

check(m.get("id") == app_id, f"id is {app_id}")
check(m.get("runtime") == "org.gnome.Platform" and m.get("sdk") == "org.gnome.Sdk",
      "GNOME runtime and SDK")
version = str(m.get("runtime-version", ""))
# a released GNOME runtime at least as new as Debian 12's GNOME 43 (GTK 4.8, libadwaita 1.2)
check(version.isdigit() and int(version) >= 43, f"runtime-version is a released version >= 43 ({version!r})")
check(m.get("command") == "kubefoundry", "command is kubefoundry")

required = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
    "--device=dri", "--talk-name=org.freedesktop.secrets", "--filesystem=~/.kube:ro",
    "--talk-name=org.freedesktop.Flatpak",
}
args = set(m.get("finish-args", []))
check(required <= args, f"finish-args grant what the README documents (missing: {sorted(required - args)})")
check("--socket=x11" not in args and "--filesystem=home" not in args and "--filesystem=host" not in args,
      "no broader grants than documented (x11, home, host)")

modules = m.get("modules", [])
app = modules[-1] if modules else {}
check(app.get("name") == "kubefoundry" and app.get("buildsystem") == "meson",
      "the last module builds kubefoundry with meson")
check(any(s.get("type") == "dir" for s in app.get("sources", [])), "the app builds from a dir source")
remote = [s for mod in modules for s in mod.get("sources", []) if isinstance(s, dict) and "url" in s]
check(all(len(s.get("sha256", "")) == 64 for s in remote), "every downloaded source is pinned by sha256")

fb = shutil.which("flatpak-builder")
if fb is None:
    results.append((True, "flatpak-builder --show-manifest # SKIP flatpak-builder not installed"))
else:
    p = subprocess.run([fb, "--show-manifest", manifest_path], capture_output=True, text=True)
    check(p.returncode == 0 and "Unknown property" not in p.stderr,
          f"flatpak-builder --show-manifest accepts it (rc {p.returncode}) {p.stderr.strip()[:200]}")
finish()
