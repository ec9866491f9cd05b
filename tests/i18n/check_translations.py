#!/usr/bin/env python3
"""Fails when a user-visible string is missing from a translation, or a translation is broken.

Runs lupdate over every source (the same list and options as the update_translations target) into
a temporary copy of each .ts file, then checks every message:
  - it is translated (not type="unfinished", not empty; each plural form filled in),
  - its placeholders (%1..%99, %L1, %n) are those of the source,
  - a keyboard accelerator (&File) is kept, as are a trailing newline and leading/trailing spaces,
  - the escapes a user types (\r\n, \x01, \=) are those of the source, written as typed,
and that lupdate itself had nothing to say (a warning such as "Class 'sockeye' lacks Q_OBJECT
macro" means a string would be filed under a context the program never asks for).

Usage: check_translations.py LUPDATE LIST_FILE TS_FILE... [-- LUPDATE_OPTION...]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%(?:L?[1-9][0-9]?|n)")
# A payload escape shown to the user, e.g. "text:Hello\r\n": a tool once turned one into a
# real line break in a translation.
ESCAPE = re.compile(r"\\.")
# An accelerator: "&" before a letter or digit, not "&&" and not an entity such as "&amp;".
ACCELERATOR = re.compile(r"(?<!&)&(?!&)(?![a-zA-Z]+;|#[0-9]+;)(?=[^\s])")
LUPDATE_CHATTER = re.compile(
    r"^(Updating '.*'\.\.\.|\s+Found \d+ source text|\s+Removed \d+ obsolete|\s+Kept \d+ obsolete"
    r"|\s+(Same|Similar)-text heuristic|\s+Number heuristic|\s+Found \d+ new)")


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text or "")))


def check_message(source, translation, numerus):
    problems = []
    texts = []
    if numerus:
        forms = translation.findall("numerusform")
        texts = [f.text or "" for f in forms]
        if not texts or any(not t.strip() for t in texts):
            return ["not translated (a plural form is empty)"]
    else:
        texts = [translation.text or ""]
        if not texts[0].strip():
            return ["not translated"]
    if translation.get("type") == "unfinished":
        problems.append("marked unfinished (new or changed source; check and finish it)")
    for text in texts:
        if placeholders(text) != placeholders(source):
            problems.append("placeholders %s in the source but %s in the translation"
                            % (placeholders(source) or "none", placeholders(text) or "none"))
        if bool(ACCELERATOR.search(source)) != bool(ACCELERATOR.search(text)):
            problems.append("the keyboard accelerator (&) is lost or added: %r" % text)
        if sorted(ESCAPE.findall(source)) != sorted(ESCAPE.findall(text)):
            problems.append("escapes %s in the source but %s in the translation"
                            % (ESCAPE.findall(source) or "none", ESCAPE.findall(text) or "none"))
        if source.endswith("\n") != text.endswith("\n"):
            problems.append("the trailing newline differs")
        if source.startswith(" ") != text.startswith(" ") or \
                source.endswith(" ") != text.endswith(" "):
            problems.append("leading or trailing spaces differ: %r" % text)
    return problems


def main(argv):
    if "--" in argv:
        split = argv.index("--")
        args, options = argv[1:split], argv[split + 1:]
    else:
        args, options = argv[1:], []
    if len(args) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    lupdate, list_file, ts_files = args[0], args[1], args[2:]
    failures = 0
    with tempfile.TemporaryDirectory(prefix="sockeye-i18n-") as tmp:
        for ts in ts_files:
            copy = os.path.join(tmp, os.path.basename(ts))
            shutil.copyfile(ts, copy)
            run = subprocess.run([lupdate, "@" + list_file, *options, "-ts", copy],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                 timeout=300)
            if run.returncode != 0:
                print(run.stdout)
                print("FAIL: lupdate exited with %d" % run.returncode)
                return 1
            for line in run.stdout.splitlines():
                if line.strip() and not LUPDATE_CHATTER.match(line):
                    print("FAIL lupdate: %s" % line)
                    failures += 1
            root = ET.parse(copy).getroot()
            count = 0
            for context in root.findall("context"):
                name = context.findtext("name")
                for message in context.findall("message"):
                    translation = message.find("translation")
                    if translation.get("type") in ("vanished", "obsolete"):
                        continue
                    count += 1
                    source = message.findtext("source") or ""
                    for problem in check_message(source, translation,
                                                 message.get("numerus") == "yes"):
                        print("FAIL %s [%s] %r: %s" % (os.path.basename(ts), name, source, problem))
                        failures += 1
            print("%s: %d messages checked" % (os.path.basename(ts), count))
    if failures:
        print("\n%d problem(s). To bring the .ts files up to date with the sources, run\n"
              "    cmake --build <build dir> --target update_translations\n"
              "then translate the new or changed entries (Qt Linguist: linguist %s) and build "
              "again." % (failures, " ".join(ts_files)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
