#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""AT-SPI smoke test: launches the real kubefoundry binary (with --demo) with
the AT-SPI backend, checks that --demo connects to the in-process simulated
cluster (the status button says Connected), that every push button has a real
accessible name, then moves the sidebar selection to "Cluster" the way a
screen reader would and checks that the page follows.  TAP output; exit 77 (skip) without a display, a
session bus or pyatspi.

Usage: a11y-smoke.py PATH/TO/kubefoundry
"""
import os
import subprocess
import sys
import signal
import tempfile
import time


def skip(why):
    print(f"1..0 # SKIP {why}")
    sys.exit(77)


if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
    skip("needs DISPLAY and a session bus (run under tools/run-tests.sh)")
try:
    import pyatspi
except ImportError:
    skip("pyatspi is not installed (python3-pyatspi)")

binary = sys.argv[1]
env = dict(os.environ, GTK_A11Y="atspi")
# The app is stopped with SIGTERM, so LeakSanitizer never reports here; without
# leak detection an ASan build also skips the slow malloc unwinding and starts
# in seconds instead of tens of seconds.
env.pop("LSAN_OPTIONS", None)
env["ASAN_OPTIONS"] = "detect_leaks=0"
app_log = tempfile.TemporaryFile()
# --demo: the app starts the simulated cluster in-process and connects to it
app_proc = subprocess.Popen([binary, "--demo"], env=env, stdout=app_log, stderr=subprocess.STDOUT)
results = []


def check(ok, what):
    results.append((bool(ok), what))


def report(exit_status):
    print(f"1..{len(results)}")
    for i, (ok, what) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {what}")
    if exit_status != 0:  # the app's own messages explain most failures
        app_log.seek(0)
        for line in app_log.read().decode(errors="replace").splitlines()[-40:]:
            print(f"# app: {line}")
    sys.stdout.flush()


waiting_for = None


def wait_for(pred, what):
    """Waits for an event of the app (pred() true) for as long as the app runs.

    No deadline of its own: a sanitizer build on a loaded machine can take
    minutes where a plain one takes seconds, and a fixed timeout only made the
    test give up early there. meson's test timeout (scaled by
    --timeout-multiplier) bounds the whole run; its SIGTERM reports the step
    that never came (on_sigterm)."""
    global waiting_for
    waiting_for = what
    while app_proc.poll() is None:
        try:
            value = pred()
            if value:
                waiting_for = None
                return value
        except Exception:  # the tree changes under us while the app starts
            pass
        time.sleep(0.2)
    waiting_for = None
    return None


def on_sigterm(signum, frame):
    check(False, f"meson's test timeout came while waiting for {waiting_for or 'the app to end'}")
    app_proc.kill()
    report(1)
    os._exit(1)


signal.signal(signal.SIGTERM, on_sigterm)


def find_app():
    for a in pyatspi.Registry.getDesktop(0):
        if a is not None and a.name == "kubefoundry":
            return a
    return None


def window_title(app):
    t = pyatspi.findDescendant(app, lambda n: n.getRoleName() == "filler" and n.name == "AdwWindowTitle")
    return t[0][0].name if t is not None else None


try:
    app = wait_for(find_app, "the app on the accessibility bus")
    check(app is not None, "the app shows up on the accessibility bus"
          + (f" (it exited with status {app_proc.returncode})" if app_proc.poll() is not None else ""))
    if app is not None:
        pages = wait_for(lambda: pyatspi.findDescendant(
            app, lambda n: n.getRoleName() == "list" and n.name == "Pages"), "the sidebar")
        names = [c.name for c in pages] if pages is not None else []
        check(names == ["Models", "Deployments", "Runtimes", "Cluster"],
              f"the sidebar lists the four pages by name (got {names})")

        status = wait_for(lambda: pyatspi.findDescendant(
            app, lambda n: (n.name or "") == "Cluster status: Connected"), "the status button to say Connected")
        check(status is not None, "--demo connects to the simulated cluster (status: Connected)")

        # the tree changes while it is walked (the demo's deployments arrive,
        # list rows are recycled): a node that goes away mid-walk raises, so
        # the walk (reading every name it needs) is repeated until one completes
        def walk():
            found = []
            for b in pyatspi.findAllDescendants(app, lambda n: n.getRoleName() == "push button"):
                p = b.parent
                found.append((b.name, p.name if p is not None else None,
                              p.getRoleName() if p is not None else None))
            return found

        buttons = wait_for(walk, "a complete walk of the accessible tree") or []
        # libadwaita 1.2's own toast close button has no accessible name (its
        # icon's "GtkImage" shows through); not ours to fix, so left out
        buttons = [b for b in buttons if b[1] != "AdwToastWidget"]
        # GtkDropDown's inner toggle is GTK 4.8's own and unnamed; the drop-down
        # itself carries the name
        dropdowns = [b for b in buttons if b[0] == "GtkToggleButton" and b[2] == "combo box"]
        buttons = [b for b in buttons if b not in dropdowns]
        unnamed_dropdowns = [d[1] for d in dropdowns if not d[1] or d[1].startswith("Gtk")]
        check(not unnamed_dropdowns, f"all {len(dropdowns)} drop-downs have accessible names (unnamed: {unnamed_dropdowns})")
        unnamed = [b[0] for b in buttons if not b[0] or b[0].startswith("Gtk")]
        check(buttons and not unnamed, f"all {len(buttons)} push buttons have accessible names (unnamed: {unnamed})")

        if pages is not None and len(names) == 4:
            pages.querySelection().selectChild(3)
            check(wait_for(lambda: window_title(app) == "Cluster", "the Cluster page"),
                  f"selecting the Cluster row shows the Cluster page (title: {window_title(app)})")
            pages.querySelection().selectChild(1)
            check(wait_for(lambda: window_title(app) == "Deployments", "the Deployments page"),
                  f"selecting the Deployments row shows the Deployments page (title: {window_title(app)})")
except Exception as e:  # report what was checked so far, and the app's own messages
    check(False, f"the test itself failed: {e!r}"
          + (f" (the app exited with status {app_proc.poll()})" if app_proc.poll() is not None else ""))
finally:
    app_proc.terminate()
    try:
        app_proc.wait(5)
    except subprocess.TimeoutExpired:
        app_proc.kill()

passed = all(ok for ok, _ in results)
report(0 if passed else 1)
sys.exit(0 if passed else 1)
