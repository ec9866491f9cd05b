#!/usr/bin/env python3
"""Sockeye benchmarks: prints a table of figures and ratios against references (socat, a minimal
python acceptor) measured in the same run, on the same machine, alternating, median of runs.

    bench/run.py                 every benchmark at full size (takes a few minutes)
    bench/run.py --quick         smaller loads, for a smoke test
    bench/run.py --only latency  one benchmark (throughput, small, connections, latency, startup)

The GUI runs in a private Xvfb with its bench probe on (SOCKEYE_BENCH_PROBE, src/gui/app/benchprobe.h).

All traffic stays on 127.0.0.1. Needs socat and a build (scripts/run.sh or scripts/test.sh);
--build picks the build directory (default: build/default, else build/ci).
"""
import argparse
import json
import os
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = tempfile.mkdtemp(prefix="sockeye-bench-")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


class Receiver:
    """A server process under test, started fresh for each run."""

    def __init__(self, name, argv_for_port, env=None, probe=False, udp=False):
        self.name = name
        self.argv_for_port = argv_for_port
        self.env = env
        self.probe_path = None
        if probe:
            self.probe_path = os.path.join(WORK, "probe-%d.json" % id(self))
        self.udp = udp
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        env = dict(os.environ)
        env.update(self.env or {})
        if self.probe_path:
            for path in (self.probe_path, self.probe_path + ".cmd"):
                if os.path.exists(path):
                    os.remove(path)
            env["SOCKEYE_BENCH_PROBE"] = self.probe_path
        self.launched_ns = time.monotonic_ns()
        self.proc = subprocess.Popen(self.argv_for_port(self.port), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=env)
        self.peak_mib = float("nan")
        self._stop_sampling = False
        self._sampler = threading.Thread(target=self._sample_peak, daemon=True)
        self._sampler.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            ready = port_is_bound_udp(self.port) if self.udp else port_is_listening(self.port)
            if ready and (not self.probe_path or self.probe().get("firstPaintNs")):
                if self.probe_path:
                    time.sleep(1.2)  # the probe measures stalls from 1 s after the first paint
                return
            time.sleep(0.01)
        raise RuntimeError("%s did not start listening" % self.name)

    def probe(self):
        """The GUI's bench probe figures (see src/gui/app/benchprobe.h), or {}."""
        try:
            with open(self.probe_path) as f:
                return json.load(f)
        except (OSError, ValueError, TypeError):
            return {}

    def command(self, what):
        with open(self.probe_path + ".cmd", "w") as f:
            f.write(what)

    def wait_probe(self, predicate, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            p = self.probe()
            if p and predicate(p):
                return p
            time.sleep(0.05)
        return self.probe()

    def _sample_peak(self):
        # VmHWM is the kernel's own peak; read it until the process ends (the last read wins).
        while self.proc.poll() is None and not self._stop_sampling:
            try:
                with open("/proc/%d/status" % self.proc.pid) as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            self.peak_mib = int(line.split()[1]) / 1024.0
            except OSError:
                break
            time.sleep(0.02)

    def stop(self):
        """Stops the process (if it has not ended by itself); returns its peak RSS in MiB."""
        self._stop_sampling = True
        self._sampler.join()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.peak_mib


def port_is_bound_udp(port):
    want = ":%04X" % port
    for table in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    if line.split()[1].endswith(want):
                        return True
        except OSError:
            pass
    return False


def port_is_listening(port):
    """Looks in /proc/net/tcp for a listening socket on the port (without connecting to it)."""
    want = ":%04X" % port
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[1].endswith(want) and parts[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def flood(port, total, chunk=1 << 20, wrap=None, finish=None):
    """Sends `total` bytes, half-closes, and waits until the receiver has read it all and closed.
    Returns seconds from connect to the receiver's close. `wrap(socket)` returns the socket to
    send on (TLS); `finish(socket)` returns the one to half-close once everything is sent."""
    buf = b"\xa5" * chunk
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port))
    if wrap:
        s = wrap(s)
    sent = 0
    while sent < total:
        n = min(chunk, total - sent)
        s.sendall(buf[:n] if n < chunk else buf)
        sent += n
    if finish:
        s = finish(s)
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    elapsed = time.monotonic() - t0
    s.close()
    return elapsed


