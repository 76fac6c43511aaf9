#!/usr/bin/env bash
# Builds Release and runs every benchmark: pack start-up (pack_bench), the
# whole pack against parse alone (check_bench) and whole-process timing
# (process_timing.sh), then prints a summary with ratios against the
# baselines measured in the same run (bench/summarize.py). See
# docs/performance.md.
#
#   bench/run_all.sh [--build DIR] [--quick] [--per-rule]
#     --build DIR  build directory (default: build)
#     --quick      fewer repetitions and process runs (a smoke run)
#     --per-rule   also time every rule alone on the 60 KB plan
# Results (JSON and text) are left in DIR/bench-results/.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
reps=5
runs=200
per_rule=0
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --quick) reps=1; runs=30; shift ;;
    --per-rule) per_rule=1; shift ;;
    *) echo "usage: bench/run_all.sh [--build DIR] [--quick] [--per-rule]" >&2; exit 2 ;;
  esac
done

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLANLINT_BUILD_BENCH=ON > /dev/null
cmake --build "$build" -j"$(nproc)" --target planlint planlint_generate_plans pack_bench check_bench

out="$build/bench-results"
mkdir -p "$out"

{
  echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
} | tee "$out/machine.txt"
echo

bench_args=(--benchmark_repetitions="$reps" --benchmark_out_format=json)
if [ "$reps" -gt 1 ]; then bench_args+=(--benchmark_report_aggregates_only=true); fi

echo "== pack_bench"
"$build/bench/pack_bench" "${bench_args[@]}" --benchmark_out="$out/pack.json"
echo "== check_bench"
"$build/bench/check_bench" "${bench_args[@]}" --benchmark_out="$out/check.json"
if [ "$per_rule" = 1 ]; then
  echo "== check_bench --per_rule"
  "$build/bench/check_bench" --per_rule --benchmark_filter='BM_CheckRule' \
    --benchmark_out_format=json --benchmark_out="$out/per_rule.json"
fi
echo "== process_timing"
bench/process_timing.sh --build "$build" --runs "$runs" --json "$out/process.json"

echo
echo "================ Summary ================"
cat "$out/machine.txt"
echo
python3 bench/summarize.py "$out/pack.json" "$out/check.json" "$out/process.json" |
  tee "$out/summary.txt"
