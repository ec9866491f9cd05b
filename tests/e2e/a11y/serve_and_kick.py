#!/usr/bin/python3
"""The app driven as a user clicks, through its accessibility tree (AT-SPI, pyatspi): a TCP
server started from the command line, a real client (python3's socket) connects, the user
selects it in the connection list, picks Hex, types a payload, clicks Send, reads the traffic
view, and kicks the client with Delete in the list. Run by run.sh in a private X and D-Bus.

    serve_and_kick.py APP      (APP: the built sockeye)

Exits 0 when every step did what a user would see, else prints the step that failed.
"""
import os
import re
import socket
import subprocess
import sys
import time

import pyatspi

STEP_TIMEOUT = 15


def fail(step, detail=""):
    print("FAIL: %s %s" % (step, detail), flush=True)
    sys.exit(1)


def wait_for(step, predicate, timeout=STEP_TIMEOUT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    fail(step)


def application(name):
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name == name:
            return app
    return None


def find(root, role, name=None, pattern=None):
    """The first node in `root` with this role and name (or name matching `pattern`)."""
    def match(node):
        try:
            if node.getRoleName() != role:
                return False
            return (name is None or node.name == name) and \
                (pattern is None or re.search(pattern, node.name or ""))
        except Exception:
            return False
    return pyatspi.findDescendant(root, match, breadth_first=True)


def showing(node):
    return node if node is not None and node.getState().contains(pyatspi.STATE_SHOWING) else None


def click(node):
    """A real click (xdotool) in the middle of the node, as the tree places it on screen."""
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    subprocess.run(["xdotool", "mousemove", str(box.x + box.width // 2),
                    str(box.y + box.height // 2), "click", "1"], check=True)


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("Press", "press", "click", "Toggle", "toggle"):
            return action.doAction(i)
    return action.doAction(0)


def main():
    app_path = sys.argv[1]
    home = os.environ["HOME"]
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
               XDG_CONFIG_HOME=os.path.join(home, "config"))
    # The registry is started on demand by its first client: start it before the app, so the
    # app's registration cannot race it (a slow ASan build lost that race once).
    pyatspi.Registry.getDesktop(0)
    app_proc = subprocess.Popen([app_path, "--tcp-server", "127.0.0.1:0"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        run(app_proc)
    finally:
        app_proc.terminate()
        try:
            app_proc.wait(10)
        except subprocess.TimeoutExpired:
            app_proc.kill()


def run(app_proc):
    app = wait_for("the app appears on the accessibility bus", lambda: application("Sockeye"))
    state = wait_for("the server says where it listens",
                     lambda: find(app, "label", pattern=r"Listening on 127\.0\.0\.1:\d+"))
    port = int(re.search(r":(\d+)", state.name).group(1))

    # A real client connects; the list shows it.
    client = socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT)
    peer = "127.0.0.1:%d" % client.getsockname()[1]
    cell = wait_for("the connection list shows the client", lambda: find(app, "table cell", peer))
    table = cell.parent
    while table is not None and table.getRoleName() != "table":
        table = table.parent
    if table is None:
        fail("the client's row is in a table")
    # Select its row, as a click would: Send goes to the selected client.
    rows = table.queryTable()
    row = next((r for r in range(rows.nRows) if rows.getAccessibleAt(r, 0).name == peer), -1)
    if row < 0 or not rows.addRowSelection(row):
        fail("the client's row can be selected")
    wait_for("the composer says Send goes to the selected client",
             lambda: find(app, "label", pattern=r"^To: " + re.escape(peer)))

    # Hex mode, a payload typed, Send clicked.
    mode = find(app, "combo box", "Text")
    if mode is None:
        fail("the composer has a Text/Hex mode box")
    # Clicked where the tree says the box is, then picked from the keyboard (a Qt combo box's
    # list items only toggle the popup's selection through AT-SPI): Hex.
    click(mode)
    wait_for("the mode box's list opens", lambda: showing(find(mode, "list item", "Hex")))
    subprocess.run(["xdotool", "key", "Down", "Return"], check=True)
    wait_for("the mode box says Hex", lambda: find(app, "combo box", "Hex"))
    editor = find(app, "text", "Payload")
    if editor is None:
        fail("the composer has a Payload editor")
    editor.queryEditableText().setTextContents("48 69 0A")
    send = find(app, "push button", "Send")
    wait_for("Send is enabled", lambda: send.getState().contains(pyatspi.STATE_ENABLED))
    press(send)
    got = b""
    end = time.monotonic() + STEP_TIMEOUT
    while len(got) < 3 and time.monotonic() < end:
        got += client.recv(100)
    if got != b"Hi\n":
        fail("the client receives the typed bytes", repr(got))

    # The client answers; the traffic view shows both, as text, with their arrows.
    client.sendall(b"pong\r\n")
    traffic = find(app, "label", "Traffic")
    if traffic is None:
        fail("the traffic view is named Traffic")
    shown = wait_for("the traffic view shows what was sent and received",
                     lambda: "\u25b2" in traffic.description and "Hi" in traffic.description
                     and "pong" in traffic.description and traffic.description)

    # Delete in the list kicks the selected client: it sees the close, the list empties.
    click(find(app, "table cell", peer))  # its row, still the one selected
    wait_for("the connection list has the focus",
             lambda: table.getState().contains(pyatspi.STATE_FOCUSED))
    subprocess.run(["xdotool", "key", "Delete"], check=True)
    client.settimeout(STEP_TIMEOUT)
    try:
        rest = client.recv(100)
    except socket.timeout:
        fail("the kicked client sees its connection closed")
    if rest != b"":
        fail("the kicked client gets nothing more", repr(rest))
    wait_for("the connection list no longer shows the client",
             lambda: find(app, "table cell", peer) is None)
    wait_for("the traffic view tells who closed",
             lambda: "Closed the connection to " + peer in traffic.description)
    print("ok: served, selected, sent hex, read the view, kicked\n" + shown, flush=True)


if __name__ == "__main__":
    main()
