#!/usr/bin/env bash
# Regenerates docs/screenshot-en.png and docs/screenshot-zh_CN.png: the real app under Xvfb with
# a TCP server, a TCP client and traffic from socat on 127.0.0.1. Needs xvfb, socat, imagemagick,
# xdotool and a CJK font (fonts-noto-cjk or fonts-wqy-microhei).
#   packaging/screenshots.sh [BUILD_DIR]      (default build/default)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/default}
app=$(realpath "$build/src/gui/sockeye")
for lang in en zh_CN; do
    work=$(mktemp -d)
    cat >"$work/run.sh" <<'INNER'
set -u
app=$1 lang=$2 work=$3
cd "$work"
# A device the client tab talks to: greets, then answers every line.
cat >device.sh <<'DEVICE'
printf 'READY\r\n'
while read -r line; do printf 'OK %s\n' "$line"; done
DEVICE
socat TCP-LISTEN:7101,reuseaddr,fork EXEC:"bash device.sh" &
peer=$!
sleep 0.5
"$app" --lang "$lang" --tcp-server 127.0.0.1:7100 --tcp-client 127.0.0.1:7101 >app.log 2>&1 &
pid=$!
for _ in $(seq 1 40); do
    xdotool search --name '^Sockeye' >/dev/null 2>&1 && break
    sleep 0.25
done
sleep 1.5
wid=$(xdotool search --name '^Sockeye' | head -n1)
xdotool windowsize "$wid" 1440 860 windowmove "$wid" 0 0
sleep 0.5
# Two clients of the server tab send lines.
( printf 'AT+GMR\r\n'; sleep 0.4; printf 'temperature=21.5C humidity=40%%\r\n'; sleep 8 ) |
    socat - TCP:127.0.0.1:7100 >/dev/null &
( sleep 0.8; printf 'PING 1\r\n'; sleep 8 ) | socat - TCP:127.0.0.1:7100 >/dev/null &
sleep 1.8
# Click into the composer, type a reply and send it to all clients (Ctrl+Enter).
xdotool mousemove 500 730 click 1
sleep 0.3
xdotool type --delay 20 'OK v1.2\r\n'
xdotool key ctrl+Return
sleep 1.2
import -window root "$work/full.png"
kill "$pid" "$peer" 2>/dev/null
wait 2>/dev/null
exit 0
INNER
    HOME="$work" XDG_RUNTIME_DIR="$work" timeout 60 \
        xvfb-run -a -s "-screen 0 1440x860x24" bash "$work/run.sh" "$app" "$lang" "$work" || true
    convert "$work/full.png" -crop 1440x860+0+0 +repage "docs/screenshot-$lang.png"
    echo "screenshots: docs/screenshot-$lang.png"
    rm -rf "$work"
done
