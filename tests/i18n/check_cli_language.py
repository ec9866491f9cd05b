#!/usr/bin/env python3
"""sockeye-cli speaks the language asked for: --lang zh_CN, --lang en, and the system locale.

Usage: check_cli_language.py SOCKEYE_CLI
"""
import os
import subprocess
import sys


def run(cli, args, env_lang=None):
    env = dict(os.environ)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        env.pop(name, None)
    env["LANG"] = env_lang or "C.UTF-8"
    result = subprocess.run([cli, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, timeout=30)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def main():
    cli = sys.argv[1]
    failures = []

    def expect(what, condition, output):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            failures.append(what)
            print("     output: " + output.strip().replace("\n", "\n             "))

    code, out, err = run(cli, ["--lang", "zh_CN", "listen", "x"])
    expect("--lang zh_CN: usage error in Chinese, exit 2",
           code == 2 and "不是端口号" in err, err)
    code, out, err = run(cli, ["--lang=en", "listen", "x"], env_lang="zh_CN.UTF-8")
    expect("--lang=en wins over a Chinese locale", code == 2 and "is not a port" in err, err)
    code, out, err = run(cli, ["listen", "x"], env_lang="zh_CN.UTF-8")
    expect("LANG=zh_CN.UTF-8: Chinese by default", code == 2 and "不是端口号" in err, err)
    code, out, err = run(cli, ["listen", "x"], env_lang="en_US.UTF-8")
    expect("LANG=en_US.UTF-8: English by default", code == 2 and "is not a port" in err, err)
    code, out, err = run(cli, ["--lang", "zh_CN", "--help"])
    expect("--help in Chinese lists --lang", code == 0 and "用法" in out and "--lang" in out, out)
    code, out, err = run(cli, ["--lang", "zh_CN", "--version"])
    expect("--version unchanged", code == 0 and out.startswith("sockeye-cli "), out)
    # A network error from the core, in Chinese: nothing listens on port 1 of loopback.
    code, out, err = run(cli, ["--lang", "zh_CN", "connect", "127.0.0.1", "1", "--send", "x",
                               "--connect-timeout", "3000"])
    expect("core error sentence in Chinese, exit 3", code == 3 and "无法连接到" in err, err)
    code, out, err = run(cli, ["--lang", "xx", "listen", "x"])
    expect("unknown --lang is reported", "xx" in err and code == 2, err)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
