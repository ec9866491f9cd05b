#!/usr/bin/env bash
# Builds the libFuzzer targets with clang in build/fuzz and runs each for a bounded time,
# starting from the seed corpus in tests/fuzz/corpus/<target>/. Exits non-zero on a finding.
#   scripts/fuzz.sh             every target, 20 s each
#   scripts/fuzz.sh 60          every target, 60 s each
#   scripts/fuzz.sh 60 fuzz_framer
# Findings (crash-*, leak-*, timeout-*) are written to build/fuzz/findings/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"
shift || true

# clang and its runtime libraries (libFuzzer, ASan, UBSan), only if missing.
missing=()
for p in clang libclang-rt-14-dev; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if [[ ${#missing[@]} -gt 0 ]]; then
    echo "fuzz: installing ${missing[*]}" >&2
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "fuzz: need root to install ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build=build/fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSOCKEYE_FUZZ=ON -DBUILD_TESTING=ON -DSOCKEYE_BUILD_GUI=OFF -DSOCKEYE_BUILD_CLI=OFF \
    >/dev/null
cmake --build "$build" --target sockeye_fuzzers

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=()
    for dir in tests/fuzz/corpus/*/; do
        targets+=("$(basename "$dir")")
    done
fi

status=0
for target in "${targets[@]}"; do
    exe="$build/tests/fuzz/$target"
    [[ -x "$exe" ]] || { echo "fuzz: no such target: $target" >&2; status=1; continue; }
    seeds="tests/fuzz/corpus/$target"
    # New inputs go to a scratch corpus so the committed seeds stay small and reviewed.
    work="$build/corpus/$target"
    findings="$build/findings/$target"
    mkdir -p "$work" "$findings"
    echo "fuzz: $target for ${seconds}s"
    if ! ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
         UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
         "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
             -artifact_prefix="$findings/" "$work" "$seeds" >"$build/$target.log" 2>&1; then
        echo "fuzz: $target FOUND A PROBLEM; the input is in $findings/" >&2
        tail -n 40 "$build/$target.log" >&2
        status=1
    else
        grep -E "^stat::number_of_executed_units|^Done" "$build/$target.log" | sed "s/^/fuzz: $target: /" || true
    fi
done
exit $status
