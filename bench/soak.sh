#!/usr/bin/env bash
# The fault suite (tests/faults) at soak size: 100,000 connect/send/close cycles, 10,000 idle
# connections, 32 MiB each way through the lossy link, 256 MiB to half-closing peers, 1 GiB to a client
# that does not read. Prints each case's figures (RSS, bytes, SHA-256 match, what the impaired
# link dropped and reordered). Needs root (network namespaces) and a built tree:
#   bench/soak.sh [BUILD_DIR]      default: build/default (cmake --preset default first)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/default}"
cmake --build "$build" >/dev/null
SOCKEYE_SOAK=1 ctest --test-dir "$build" -L faults --output-on-failure --timeout 3600 -V |
    grep -E "QINFO|PASS|FAIL|SKIP|tests passed|Totals"
