#!/usr/bin/env python3
"""`cmake --install` into a temporary prefix lays out what the package ships.

Usage: check_install.py BUILD_DIR SOURCE_DIR PROJECT_VERSION
"""
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

APP_ID = "io.github.sockeye_net.Sockeye"


def main():
    build, source, version = sys.argv[1:4]
    failures = []

    def expect(what, condition):
        print(("ok   " if condition else "FAIL ") + what)
        if not condition:
            failures.append(what)

    with tempfile.TemporaryDirectory(prefix="sockeye-install-") as prefix:
        run = subprocess.run(["cmake", "--install", build, "--prefix", prefix],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             timeout=100)
        expect("cmake --install succeeds", run.returncode == 0)
        if run.returncode != 0:
            print(run.stdout)
            return 1
        share = os.path.join(prefix, "share")
        for exe in ("sockeye", "sockeye-cli"):
            path = os.path.join(prefix, "bin", exe)
            expect("bin/%s is executable" % exe, os.access(path, os.X_OK))
        files = [
            "applications/%s.desktop" % APP_ID,
            "metainfo/%s.metainfo.xml" % APP_ID,
            "mime/packages/%s.xml" % APP_ID,
            "icons/hicolor/scalable/apps/sockeye.svg",
        ] + ["icons/hicolor/%dx%d/apps/sockeye.png" % (s, s)
             for s in (16, 22, 24, 32, 48, 64, 128, 256)]
        for f in files:
            expect("share/" + f, os.path.isfile(os.path.join(share, f)))

        # The licence: GPL-3.0-or-later in the copyright file and the AppStream metadata.
        copyright_path = os.path.join(share, "doc/sockeye/copyright")
        expect("share/doc/sockeye/copyright", os.path.isfile(copyright_path))
        if os.path.isfile(copyright_path):
            text = open(copyright_path, encoding="utf-8").read()
            expect("copyright file says GPL-3.0-or-later", "License: GPL-3.0-or-later" in text)
        license_text = open(os.path.join(source, "LICENSE"), encoding="utf-8").read()
        expect("LICENSE is the GPL version 3", "GNU GENERAL PUBLIC LICENSE" in license_text
               and "Version 3, 29 June 2007" in license_text)

        # The PNGs are the sizes their folders say (PNG IHDR: width, height at bytes 16..24).
        for s in (16, 22, 24, 32, 48, 64, 128, 256):
            path = os.path.join(share, "icons/hicolor/%dx%d/apps/sockeye.png" % (s, s))
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    head = f.read(24)
                w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
                expect("%dx%d icon is %dx%d" % (s, s, w, h), (w, h) == (s, s))

        desktop = open(os.path.join(share, "applications/%s.desktop" % APP_ID),
                       encoding="utf-8").read()
        expect("desktop file runs sockeye", re.search(r"^Exec=sockeye( |$)", desktop, re.M))
        expect("desktop file names the icon", "\nIcon=sockeye\n" in desktop)
        expect("desktop file opens workspaces",
               "MimeType=application/x-sockeye-workspace;" in desktop)
        expect("desktop file has a Chinese name", "\nName[zh_CN]=" in desktop)

        meta = ET.parse(os.path.join(share, "metainfo/%s.metainfo.xml" % APP_ID)).getroot()
        expect("metainfo id is %s" % APP_ID, meta.findtext("id") == APP_ID)
        expect("metainfo project_license is GPL-3.0-or-later",
               meta.findtext("project_license") == "GPL-3.0-or-later")
        expect("metainfo launches the desktop file",
               meta.findtext("launchable") == APP_ID + ".desktop")
        releases = [r.get("version") for r in meta.iter("release")]
        expect("metainfo has a release for version %s (has %s)" % (version, releases),
               version in releases)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