def median_alternating(receivers, runs, measure):
    """Runs measure(receiver) `runs` times for each receiver, alternating. Returns
    {name: (median value, median peak RSS)}."""
    values = {r.name: [] for r in receivers}
    rss = {r.name: [] for r in receivers}
    for _ in range(runs):
        for r in receivers:
            r.start()
            try:
                values[r.name].append(measure(r))
            finally:
                rss[r.name].append(r.stop())
    return {name: (statistics.median(values[name]), statistics.median(rss[name])) for name in values}


def row(table, name, value, unit, reference=None, target=None, better="higher", note=""):
    ratio = ""
    verdict = note
    if reference:
        ratio = "%.2f x" % (value / reference)
        if target is not None:
            ok = value / reference >= target if better == "higher" else value / reference <= target
            verdict = ("met" if ok else "NOT met") + " (%s %.2f x)" % (
                ">=" if better == "higher" else "<=", target)
    table.append((name, "%.1f %s" % (value, unit), ratio, verdict))


def absolute(table, name, value, unit, limit, better="lower", fmt="%.1f"):
    ok = value <= limit if better == "lower" else value >= limit
    table.append((name, (fmt + " %s") % (value, unit), "",
                  ("met" if ok else "NOT met") + " (%s %s %s)" % (
                      "<=" if better == "lower" else ">=", fmt % limit, unit)))


class Tools:
    def __init__(self, cli, gui):
        self.cli = cli
        self.gui = gui

    def cli_listen(self, name, *extra):
        return Receiver(name, lambda p: [self.cli, "listen", "--bind", "127.0.0.1", str(p),
                                         "-q"] + list(extra))

    def gui_server(self, name, view="hex", workspace_rules=None, udp=False, extra=()):
        """The desktop app with one server (or UDP) session, its traffic view visible in
        `view` mode, settings in a throw-away home; `extra`: more arguments for the app."""
        home = tempfile.mkdtemp(dir=WORK)
        env = {"HOME": home, "XDG_CONFIG_HOME": home, "SOCKEYE_BENCH_VIEW": view}

        def argv(port):
            if workspace_rules is not None:
                path = os.path.join(home, "bench.sockeye")
                with open(path, "w") as f:
                    json.dump({"format": "sockeye-workspace", "version": 1, "presets": [],
                               "sessions": [{"config": {"kind": "tcp-server",
                                                        "bindAddress": "127.0.0.1",
                                                        "bindPort": port},
                                             "start": True,
                                             "automation": {"rules": workspace_rules}}]}, f)
                return [self.gui] + list(extra) + [path]
            flag = "--udp" if udp else "--tcp-server"
            return [self.gui] + list(extra) + [flag, "127.0.0.1:%d" % port]
        return Receiver(name, argv, env=env, probe=True, udp=udp)


SOCAT_SINK = "socat -u TCP-LISTEN /dev/null"


def socat_sink():
    return Receiver(SOCAT_SINK, lambda p: ["socat", "-u", "TCP-LISTEN:%d,bind=127.0.0.1" % p,
                                           "OPEN:/dev/null"])


def bench_throughput(args, tools, table):
    """(a) receive throughput, (c) memory and Clear, (g) stalls during a flood."""
    total = args.flood_mib << 20
    cli = tools.cli_listen("sockeye-cli listen --format raw", "--format", "raw")
    gui = tools.gui_server("sockeye GUI, hex view, auto-scroll")
    receivers = [cli, gui, socat_sink()]
    extra = {"stall": [], "lost": [], "cleared": []}

    def measure(r):
        seconds = flood(r.port, total)
        if r is gui:
            p = r.wait_probe(lambda p: p.get("bytesIn", 0) >= total, 10)
            extra["lost"].append(total - int(p.get("bytesIn", 0)))
            extra["stall"].append(p.get("maxStallMs", float("nan")))
            r.command("clear")
            p = r.wait_probe(lambda p: p.get("storedBytes", 1) == 0, 5)
            time.sleep(0.6)
            extra["cleared"].append(r.probe().get("rssKiB", float("nan")) / 1024.0)
        return seconds

    result = median_alternating(receivers, args.runs, measure)
    ref = total / result[SOCAT_SINK][0] / 1e6
    targets = {cli.name: 0.9, gui.name: 0.7}
    for r in receivers:
        seconds, rss = result[r.name]
        mbps = total / seconds / 1e6
        is_ref = r.name == SOCAT_SINK
        row(table, "(a) receive %d MiB: %s" % (args.flood_mib, r.name), mbps, "MB/s",
            None if is_ref else ref, targets.get(r.name))
        if r is gui:
            absolute(table, "(c) peak RSS: " + r.name + " (256 MiB log)", rss, "MiB",
                     256 + 150)
            table.append(("(c) RSS after Clear: " + r.name,
                          "%.1f MiB" % statistics.median(extra["cleared"]), "", ""))
            absolute(table, "(g) longest event-loop stall during (a)",
                     statistics.median(extra["stall"]), "ms", 50)
            absolute(table, "(a) bytes lost by the GUI", max(extra["lost"]), "B", 0, fmt="%d")
        else:
            table.append(("    peak RSS: " + r.name, "%.1f MiB" % rss, "", ""))


