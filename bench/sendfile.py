#!/usr/bin/env python3
"""Memory of a file send to a slow reader: `sockeye-cli connect --send-file` (and `--send -`)
against socat sending the same file, both to a python reader that takes 10 MB/s.

    bench/sendfile.py              1 GiB at 10 MB/s (about two minutes per sender)
    bench/sendfile.py --quick      64 MiB
    bench/sendfile.py --mib N --rate MBPS

Prints each sender's peak resident memory (VmHWM), the bytes the reader got with their
SHA-256, and the ratio to socat. Target (issue 12): the CLI's peak RSS stays under 100 MiB.
All traffic stays on 127.0.0.1.
"""
import argparse
import hashlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cli_path(build):
    for candidate in (build, "build/default", "build/ci"):
        if candidate:
            path = os.path.join(ROOT, candidate, "src/cli/sockeye-cli")
            if os.access(path, os.X_OK):
                return path
    sys.exit("sendfile: no sockeye-cli; build with scripts/test.sh first")


class SlowReader:
    """Accepts one connection and reads it at `rate` bytes/s until EOF; hashes what it got."""

    def __init__(self, rate):
        self.rate = rate
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        self.bytes = 0
        self.sha = hashlib.sha256()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        conn, _ = self.server.accept()
        # A small receive buffer, so the window closes soon and the sender must wait.
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
        start = time.monotonic()
        while True:
            data = conn.recv(64 * 1024)
            if not data:
                break
            self.bytes += len(data)
            self.sha.update(data)
            ahead = self.bytes / self.rate - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
        conn.close()


def peak_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_sender(name, argv, rate, stdin_path=None):
    reader = SlowReader(rate)
    argv = [a.replace("PORT", str(reader.port)) for a in argv]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, peak_rss_kib(proc.pid))
        time.sleep(0.2)
    reader.thread.join(timeout=30)
    elapsed = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace").strip()
    return {"name": name, "exit": proc.returncode, "peak_mib": peak / 1024.0,
            "bytes": reader.bytes, "sha": reader.sha.hexdigest(), "seconds": elapsed,
            "stderr": err}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="64 MiB instead of 1 GiB")
    parser.add_argument("--mib", type=int, help="file size in MiB")
    parser.add_argument("--rate", type=float, default=10.0, help="reader speed in MB/s")
    parser.add_argument("--build", help="build directory (default build/default)")
    args = parser.parse_args()
    mib = args.mib or (64 if args.quick else 1024)
    rate = args.rate * 1000 * 1000
    cli = cli_path(args.build)

    with tempfile.TemporaryDirectory(prefix="sockeye-sendfile-") as work:
        path = os.path.join(work, "payload.bin")
        block = hashlib.sha256(b"sockeye").digest() * 32768  # 1 MiB, not all zeros
        expected = hashlib.sha256()
        with open(path, "wb") as f:
            for _ in range(mib):
                f.write(block)
                expected.update(block)
        size = mib * 1024 * 1024
        runs = [
            run_sender("sockeye-cli --send-file",
                       [cli, "connect", "127.0.0.1", "PORT", "--send-file", path, "--quiet"], rate),
            run_sender("sockeye-cli --send -",
                       [cli, "connect", "127.0.0.1", "PORT", "--send", "-", "--quiet"], rate,
                       stdin_path=path),
            run_sender("socat (reference)", ["socat", "-u", "FILE:" + path, "TCP:127.0.0.1:PORT"],
                       rate),
        ]
    reference = runs[-1]["peak_mib"] or 1.0
    print("file: %d MiB, reader: %.0f MB/s" % (mib, args.rate))
    print("| sender | peak RSS | vs socat | received | SHA-256 equal | time | exit |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for r in runs:
        same = r["bytes"] == size and r["sha"] == expected.hexdigest()
        ok = ok and same and r["exit"] == 0
        print("| %s | %.1f MiB | %.2f x | %d B | %s | %.1f s | %d |"
              % (r["name"], r["peak_mib"], r["peak_mib"] / reference, r["bytes"],
                 "yes" if same else "NO", r["seconds"], r["exit"]))
        if r["exit"] != 0 and r["stderr"]:
            print("    " + r["stderr"].splitlines()[-1])
    cli_peak = max(r["peak_mib"] for r in runs[:2])
    print("target: CLI peak RSS under 100 MiB: %s (%.1f MiB)"
          % ("met" if cli_peak < 100 else "NOT met", cli_peak))
    return 0 if ok and cli_peak < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
