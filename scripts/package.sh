#!/usr/bin/env bash
# Builds the Debian package: build/package/sockeye_<version>_<arch>.deb (CPack; binaries stripped).
#   scripts/package.sh          build the .deb and show its control data and contents
#   scripts/package.sh --test   also install it with apt, run it, and remove it again (needs root;
#                               tests/packaging/test_deb.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
test_after=0
[[ "${1:-}" == "--test" ]] && test_after=1

scripts/setup.sh
# dpkg-shlibdeps (dpkg-dev) turns the libraries the binaries link into Debian dependencies;
# CPack strips with binutils and reads file types with file. For --test: Xvfb and X tools.
needed=(dpkg-dev file binutils)
if [[ $test_after -eq 1 ]]; then
    needed+=(xvfb xauth x11-utils imagemagick desktop-file-utils)
fi
missing=()
for p in "${needed[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "package: installing ${missing[*]}" >&2
    sudo=()
    [[ $(id -u) -ne 0 ]] && sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
fi

build=build/package
# SOCKEYE_PACKAGE_CMAKE_ARGS: extra configure options (CI passes its own so ccache can reuse the
# objects of its test build).
# shellcheck disable=SC2086
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
    ${SOCKEYE_PACKAGE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build"
rm -f "$build"/sockeye_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls "$build"/sockeye_*.deb)
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb" | awk '{print $6}'
echo "package: $deb"

if [[ $test_after -eq 1 ]]; then
    tests/packaging/test_deb.sh "$deb"
fi
