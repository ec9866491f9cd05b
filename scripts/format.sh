#!/usr/bin/env bash
# Formats the C++ sources with the repository's .clang-format.
#   scripts/format.sh [FILE...]           rewrite the files (default: every source) in place
#   scripts/format.sh --check [FILE...]   change nothing; list what is not formatted and fail
#                                         (ctest runs this)
set -euo pipefail
check=false
if [[ "${1:-}" == "--check" ]]; then
    check=true
    shift
fi
files=()
for f in "$@"; do
    case "$f" in
    *.cpp | *.h) files+=("$(realpath "$f")") ;; # named from where the script was called
    *) echo "format: skipping $f: only C++ sources (.cpp, .h) are formatted" >&2 ;;
    esac
done
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
    echo "format: clang-format is not installed; run scripts/setup.sh --test" >&2
    exit 2
fi
if [[ ${#files[@]} -eq 0 ]]; then
    mapfile -t files < <(find src tests bench -name '*.cpp' -o -name '*.h' | sort)
fi
if ! $check; then
    clang-format -i "${files[@]}"
    exit 0
fi
# One run over every file; its diagnostics start with the file's name.
if ! report=$(clang-format --dry-run "${files[@]}" 2>&1); then
    echo "format: clang-format failed:" >&2
    echo "$report" >&2
    exit 2
fi
mapfile -t bad < <(echo "$report" | grep -o '^[^:]*:[0-9]*:[0-9]*: warning' | cut -d: -f1 | sort -u)
if [[ ${#bad[@]} -gt 0 ]]; then
    echo "format: ${#bad[@]} file(s) differ from .clang-format (clang-format $(clang-format --version | grep -o '[0-9][0-9.]*' | head -1)):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "format: run scripts/format.sh to fix them" >&2
    exit 1
fi
echo "format: ${#files[@]} files match .clang-format"
