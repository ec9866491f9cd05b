#!/usr/bin/python3
"""Every control a user can reach has an accessible name (what a screen reader says), in a TCP
server's, a TCP client's and a UDP session's window: buttons, check boxes, combo and spin boxes,
text fields, tables. Run by run.sh in a private X and D-Bus.

    every_control_named.py APP
"""
import os
import subprocess
import sys

import pyatspi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_and_kick import application, find, wait_for  # noqa: E402

CONTROLS = {"push button", "toggle button", "check box", "radio button", "combo box", "text",
            "spin button", "table", "slider", "page tab"}


def unnamed(node, path, out):
    try:
        role, name = node.getRoleName(), node.name
    except Exception:
        return
    # A combo box's own line edit is named by the box.
    inside_combo = role == "text" and node.parent is not None and \
        node.parent.getRoleName() == "combo box"
    if role in CONTROLS and not name and not inside_combo:
        out.append("%s under %s" % (role, " > ".join(path[-3:])))
    for child in node:
        unnamed(child, path + ["%s '%s'" % (role, name)], out)


def main():
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    problems = []
    pyatspi.Registry.getDesktop(0)  # the registry up before the app registers (serve_and_kick.py)
    for kind in (["--tcp-server", "127.0.0.1:0"], ["--tcp-client", "127.0.0.1:9"],
                 ["--udp", "127.0.0.1:0"]):
        proc = subprocess.Popen([sys.argv[1]] + kind, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            app = wait_for("the app appears (%s)" % kind[0], lambda: application("Sockeye"))
            # The session's page is built: its Send button is in the tree.
            wait_for("the session's page is shown (%s)" % kind[0],
                     lambda: find(app, "push button", "Send"))
            found = []
            unnamed(app, [], found)
            problems += ["%s: %s" % (kind[0], p) for p in found]
        finally:
            proc.terminate()
            proc.wait(10)
        wait_for("the app has left the bus", lambda: application("Sockeye") is None)
    if problems:
        print("FAIL: controls without an accessible name:\n  " + "\n  ".join(problems))
        sys.exit(1)
    print("ok: every control has a name, in server, client and UDP sessions")


if __name__ == "__main__":
    main()
