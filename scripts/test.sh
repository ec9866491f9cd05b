#!/usr/bin/env bash
# Builds Sockeye and runs the whole test suite with ctest (installing what is missing).
#   scripts/test.sh            the default build
#   scripts/test.sh ci         warnings are errors
#   scripts/test.sh asan       AddressSanitizer + UndefinedBehaviorSanitizer
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
scripts/setup.sh --test
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
ctest --preset "$preset" -j "$(nproc)"
