#!/usr/bin/env bash
# Installs a sockeye .deb with apt on this machine, checks that both programs run (sockeye under
# Xvfb shows a window), and removes the package again. Needs root (or sudo). Bounded in time.
#   tests/packaging/test_deb.sh build/package/sockeye_0.1.0_amd64.deb
set -euo pipefail
deb=$(realpath "$1")
sudo=()
[[ $(id -u) -ne 0 ]] && sudo=(sudo)
apt_opts=(-y -q -o DPkg::Lock::Timeout=300)
work=$(mktemp -d)
installed=0
failures=0

cleanup() {
    if [[ $installed -eq 1 ]]; then
        echo "test_deb: removing the package"
        timeout 300 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get remove "${apt_opts[@]}" sockeye >/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

check() { # check "what" command...
    local what=$1
    shift
    if "$@"; then
        echo "ok   $what"
    else
        echo "FAIL $what"
        failures=$((failures + 1))
    fi
}

version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
echo "test_deb: $(basename "$deb"), Depends: $depends"
check "Depends has the Qt 6 widgets library" grep -q 'libqt6widgets6' <<<"$depends"
check "Depends has the Qt platform plugins" grep -q 'qt6-qpa-plugins' <<<"$depends"
check "Section is net" test "$(dpkg-deb -f "$deb" Section)" = net

echo "test_deb: apt-get install $deb"
installed=1
if ! timeout 600 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install "${apt_opts[@]}" --no-install-recommends "$deb" >"$work/apt.log" 2>&1; then
    cat "$work/apt.log"
    echo "FAIL apt-get install"
    exit 1
fi
echo "ok   apt-get install"
check "dpkg says installed" \
    test "$(dpkg-query -W -f='${Status} ${Version}' sockeye)" = "install ok installed $version"

check "sockeye-cli --version" test "$(timeout 10 /usr/bin/sockeye-cli --version)" = \
    "sockeye-cli $version"
check "sockeye --version" test "$(QT_QPA_PLATFORM=offscreen timeout 10 /usr/bin/sockeye --version)" \
    = "Sockeye $version"
check "sockeye-cli speaks Chinese (translations installed)" \
    bash -c "timeout 10 /usr/bin/sockeye-cli --lang zh_CN listen x 2>&1 | grep -q '不是端口号'"
check "desktop file installed and valid" \
    desktop-file-validate /usr/share/applications/io.github.sockeye_net.Sockeye.desktop
check "icon installed to hicolor" test -f /usr/share/icons/hicolor/256x256/apps/sockeye.png
check "*.sockeye is a known MIME type" \
    grep -q 'application/x-sockeye-workspace' /usr/share/mime/globs2

# Start the app under Xvfb, with a scratch HOME, and look for its window after a few seconds.
cat >"$work/run.sh" <<'INNER'
set -u
cd "$1"
/usr/bin/sockeye --tcp-server 127.0.0.1:0 >app.log 2>&1 &
pid=$!
for _ in $(seq 1 40); do # up to 10 s for the window to appear
    xwininfo -root -tree 2>/dev/null | grep -q '"Sockeye' && break
    sleep 0.25
done
sleep 1
if kill -0 "$pid" 2>/dev/null; then echo running >state; fi
xwininfo -root -tree >tree.txt 2>&1
import -window root screen.png 2>/dev/null
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
exit 0
INNER
HOME="$work" XDG_RUNTIME_DIR="$work" timeout 60 \
    xvfb-run -a -s "-screen 0 1280x800x24" bash "$work/run.sh" "$work" || true
check "sockeye is still running after start-up" test -f "$work/state"
check "sockeye shows a window titled Sockeye" grep -q '"Sockeye' "$work/tree.txt"
colours=$(identify -format '%k' "$work/screen.png" 2>/dev/null || echo 0)
check "the screen shows more than one colour ($colours)" test "$colours" -gt 1
if [[ $failures -gt 0 && -f "$work/app.log" ]]; then
    echo "--- sockeye's output:"
    cat "$work/app.log"
fi

echo "test_deb: apt-get remove sockeye"
if timeout 300 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get remove "${apt_opts[@]}" sockeye >"$work/apt.log" 2>&1; then
    installed=0
    echo "ok   apt-get remove"
else
    cat "$work/apt.log"
    echo "FAIL apt-get remove"
    failures=$((failures + 1))
fi
check "sockeye is gone" test ! -e /usr/bin/sockeye

if [[ $failures -gt 0 ]]; then
    echo "test_deb: $failures check(s) failed"
    exit 1
fi
echo "test_deb: the package installs, runs and is removed cleanly"
