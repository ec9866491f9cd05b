#!/usr/bin/env python3
"""TLS benchmarks (issue 14): receiving over TLS 1.3 and TLS handshakes, each against a
reference measured in the same run.

  python3 bench/tls.py            1 GiB floods, 1,000 concurrent handshakes, 5 runs each
  python3 bench/tls.py --quick    256 MiB, 3 runs

(a) 1 GiB over TLS 1.3 into `sockeye-cli listen --tls --format raw` and into the app (hex
    view live), vs `socat OPENSSL-LISTEN` writing to /dev/null; the sender is python3's ssl
    module, the same for all, and the cipher each receiver agreed on is printed (TLS 1.3 between
    two OpenSSL 3 peers: TLS_AES_256_GCM_SHA384 for every receiver).
(b) 1,000 clients doing their TLS handshake at once (python3 asyncio), into sockeye-cli and
    the app, vs a python3 asyncio TLS server: handshakes per second.
The certificate is made for the run with the openssl command.
"""
import argparse
import asyncio
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the shared machinery: Receiver, medians, the table, Xvfb)

WORK = run.WORK


def make_certificate():
    cert, key = os.path.join(WORK, "bench.crt"), os.path.join(WORK, "bench.key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert, "-days",
                    "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return cert, key


def client_context(cert):
    ctx = ssl.create_default_context(cafile=cert)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    return ctx


def tls_flood(port, total, ctx, ciphers):
    """run.flood() over TLS: the cipher agreed goes to `ciphers`; close_notify, then FIN."""
    def wrap(raw):
        s = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
        ciphers.append(s.cipher()[0])
        return s

    def finish(s):
        try:
            return s.unwrap()
        except (ssl.SSLError, OSError):
            return s

    return run.flood(port, total, wrap=wrap, finish=finish)


async def handshakes(port, count, ctx):
    """`count` clients connect and finish their handshake at once; seconds until the last."""
    async def one():
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx,
                                                       server_hostname="127.0.0.1")
        return writer

    t0 = time.monotonic()
    writers = await asyncio.gather(*(one() for _ in range(count)))
    elapsed = time.monotonic() - t0
    for w in writers:
        w.transport.abort()
    return elapsed


PY_TLS_SERVER = r"""
import asyncio, ssl, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); ctx.load_cert_chain(sys.argv[2], sys.argv[3])
async def serve(r, w):
    try:
        while await r.read(65536):
            pass
    except Exception:
        pass
    w.close()
async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", int(sys.argv[1]), ssl=ctx,
                                        backlog=4096)
    await server.serve_forever()
asyncio.run(main())
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--build", default=None)
    args = parser.parse_args()
    # 1,000 clients and the servers that take them (children inherit it).
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    for tool in ("socat", "openssl"):
        if not shutil.which(tool):
            sys.exit("bench: %s is needed (scripts/setup.sh --test installs it)" % tool)
    runs = args.runs or (3 if args.quick else 5)
    total = (256 if args.quick else 1024) << 20
    clients = 1000
    cli = run.find_program(args.build, "src/cli/sockeye-cli")
    gui = run.find_program(args.build, "src/gui/sockeye")
    cert, key = make_certificate()
    ctx = client_context(cert)
    display = run.start_display()
    tls = {"enabled": True, "certFile": cert, "keyFile": key}

    def gui_tls_server(name):
        home = os.path.join(WORK, "home-%d" % len(os.listdir(WORK)))
        os.makedirs(home)
        env = {"HOME": home, "XDG_CONFIG_HOME": home, "SOCKEYE_BENCH_VIEW": "hex"}

        def argv(port):
            path = os.path.join(home, "tls.sockeye")
            with open(path, "w") as f:
                import json
                json.dump({"format": "sockeye-workspace", "version": 1, "presets": [],
                           "sessions": [{"config": {"kind": "tcp-server",
                                                    "bindAddress": "127.0.0.1", "bindPort": port,
                                                    "tls": tls},
                                         "start": True}]}, f)
            return [gui, path]
        return run.Receiver(name, argv, env=env, probe=True)

    cli_rx = run.Receiver("sockeye-cli listen --tls --format raw",
                          lambda p: [cli, "listen", "--tls", "--cert", cert, "--key", key,
                                     "--bind", "127.0.0.1", str(p), "--format", "raw", "-q"])
    gui_rx = gui_tls_server("sockeye GUI TLS server, hex view")
    socat_rx = run.Receiver("socat -u OPENSSL-LISTEN /dev/null",
                            lambda p: ["socat", "-u", "-b", "131072",
                                       "OPENSSL-LISTEN:%d,bind=127.0.0.1,cert=%s,key=%s,"
                                       "verify=0" % (p, cert, key), "OPEN:/dev/null"])
    table = []
    try:
        print("bench: TLS flood...", file=sys.stderr, flush=True)
        ciphers = {}
        lost = []

        def measure(r):
            seen = ciphers.setdefault(r.name, [])
            seconds = tls_flood(r.port, total, ctx, seen)
            if r is gui_rx:
                p = r.wait_probe(lambda p: p.get("bytesIn", 0) >= total, 10)
                lost.append(total - int(p.get("bytesIn", 0)))
            return seconds

        result = run.median_alternating([cli_rx, gui_rx, socat_rx], runs, measure)
        ref = total / result[socat_rx.name][0] / 1e6
        for r, target in ((cli_rx, 0.9), (gui_rx, 0.7), (socat_rx, None)):
            mbps = total / result[r.name][0] / 1e6
            run.row(table, "(a) %d MiB over TLS 1.3 (%s): %s" % (
                total >> 20, "/".join(sorted(set(ciphers[r.name]))), r.name), mbps, "MB/s",
                None if r is socat_rx else ref, target)
        run.absolute(table, "(a) bytes lost by the GUI over TLS", max(lost), "B", 0, fmt="%d")

        print("bench: TLS handshakes...", file=sys.stderr, flush=True)
        py_rx = run.Receiver("python3 asyncio TLS server",
                             lambda p: [sys.executable, "-c", PY_TLS_SERVER, str(p), cert, key])
        cli_hs = run.Receiver("sockeye-cli listen --tls",
                              lambda p: [cli, "listen", "--tls", "--cert", cert, "--key", key,
                                         "--bind", "127.0.0.1", str(p), "-q"])
        gui_hs = gui_tls_server("sockeye GUI TLS server")
        result = run.median_alternating(
            [cli_hs, gui_hs, py_rx], runs,
            lambda r: asyncio.run(handshakes(r.port, clients, ctx)))
        ref = clients / result[py_rx.name][0]
        for r in (cli_hs, gui_hs, py_rx):
            rate = clients / result[r.name][0]
            run.row(table, "(b) %d concurrent TLS handshakes: %s" % (clients, r.name), rate,
                    "handshakes/s", None if r is py_rx else ref)
    finally:
        display.terminate()
        shutil.rmtree(WORK, ignore_errors=True)
    width = max(len(r[0]) for r in table)
    for name, value, ratio, verdict in table:
        print("%-*s  %16s  %8s  %s" % (width, name, value, ratio, verdict))


if __name__ == "__main__":
    main()
