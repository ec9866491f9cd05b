#!/usr/bin/env python3
"""Memory under connection churn: connect, send a line, read its echo, close, many times,
against `sockeye-cli listen --echo` and the app with an echo rule (in a private Xvfb).

    bench/churn.py                 10,000 warm-up cycles, then 50,000
    bench/churn.py --warm 2000 --cycles 10000

Prints each program's resident memory after the warm-up and at the end, the app's traffic
log (its records are kept up to the log's byte budget, so it grows until the budget is full)
and what is left when the log is taken out. The app runs twice: with its default 256 MiB log,
which the run does not fill, and with `--log-size 4`, which the warm-up fills, so the rest of
the run shows what the app keeps once its log is full. Target (issue 13): flat within 5 MiB
after the warm-up, the log's own bytes apart. All traffic stays on 127.0.0.1.
"""
import argparse
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared bench helpers)


def cycles(port, count, base):
    for i in range(count):
        s = socket.socket()
        # 50 source addresses: TIME_WAIT never runs out of ports.
        s.bind(("127.0.0.%d" % (2 + (base + i) % 50), 0))
        s.connect(("127.0.0.1", port))
        line = b"cycle %d\n" % (base + i)
        s.sendall(line)
        got = b""
        while not got.endswith(b"\n"):
            d = s.recv(100)
            if not d:
                raise SystemExit("churn: closed early at cycle %d" % (base + i))
            got += d
        s.close()


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def log_mib(receiver):
    """The app's traffic log (its bench probe says); None for the CLI, whose 4 MiB log is full
    after the warm-up."""
    if not receiver.probe_path:
        return None
    return receiver.probe().get("storedBytes", 0) / 1048576.0


def measure(receiver, warm, more):
    receiver.start()
    try:
        cycles(receiver.port, warm, 0)
        time.sleep(0.5)  # the app's 250 ms probe and its coalesced updates catch up
        first = (rss_mib(receiver.proc.pid), log_mib(receiver))
        cycles(receiver.port, more, warm)
        time.sleep(0.5)
        last = (rss_mib(receiver.proc.pid), log_mib(receiver))
        return first, last
    finally:
        receiver.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warm", type=int, default=10000)
    parser.add_argument("--cycles", type=int, default=50000)
    parser.add_argument("--build", default=None)
    args = parser.parse_args()
    tools = run.Tools(run.find_program(args.build, "src/cli/sockeye-cli"),
                      run.find_program(args.build, "src/gui/sockeye"))
    display = run.start_display()
    rows = []
    try:
        for name, receiver in (
                ("sockeye-cli listen --echo", tools.cli_listen("cli", "--echo")),
                ("app, echo rule", tools.gui_server("gui", view="text",
                                                    workspace_rules=[{"name": "Echo",
                                                                      "action": "echo"}])),
                ("app, echo rule, --log-size 4",
                 tools.gui_server("gui-small-log", view="text", extra=["--log-size", "4"],
                                  workspace_rules=[{"name": "Echo", "action": "echo"}]))):
            print("bench: %s..." % name, file=sys.stderr, flush=True)
            rows.append((name,) + measure(receiver, args.warm, args.cycles))
    finally:
        display.terminate()
        run.shutil.rmtree(run.WORK, ignore_errors=True)
    print("Connection churn, %d warm-up cycles then %d more, %s" %
          (args.warm, args.cycles, time.strftime("%Y-%m-%d")))
    print("| program | RSS after warm-up | RSS at the end | log then / at the end | "
          "growth less the log | per connection | target |")
    print("|---|---|---|---|---|---|---|")
    for name, (rss0, log0), (rss1, log1) in rows:
        logged = "—" if log0 is None else "%.1f / %.1f MiB" % (log0, log1)
        rest = (rss1 - rss0) - (0 if log0 is None else log1 - log0)
        print("| %s | %.1f MiB | %.1f MiB | %s | %+.1f MiB | %+.0f B | %s |" %
              (name, rss0, rss1, logged, rest, rest * 1048576 / args.cycles,
               "met (≤ 5 MiB)" if rest <= 5 else "**not met** (≤ 5 MiB)"))


if __name__ == "__main__":
    main()
