#!/usr/bin/env bash
# Runs an accessibility script against the app as a user would meet it: a private X server
# (Xvfb picks a free display itself), a private D-Bus session with the AT-SPI bus, the app with
# its accessibility bridge on. The script (python3 + pyatspi, Debian's /usr/bin/python3) drives
# and reads the app through AT-SPI.
#   run.sh APP SCRIPT
set -euo pipefail
app=$1
script=$2
work=$(mktemp -d)
xvfb=
cleanup() {
    [[ -n "$xvfb" ]] && kill "$xvfb" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
/usr/bin/python3 -c 'import pyatspi' || { echo "run.sh: python3-pyatspi is missing (scripts/setup.sh --test)" >&2; exit 1; }

Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb=$!
for _ in $(seq 1 100); do [[ -s "$work/display" ]] && break; sleep 0.05; done
[[ -s "$work/display" ]] || { echo "run.sh: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(cat "$work/display")"
export HOME="$work" XDG_RUNTIME_DIR="$work" QT_QPA_PLATFORM=xcb
unset WAYLAND_DISPLAY

cat >"$work/inner.sh" <<'INNER'
set -u
/usr/libexec/at-spi-bus-launcher --launch-immediately &
launcher=$!
# The app registers with the accessibility bus only if it is there when it starts: wait for it.
for _ in $(seq 1 100); do
    dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress \
        >/dev/null 2>&1 && break
    sleep 0.05
done
/usr/bin/python3 "$1" "$2"
rc=$?
kill "$launcher" 2>/dev/null
exit $rc
INNER
timeout 120 dbus-run-session -- bash "$work/inner.sh" "$script" "$app" 2> >(grep -v 'fd limit' >&2)
