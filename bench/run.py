#!/usr/bin/env python3
"""Sockeye benchmarks: prints a table of figures and ratios against references (socat, a minimal
python acceptor) measured in the same run, on the same machine, alternating, median of runs.

    bench/run.py                 every benchmark at full size (takes a few minutes)
    bench/run.py --quick         smaller loads, for a smoke test
    bench/run.py --only latency  one benchmark (throughput, small, connections, latency, startup)

All traffic stays on 127.0.0.1. Needs socat and a build (scripts/run.sh or scripts/test.sh);
--build picks the build directory (default: build/default, else build/ci).
"""
import argparse
import os
import resource
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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

    def __init__(self, name, argv_for_port):
        self.name = name
        self.argv_for_port = argv_for_port
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        self.proc = subprocess.Popen(self.argv_for_port(self.port), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        self.peak_mib = float("nan")
        self._stop_sampling = False
        self._sampler = threading.Thread(target=self._sample_peak, daemon=True)
        self._sampler.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if port_is_listening(self.port):
                return
            time.sleep(0.01)
        raise RuntimeError("%s did not start listening" % self.name)

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


def flood(port, total, chunk=1 << 20):
    """Sends `total` bytes, half-closes, and waits until the receiver has read it all and closed.
    Returns seconds from connect to the receiver's close."""
    buf = b"\xa5" * chunk
    t0 = time.monotonic()
    s = socket.create_connection(("127.0.0.1", port))
    sent = 0
    while sent < total:
        n = min(chunk, total - sent)
        s.sendall(buf[:n] if n < chunk else buf)
        sent += n
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


def row(table, name, value, unit, reference=None, target=None, better="higher"):
    ratio = ""
    verdict = ""
    if reference:
        ratio = "%.2f x" % (value / reference)
        if target is not None:
            ok = value / reference >= target if better == "higher" else value / reference <= target
            verdict = ("met" if ok else "NOT met") + " (target %s %.2f x)" % (
                ">=" if better == "higher" else "<=", target)
    table.append((name, "%.1f %s" % (value, unit), ratio, verdict))


def bench_throughput(args, cli, table):
    total = args.flood_mib << 20
    receivers = [
        Receiver("sockeye-cli listen --format raw", lambda p: [cli, "listen", "--bind", "127.0.0.1",
                                                              str(p), "--format", "raw", "-q"]),
        Receiver("socat -u TCP-LISTEN /dev/null", lambda p: ["socat", "-u",
                                                             "TCP-LISTEN:%d,bind=127.0.0.1" % p,
                                                             "OPEN:/dev/null"]),
    ]
    result = median_alternating(receivers, args.runs, lambda r: flood(r.port, total))
    ref = total / result["socat -u TCP-LISTEN /dev/null"][0] / 1e6
    for r in receivers:
        seconds, rss = result[r.name]
        mbps = total / seconds / 1e6
        is_ref = r.name.startswith("socat")
        row(table, "receive %d MiB: %s" % (args.flood_mib, r.name), mbps, "MB/s",
            None if is_ref else ref, None if is_ref else 0.9)
        table.append(("  peak RSS: " + r.name, "%.1f MiB" % rss, "", ""))


def bench_small(args, cli, table):
    count = args.messages
    line = b"m" * 63 + b"\n"

    def send_lines(r):
        block = line * 1024
        t0 = time.monotonic()
        s = socket.create_connection(("127.0.0.1", r.port))
        for _ in range(count // 1024):
            s.sendall(block)
        s.sendall(line * (count % 1024))
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
        return count / (time.monotonic() - t0)

    receivers = [
        Receiver("sockeye-cli listen --framing delim:\\n", lambda p: [
            cli, "listen", "--bind", "127.0.0.1", str(p), "--framing", "delim:\\n", "--format",
            "text", "-q"]),
        Receiver("socat -u TCP-LISTEN /dev/null", lambda p: ["socat", "-u",
                                                             "TCP-LISTEN:%d,bind=127.0.0.1" % p,
                                                             "OPEN:/dev/null"]),
    ]
    result = median_alternating(receivers, args.runs, send_lines)
    ref = result["socat -u TCP-LISTEN /dev/null"][0]
    for r in receivers:
        rate = result[r.name][0]
        is_ref = r.name.startswith("socat")
        row(table, "%d x 64-byte frames: %s" % (count, r.name), rate / 1e3, "k frames/s",
            None if is_ref else ref / 1e3)


def bench_latency(args, cli, table):
    rounds = args.rounds
    message = b"x" * 63 + b"\n"

    def round_trips(r):
        s = socket.create_connection(("127.0.0.1", r.port))
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        times = []
        for _ in range(rounds + 100):
            t0 = time.perf_counter()
            s.sendall(message)
            got = 0
            while got < len(message):
                got += len(s.recv(4096))
            times.append(time.perf_counter() - t0)
        s.close()
        times = sorted(times[100:])  # the first hundred warm up
        return times

    receivers = [
        Receiver("sockeye-cli listen --echo", lambda p: [cli, "listen", "--bind", "127.0.0.1",
                                                         str(p), "--echo", "--format", "raw",
                                                         "-q"]),
        Receiver("socat TCP-LISTEN,fork PIPE", lambda p: ["socat",
                                                          "TCP-LISTEN:%d,bind=127.0.0.1,fork" % p,
                                                          "PIPE"]),
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

    ref = "socat TCP-LISTEN,fork PIPE"
    for q, label in ((0.5, "p50"), (0.99, "p99")):
        for r in receivers:
            is_ref = r.name == ref
            row(table, "echo round trip %s: %s" % (label, r.name), pct(r.name, q), "us",
                None if is_ref else pct(ref, q), None if is_ref else 1.5, better="lower")


def bench_connections(args, cli, table):
    n = args.connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < n + 100:
        table.append(("%d connections" % n, "skipped", "", "RLIMIT_NOFILE hard limit %d" % hard))
        return
    acceptor = (
        "import socket,selectors,resource,sys\n"
        "h=resource.getrlimit(resource.RLIMIT_NOFILE)[1]\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE,(h,h))\n"
        "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
        "s.bind(('127.0.0.1',int(sys.argv[1]))); s.listen(4096); s.setblocking(False)\n"
        "sel=selectors.DefaultSelector(); sel.register(s,selectors.EVENT_READ)\n"
        "keep=[]\n"
        "while True:\n"
        "  for k,_ in sel.select():\n"
        "    while True:\n"
        "      try: c,_=s.accept()\n"
        "      except BlockingIOError: break\n"
        "      keep.append(c)\n")

    def connect_all(r):
        socks = []
        t0 = time.monotonic()
        for _ in range(n):
            c = socket.socket()
            c.connect(("127.0.0.1", r.port))
            socks.append(c)
        # All accepted: the server answers a final ping only after its accept queue is drained.
        probe = socket.create_connection(("127.0.0.1", r.port))
        probe.sendall(b"ping\n")
        probe.settimeout(60)
        probe.recv(10)
        elapsed = time.monotonic() - t0
        for c in socks:
            c.close()
        probe.close()
        return elapsed

    acceptor_echo = acceptor.replace("      keep.append(c)\n",
                                     "      keep.append(c); c.setblocking(False); "
                                     "sel.register(c,selectors.EVENT_READ)\n"
                                     "    if k.fileobj is not s:\n"
                                     "      try:\n"
                                     "        d=k.fileobj.recv(100)\n"
                                     "        if d: k.fileobj.send(d)\n"
                                     "        else: sel.unregister(k.fileobj)\n"
                                     "      except OSError: pass\n")
    receivers = [
        Receiver("sockeye-cli listen --echo", lambda p: [cli, "listen", "--bind", "127.0.0.1",
                                                         str(p), "--echo", "--format", "raw",
                                                         "-q"]),
        Receiver("python selectors acceptor", lambda p: [sys.executable, "-c", acceptor_echo,
                                                         str(p)]),
    ]
    result = median_alternating(receivers, args.runs, connect_all)
    ref = result["python selectors acceptor"][0]
    for r in receivers:
        seconds, rss = result[r.name]
        is_ref = r.name.startswith("python")
        row(table, "%d clients connected and served: %s" % (n, r.name), seconds * 1e3, "ms",
            None if is_ref else ref * 1e3, None, better="lower")
        table.append(("  peak RSS: " + r.name, "%.1f MiB" % rss, "", ""))


def find_cli(build):
    for candidate in ([build] if build else []) + ["build/default", "build/ci", "build/mine"]:
        path = os.path.join(ROOT, candidate, "src/cli/sockeye-cli")
        if os.path.exists(path):
            return path
    sys.exit("bench: no sockeye-cli built; run scripts/run.sh or scripts/test.sh first")


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
    cli = find_cli(args.build)

    benches = [("throughput", bench_throughput), ("small", bench_small),
               ("latency", bench_latency), ("connections", bench_connections)]
    table = []
    for name, fn in benches:
        if args.only and name not in args.only:
            continue
        print("bench: %s..." % name, file=sys.stderr, flush=True)
        fn(args, cli, table)

    print("Sockeye benchmarks, %s, %d runs each (median), %d cores" %
          ("quick" if quick else "full size", args.runs, os.cpu_count()))
    widths = [max(len(r[i]) for r in table + [("benchmark", "figure", "vs reference", "")])
              for i in range(4)]
    header = ("benchmark", "figure", "vs reference", "target")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    main()
