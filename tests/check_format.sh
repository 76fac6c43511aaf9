#!/usr/bin/env bash
# The project's C++ follows .clang-format: lists every file that does not and
# fails. Fix with: clang-format -i FILE (or tests/check_format.sh --fix).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format > /dev/null || { echo "clang-format is missing (.ci/setup installs it)" >&2; exit 1; }
if [ -d .git ] || [ -f .git ]; then
  mapfile -t files < <(git ls-files -- 'core/*.cc' 'core/*.h' 'cli/*.cc' 'cli/*.h' 'bindings/*.cc' \
    'bindings/*.h' 'bench/*.cc' 'bench/*.h' 'tests/unit/*.cc' 'tests/unit/*.h')
else
  mapfile -t files < <(find core cli bindings bench tests/unit -name '*.cc' -o -name '*.h' | sort)
fi
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One clang-format process for all files; its warnings start "FILE:LINE:COL:".
if ! out="$(clang-format --dry-run -Werror "${files[@]}" 2>&1)"; then
  printf '%s\n' "$out" | grep -oE '^[^:]+\.(cc|h):[0-9]+:[0-9]+' | cut -d: -f1 | sort -u |
    sed 's/^/not clang-formatted: /' >&2
  exit 1
fi
echo "${#files[@]} files follow .clang-format"
