#!/usr/bin/env bash
# Installs what Sockeye needs on Debian 12 / Ubuntu, with apt-get, only when something is missing.
#   scripts/setup.sh          build dependencies (compiler tools, Qt 6)
#   scripts/setup.sh --test   also the peers and tools the tests use (socat, ncat, tshark, Xvfb...)
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config ccache
          qt6-base-dev qt6-base-dev-tools libqt6core5compat6-dev qt6-tools-dev qt6-tools-dev-tools
          qt6-l10n-tools qt6-svg-dev libqt6svg6 qt6-qpa-plugins libgl-dev
          libssl-dev)
if [[ "${1:-}" == "--test" ]]; then
    packages+=(socat ncat python3 iproute2 util-linux xvfb xauth imagemagick clang clang-format libclang-rt-14-dev tshark)
    packages+=(iptables libnetfilter-queue-dev) # the fault suite's impaired link (nfqimpair)
    packages+=(openssl) # TLS peers: openssl s_server and s_client
    packages+=(appstream desktop-file-utils qt6-translations-l10n) # packaging and i18n tests
    # A Modbus client we did not write, for the workspace example (Debian's pymodbus needs
    # serial-asyncio but does not depend on it). Tests run it with /usr/bin/python3.
    packages+=(python3-pymodbus python3-serial-asyncio)
    # The app driven through its accessibility tree (tests/e2e/a11y): AT-SPI, its python
    # bindings, a D-Bus session and xdotool for real clicks and keys.
    packages+=(at-spi2-core python3-pyatspi dbus xdotool)
fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null; then
        sudo=(sudo)
    else
        echo "setup: these packages are missing and I am not root: ${missing[*]}" >&2
        echo "setup: install them with: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
"${sudo[@]}" apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
