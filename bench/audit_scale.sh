#!/usr/bin/env bash
# The audit at scale (docs/performance.md, "Audit"): generates COUNT plans of
# mixed sizes with planlint_generate_plans (the same files every time), then
# runs `planlint audit` over them on 1 and 2 cores, writing the JSON and HTML
# reports, and prints wall time, CPU time, throughput and peak RSS (GNU time).
# Each setting runs REPEAT times (default 3); the fastest run is shown.
#
#   bench/audit_scale.sh [COUNT] [BUILD_DIR]     (defaults: 10000 build)
#
# Plans go to $PLANLINT_BENCH_DIR (default /tmp/planlint-audit-scale)/COUNT.
# A measurement, not a test: it never fails on time.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
build="${2:-build}"
repeat="${REPEAT:-3}"
root="${PLANLINT_BENCH_DIR:-/tmp/planlint-audit-scale}"
dir="$root/$count"
out="$root/out"
planlint="$build/cli/planlint"
generate="$build/bench/planlint_generate_plans"
for tool in "$planlint" "$generate"; do
  [ -x "$tool" ] || { echo "missing $tool: build first (cmake --build $build)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }
mkdir -p "$out"
last="$dir/$(printf 'plan-%05d.json' "$count")"
if [ ! -f "$last" ]; then
  rm -rf "$dir"
  "$generate" "$dir" "$count"
fi
bytes=$(cat "$dir"/*.json | wc -c)
echo "plans: $count in $dir, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1048576 }')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-5s %9s %9s %11s %10s %12s %s\n' jobs "wall s" "cpu s" "plans/s" "MB/s" "peak RSS MB" "(best of $repeat)"
for jobs in 1 2; do
  best=""
  for _ in $(seq "$repeat"); do
    /usr/bin/time -v "$planlint" audit "$dir" --as-of 2027-01-15 --quiet --jobs "$jobs" \
      --json "$out/audit.json" --html "$out/report.html" 2> "$out/time.txt" || true
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
             for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$out/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$out/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 / 1024 }' "$out/time.txt")
    if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$wall $cpu $rss"
    fi
  done
  read -r wall cpu rss <<< "$best"
  awk -v j="$jobs" -v w="$wall" -v c="$cpu" -v r="$rss" -v n="$count" -v b="$bytes" 'BEGIN {
    printf "%-5d %9.2f %9.2f %11.0f %10.1f %12.0f\n", j, w, c, n / w, b / 1048576 / w, r }'
done
echo "reports: $(du -h "$out/audit.json" | cut -f1) JSON, $(du -h "$out/report.html" | cut -f1) HTML"
