#!/usr/bin/env python3
"""Opening a large workspace in the app: launch to first painted window with a workspace of N
sessions (servers, clients and UDP sockets, each with a framing and two rules, not started),
for N = 250, 500, 1000 and 2000, median of 3 runs each, in a private Xvfb.

    bench/workspace.py              the four sizes
    bench/workspace.py --sizes 1000 --runs 5

Target (issue 13): 1,000 sessions open in at most 2 s, and the time grows linearly (the
per-session column stays flat). Nothing is started, so no socket is opened.
"""
import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared bench helpers: start_display, find_program, WORK)

KINDS = ("tcp-server", "tcp-client", "udp")


def workspace(n):
    sessions = []
    for i in range(n):
        kind = KINDS[i % 3]
        config = {"kind": kind, "name": "device %d" % i, "bindAddress": "127.0.0.1",
                  "bindPort": 0}
        if kind != "tcp-server":
            config.update({"remoteHost": "127.0.0.1", "remotePort": 7000 + i % 1000})
        sessions.append({
            "config": config, "start": False, "framing": "delim:\\r\\n",
            "automation": {"rules": [
                {"name": "ping", "match": "exact", "pattern": "PING", "action": "reply",
                 "reply": {"payload": "text:PONG\\r\\n"}},
                {"name": "at", "match": "prefix", "pattern": "AT", "action": "reply",
                 "reply": {"payload": "text:OK\\r\\n"}}]}})
    return {"format": "sockeye-workspace", "version": 1, "sessions": sessions, "presets": []}


def open_time_ms(app, path):
    probe = os.path.join(run.WORK, "probe-workspace.json")
    # The app opens the workspace before its window first paints: that paint is the figure.
    env = dict(os.environ, SOCKEYE_BENCH_PROBE=probe)
    if os.path.exists(probe):
        os.remove(probe)
    launched = time.monotonic_ns()
    proc = run.subprocess.Popen([app, path], stdout=run.subprocess.DEVNULL,
                                stderr=run.subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with open(probe) as f:
                    p = json.load(f)
                if p.get("firstPaintNs"):
                    return (p["firstPaintNs"] - launched) / 1e6
            except (OSError, ValueError):
                pass
            time.sleep(0.02)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(10)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[250, 500, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build", default=None)
    args = parser.parse_args()
    app = run.find_program(args.build, "src/gui/sockeye")
    display = run.start_display()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as home:
            # A private settings home: the bench never touches the user's sessions.
            os.environ["XDG_CONFIG_HOME"] = home
            for n in args.sizes:
                path = os.path.join(home, "ws-%d.sockeye" % n)
                with open(path, "w") as f:
                    json.dump(workspace(n), f)
                times = [open_time_ms(app, path) for _ in range(args.runs)]
                rows.append((n, statistics.median(times)))
                print("bench: %d sessions: %s ms" % (n, ", ".join("%.0f" % t for t in times)),
                      file=sys.stderr, flush=True)
    finally:
        display.terminate()
        run.shutil.rmtree(run.WORK, ignore_errors=True)
    print("Opening a workspace in the app, launch to first paint, median of %d, %s" %
          (args.runs, time.strftime("%Y-%m-%d")))
    print("| sessions | time | per session | target |")
    print("|---|---|---|---|")
    for n, ms in rows:
        target = ("met (≤ 2 s)" if ms <= 2000 else "**not met** (≤ 2 s)") if n == 1000 else ""
        print("| %d | %.0f ms | %.2f ms | %s |" % (n, ms, ms / n, target))


if __name__ == "__main__":
    main()