def udp_drops():
    with open("/proc/net/snmp") as f:
        lines = [l.split() for l in f if l.startswith("Udp:")]
    header, values = lines[0], lines[1]
    return int(values[header.index("RcvbufErrors")])


def bench_small(args, tools, table):
    """(b) many small messages: TCP frames of 64 bytes and UDP datagrams into the GUI."""
    count = args.messages
    line = b"m" * 63 + b"\n"

    def send_lines(r):
        block = line * 1024
        t0_ns = time.monotonic_ns()  # CLOCK_MONOTONIC, as the probe's timestamps
        t0 = time.monotonic()
        s = socket.create_connection(("127.0.0.1", r.port))
        for _ in range(count // 1024):
            s.sendall(block)
        s.sendall(line * (count % 1024))
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
        elapsed = time.monotonic() - t0
        if r.probe_path:
            # The GUI's view cuts the stream into frames (delimiter framing); time the last one.
            p = r.wait_probe(lambda p: p.get("framesShown", 0) >= count, 30)
            lost.append(count * 64 - int(p.get("bytesIn", 0)))
            frames_missing.append(count - int(p.get("framesShown", 0)))
            elapsed = max(elapsed, (p.get("framesChangedNs", 0) - t0_ns) / 1e9)
        return count / elapsed

    lost, frames_missing = [], []
    gui = tools.gui_server("sockeye GUI, text view framed by delim:\\n")
    gui.env["SOCKEYE_BENCH_VIEW"] = "text"
    gui.env["SOCKEYE_BENCH_FRAMING"] = "delim:\\n"
    receivers = [tools.cli_listen("sockeye-cli listen --framing delim:\\n", "--framing",
                                  "delim:\\n", "--format", "text"), gui, socat_sink()]
    result = median_alternating(receivers, args.runs, send_lines)
    ref = result[SOCAT_SINK][0]
    for r in receivers:
        rate = result[r.name][0]
        is_ref = r.name == SOCAT_SINK
        row(table, "(b) %d TCP frames of 64 B: %s" % (count, r.name), rate / 1e3, "k frames/s",
            None if is_ref else ref / 1e3)
    absolute(table, "(b) TCP bytes lost by the GUI", max(lost), "B", 0, fmt="%d")
    absolute(table, "(b) frames missing from the GUI's framed view", max(frames_missing),
             "frames", 0, fmt="%d")

    # UDP: as fast as python can send; what the kernel dropped is counted separately.
    udp = tools.gui_server("sockeye GUI --udp", view="text", udp=True)
    received, dropped, unaccounted, rates = [], [], [], []
    datagram = b"u" * 64
    for _ in range(args.runs):
        udp.start()
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            before = udp_drops()
            t0 = time.monotonic()
            for i in range(count):
                s.sendto(datagram, ("127.0.0.1", udp.port))
            sent_seconds = time.monotonic() - t0
            last, stable_since = -1, time.monotonic()
            while time.monotonic() - stable_since < 1.0:
                n = int(udp.probe().get("framesIn", 0))
                if n != last:
                    last, stable_since = n, time.monotonic()
                time.sleep(0.05)
            drops = udp_drops() - before
            received.append(last)
            dropped.append(drops)
            unaccounted.append(count - last - drops)
            rates.append(count / sent_seconds)
        finally:
            udp.stop()
    table.append(("(b) %d UDP datagrams of 64 B into the GUI (sent at %.0f k/s)"
                  % (count, statistics.median(rates) / 1e3),
                  "%d received" % statistics.median(received),
                  "%d dropped by the kernel" % statistics.median(dropped),
                  "unaccounted: %d" % max(unaccounted)))


def bench_latency(args, tools, table):
    """(e) echo round trip through an echo rule vs socat."""
    rounds = args.rounds
    message = b"x" * 63 + b"\n"

    def round_trips(r):
        s = socket.create_connection(("127.0.0.1", r.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.settimeout(10)  # an echo that never comes is a failure, not a hang
        times = []
        for _ in range(rounds + 100):
            t0 = time.perf_counter()
            s.sendall(message)
            got = 0
            while got < len(message):
                got += len(s.recv(4096))
            times.append(time.perf_counter() - t0)
        s.close()
        return sorted(times[100:])  # the first hundred warm up

    ref = "socat TCP-LISTEN,fork PIPE"
    receivers = [
        tools.cli_listen("sockeye-cli listen --echo", "--echo", "--format", "raw"),
        tools.gui_server("sockeye GUI, echo rule", view="text",
                         workspace_rules=[{"name": "Echo", "action": "echo"}]),
        Receiver(ref, lambda p: ["socat", "TCP-LISTEN:%d,bind=127.0.0.1,fork" % p, "PIPE"]),
    ]
    samples = {r.name: [] for r in receivers}
    for _ in range(args.runs):
        for r in receivers:
            r.start()
            try:
                samples[r.name].append(round_trips(r))
            finally:
                r.stop()

    def pct(name, q):
        return statistics.median(t[int(len(t) * q) - 1] for t in samples[name]) * 1e6

    for q, label in ((0.5, "p50"), (0.99, "p99")):
        for r in receivers:
            is_ref = r.name == ref
            row(table, "(e) echo round trip %s: %s" % (label, r.name), pct(r.name, q), "us",
                None if is_ref else pct(ref, q), None if is_ref else 1.5, better="lower")


ACCEPTOR = (
    "import socket,selectors,resource,sys\n"
    "h=resource.getrlimit(resource.RLIMIT_NOFILE)[1]\n"
    "resource.setrlimit(resource.RLIMIT_NOFILE,(h,h))\n"
    "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
    "s.bind(('127.0.0.1',int(sys.argv[1]))); s.listen(4096); s.setblocking(False)\n"
    "sel=selectors.DefaultSelector(); sel.register(s,selectors.EVENT_READ)\n"
    "while True:\n"
    "  for k,_ in sel.select():\n"
    "    if k.fileobj is s:\n"
    "      while True:\n"
    "        try: c,_=s.accept()\n"
    "        except BlockingIOError: break\n"
    "        c.setblocking(False); sel.register(c,selectors.EVENT_READ)\n"
    "    else:\n"
    "      try:\n"
    "        d=k.fileobj.recv(100)\n"
    "        if d: k.fileobj.send(d)\n"
    "        else: sel.unregister(k.fileobj); k.fileobj.close()\n"
    "      except OSError: pass\n")


def bench_connections(args, tools, table):
    """(d) 10,000 concurrent clients; (g) stalls meanwhile."""
    n = args.connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < n + 100:  # the clients here, the server in its own process
        table.append(("(d) %d connections" % n, "skipped", "", "RLIMIT_NOFILE hard limit %d" % hard))
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    stalls, close_stalls = [], []

    def connect_all(r):
        socks = []
        t0_ns = time.monotonic_ns()  # CLOCK_MONOTONIC, as the probe's timestamps
        t0 = time.monotonic()
        for _ in range(n):
            c = socket.socket()
            c.connect(("127.0.0.1", r.port))
            socks.append(c)
        if r.probe_path:
            # The GUI says how many peers its sessions hold.
            p = r.wait_probe(lambda p: p.get("peers", 0) >= n, 120)
            elapsed = (p.get("peersChangedNs", 0) - t0_ns) / 1e9
            if p.get("peers", 0) < n:
                elapsed = float("nan")
            time.sleep(1.0)  # let the connection list settle, then read the worst stall
            stalls.append(r.probe().get("maxStallMs", float("nan")))
            # Beyond the issue: every client leaving at once.
            r.command("reset-stall")
            r.wait_probe(lambda p: p.get("maxStallMs", 1) == 0, 10)
            for c in socks:
                c.close()
            r.wait_probe(lambda p: p.get("peers", 1) == 0, 120)
            time.sleep(1.0)
            close_stalls.append(r.probe().get("maxStallMs", float("nan")))
            return elapsed
        else:
            # Echoing servers answer a last client only once every earlier one is accepted.
            probe = socket.create_connection(("127.0.0.1", r.port))
            probe.sendall(b"ping\n")
            probe.settimeout(120)
            probe.recv(10)
            elapsed = time.monotonic() - t0
            probe.close()
        for c in socks:
            c.close()
        return elapsed

    ref = "python selectors acceptor"
    gui = tools.gui_server("sockeye GUI server, connection list", view="text")
    receivers = [
        tools.cli_listen("sockeye-cli listen --echo", "--echo", "--format", "raw"),
        gui,
        Receiver(ref, lambda p: [sys.executable, "-c", ACCEPTOR, str(p)]),
    ]
    result = median_alternating(receivers, args.runs, connect_all)
    for r in receivers:
        seconds, rss = result[r.name]
        is_ref = r.name == ref
        row(table, "(d) %d clients accepted: %s" % (n, r.name), seconds * 1e3, "ms",
            None if is_ref else result[ref][0] * 1e3)
        table.append(("    peak RSS: " + r.name, "%.1f MiB" % rss, "", ""))
    absolute(table, "(g) longest event-loop stall during (d)", statistics.median(stalls), "ms", 50)
    absolute(table, "    and while all %d clients close at once" % n,
             statistics.median(close_stalls), "ms", 50)


def bench_startup(args, tools, table):
    """(f) launch to first painted window, and idle RSS, median of 10."""
    times, rss = [], []
    for _ in range(10):
        r = tools.gui_server("startup", view="text")
        r.start()
        try:
            p = r.wait_probe(lambda p: p.get("firstPaintNs"), 10)
            times.append((p["firstPaintNs"] - r.launched_ns) / 1e6)
            time.sleep(1.5)
            with open("/proc/%d/status" % r.proc.pid) as f:
                for l in f:
                    if l.startswith("VmRSS:"):
                        rss.append(int(l.split()[1]) / 1024.0)
        finally:
            r.stop()
    absolute(table, "(f) start-up to first painted window", statistics.median(times), "ms", 150)
    absolute(table, "(f) idle RSS", statistics.median(rss), "MiB", 40)


def find_program(build, relative):
    for candidate in ([build] if build else []) + ["build/default", "build/ci"]:
        path = os.path.join(ROOT, candidate, relative)
        if os.path.exists(path):
            return path
    sys.exit("bench: %s is not built; run scripts/run.sh or scripts/test.sh first" % relative)


def start_display():
    """A private X server for the GUI runs (the bench never uses the user's display)."""
    if not shutil.which("Xvfb"):
        sys.exit("bench: Xvfb is needed for the GUI benchmarks (scripts/setup.sh --test)")
    for number in range(90, 120):
        if not os.path.exists("/tmp/.X11-unix/X%d" % number) and \
                not os.path.exists("/tmp/.X%d-lock" % number):
            proc = subprocess.Popen(["Xvfb", ":%d" % number, "-screen", "0", "1440x900x24",
                                     "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and \
                    not os.path.exists("/tmp/.X11-unix/X%d" % number):
                time.sleep(0.05)
            os.environ["DISPLAY"] = ":%d" % number
            os.environ.pop("WAYLAND_DISPLAY", None)
            os.environ["QT_QPA_PLATFORM"] = "xcb"
            return proc
    sys.exit("bench: no free X display number")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller loads")
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--build", default=None)
    args = parser.parse_args()
    if not shutil.which("socat"):
        sys.exit("bench: socat is needed (scripts/setup.sh --test installs it)")
    quick = args.quick
    args.runs = args.runs or (3 if quick else 5)
    args.flood_mib = 256 if quick else 2048
    args.messages = 100000 if quick else 1000000
    args.rounds = 2000 if quick else 20000
    args.connections = 1000 if quick else 10000
    tools = Tools(find_program(args.build, "src/cli/sockeye-cli"),
                  find_program(args.build, "src/gui/sockeye"))
    display = start_display()

    benches = [("throughput", bench_throughput), ("small", bench_small),
               ("connections", bench_connections), ("latency", bench_latency),
               ("startup", bench_startup)]
    table = []
    try:
        for name, fn in benches:
            if args.only and name not in args.only:
                continue
            print("bench: %s..." % name, file=sys.stderr, flush=True)
            fn(args, tools, table)
    finally:
        display.terminate()
        shutil.rmtree(WORK, ignore_errors=True)

    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print("Sockeye benchmarks, %s, median of %d runs, %d cores (%s), %s" %
          ("quick" if quick else "full size", args.runs, os.cpu_count(), cpu,
           time.strftime("%Y-%m-%d")))
    header = ("benchmark", "figure", "vs reference", "target")
    widths = [max(len(r[i]) for r in table + [header]) for i in range(4)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in table:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")


if __name__ == "__main__":
    main()
