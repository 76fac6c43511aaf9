#!/usr/bin/env bash
# Instructions per plan, counted by callgrind: the figure docs/performance.md
# compares builds by, because timings on a shared virtual machine move by half
# from one run to the next while instruction counts do not.
#
#   bench/instructions.sh [--binary PATH] [--size BYTES] [--iterations N]
#                         [--rules IDS] [MODE...]
#     --binary      planlint_profile_check to measure
#                   (default: build/bench/planlint_profile_check)
#     --size        generated plan size in bytes (default: 60000)
#     --iterations  N (default: 20)
#     --rules       only these rules (comma-separated ids), as profile_check takes
#     MODE          json, parse, check or text (default: json check text)
#
# For each mode, callgrind runs the program with N iterations and with none;
# the difference divided by N is the cost of one plan, without the start-up
# (loading and compiling the pack, generating the plan). Prints one line per
# mode, then the ratios of check and text to json (simdjson's parse alone).
set -euo pipefail
cd "$(dirname "$0")/.."

binary=build/bench/planlint_profile_check
size=60000
iterations=20
rules=
modes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --rules) rules="$2"; shift 2 ;;
    json|parse|check|text) modes+=("$1"); shift ;;
    *) sed -n '7,14p' "$0" >&2; exit 2 ;;
  esac
done
if [ ${#modes[@]} -eq 0 ]; then modes=(json check text); fi
if ! command -v valgrind > /dev/null; then
  echo "bench/instructions.sh needs valgrind (apt-get install valgrind)" >&2
  exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Total instructions of one run, from callgrind's summary line.
count() {
  local args=("$binary" "$size" "$1" "$2")
  if [ -n "$rules" ]; then args+=("$rules"); fi
  valgrind --tool=callgrind --callgrind-out-file="$tmp/out" "${args[@]}" \
    > /dev/null 2> "$tmp/log"
  sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$tmp/log"
}

declare -A per_plan
for mode in "${modes[@]}"; do
  with="$(count "$iterations" "$mode")"
  without="$(count 0 "$mode")"
  per_plan[$mode]=$(( (with - without) / iterations ))
  printf '%-6s %10d instructions per plan\n' "$mode" "${per_plan[$mode]}"
done
if [ -n "${per_plan[json]:-}" ]; then
  for mode in check text; do
    if [ -n "${per_plan[$mode]:-}" ]; then
      awk -v a="${per_plan[$mode]}" -v b="${per_plan[json]}" -v m="$mode" \
        'BEGIN { printf "%s / json: %.2fx\n", m, a / b }'
    fi
  done
fi
