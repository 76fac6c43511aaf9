#!/usr/bin/env bash
# Whole-process timing of `planlint check` on one ~30 KB plan, against
# baselines measured in the same run:
#   true      /bin/true: the cost of starting any process at all
#   version   planlint --version: starting planlint (dynamic linking, static
#             initialisers) without loading the rule pack or reading a plan
#   check     planlint check --as-of 2026-03-02 PLAN (target: under 10 ms)
# Each command runs many times; the median is reported. Uses hyperfine
# (installed from Debian when missing and possible), else a loop timed with
# `date +%s%N`.
#
#   bench/process_timing.sh [--build DIR] [--runs N] [--json FILE] [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
runs=200
json=""
install=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    --no-install) install=0; shift ;;
    *) echo "usage: bench/process_timing.sh [--build DIR] [--runs N] [--json FILE] [--no-install]" >&2; exit 2 ;;
  esac
done

planlint="$build/cli/planlint"
generator="$build/bench/planlint_generate_plans"
for exe in "$planlint" "$generator"; do
  if [ ! -x "$exe" ]; then
    echo "process_timing: $exe is missing; build first (bench/run_all.sh does)" >&2
    exit 1
  fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
plan="$work/plan.json"
"$generator" --size 30000 7 > "$plan"
bytes=$(wc -c < "$plan")

if ! command -v hyperfine > /dev/null && [ "$install" = 1 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo -n"; fi
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get install -y -qq --no-install-recommends hyperfine ||
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends hyperfine; }
  } > /dev/null 2>&1 || echo "process_timing: could not install hyperfine; timing with a shell loop" >&2
fi

names=(true version check)
cmds=("/bin/true" "$planlint --version" "$planlint check --as-of 2026-03-02 $plan")

# Median wall time of one command in milliseconds.
median_ms() {
  local cmd="$1"
  if command -v hyperfine > /dev/null; then
    # -N: no intermediate shell; -i: `check` exits 1 when a plan has errors.
    hyperfine -N -i --style none --warmup 10 --runs "$runs" --export-json "$work/h.json" "$cmd" \
      > /dev/null 2>&1
    # Median wall time, and mean user + system CPU time (hyperfine keeps no
    # per-run CPU times): on a loaded machine the CPU time is steadier.
    python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f" % (r["median"] * 1e3, (r["user"] + r["system"]) * 1e3))' "$work/h.json"
  else
    local i t0 t1
    # shellcheck disable=SC2086  # the command is split into words on purpose
    for ((i = 0; i < 10; i++)); do $cmd > /dev/null 2>&1 || true; done
    : > "$work/times"
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N)
      # shellcheck disable=SC2086
      $cmd > /dev/null 2>&1 || true
      t1=$(date +%s%N)
      echo $((t1 - t0)) >> "$work/times"
    done
    sort -n "$work/times" | awk '{ t[NR] = $1 } END {
      m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f nan\n", m / 1e6 }'
  fi
}

tool=loop
if command -v hyperfine > /dev/null; then tool=hyperfine; fi
declare -A ms cpu
for i in "${!names[@]}"; do
  read -r ms[${names[$i]}] cpu[${names[$i]}] < <(median_ms "${cmds[$i]}")
done

echo "Whole process, median wall time of $runs runs ($tool), plan of $bytes bytes:"
for n in "${names[@]}"; do
  printf '  %-8s %8.3f ms wall  %8s ms CPU (user + system, mean)\n' "$n" "${ms[$n]}" "${cpu[$n]}"
done
awk -v c="${ms[check]}" -v t="${ms[true]}" -v v="${ms[version]}" 'BEGIN {
  printf "  check = %.1fx /bin/true, %.1fx planlint --version; check - --version = %.3f ms\n",
         c / t, c / v, c - v
  printf "  target: check under 10 ms: %s\n", (c < 10 ? "met" : "NOT met") }'

if [ -n "$json" ]; then
  printf '{"tool": "%s", "runs": %s, "plan_bytes": %s, "true_ms": %s, "version_ms": %s, "check_ms": %s, ' \
    "$tool" "$runs" "$bytes" "${ms[true]}" "${ms[version]}" "${ms[check]}" > "$json"
  printf '"true_cpu_ms": %s, "version_cpu_ms": %s, "check_cpu_ms": %s}\n' \
    "${cpu[true]/nan/null}" "${cpu[version]/nan/null}" "${cpu[check]/nan/null}" >> "$json"
fi
