#!/usr/bin/env bash
# Differential check of two planlint builds: the findings, messages, positions
# and audit of BASELINE and CANDIDATE must be byte-identical. Run it before
# merging any change to the engine or the pack that is meant to keep results
# (a speed-up, a refactoring); a change of results shows as a diff to review.
#
#   tools/diffcheck.sh BASELINE CANDIDATE [CORPUS_DIR]
#     BASELINE, CANDIDATE  two planlint binaries (copy the baseline aside
#                          before rebuilding: cp build/cli/planlint /tmp/base)
#     CORPUS_DIR           where the plans are written (default: a new
#                          temporary folder, removed at the end)
#
# The corpus: 400 hostile plans (tools/conformance/fuzz_plans.py), 300
# generated portfolio plans (planlint_generate_plans, built on demand), the
# bundled examples and every golden fixture plan. Compared: `check --format
# json` at two dates (one before most schedules, one after), `check` as text,
# and `audit --json` of the whole corpus. Prints OK or the first lines of the
# difference, and exits 1 when anything differs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 2 ]; then sed -n '6,11p' "$0" >&2; exit 2; fi
base="$(realpath "$1")"
cand="$(realpath "$2")"
if [ $# -ge 3 ]; then
  corpus="$3"
  mkdir -p "$corpus"
  keep=1
else
  corpus="$(mktemp -d)"
  keep=0
fi
out="$(mktemp -d)"
cleanup() {
  rm -rf "$out"
  if [ "$keep" = 0 ]; then rm -rf "$corpus"; fi
}
trap cleanup EXIT

if [ ! -f "$corpus/.complete" ]; then
  mkdir -p "$corpus/fuzz" "$corpus/generated" "$corpus/fixtures"
  for i in $(seq 1 400); do
    python3 tools/conformance/fuzz_plans.py "$i" > "$corpus/fuzz/p$i.json"
  done
  generator=build/bench/planlint_generate_plans
  if [ ! -x "$generator" ]; then
    cmake --build build --target planlint_generate_plans > /dev/null
  fi
  "$generator" "$corpus/generated" 300 7 > /dev/null 2>&1
  cp -r examples "$corpus/examples"
  find tests/fixtures -name '*.json' -print0 | while IFS= read -r -d '' f; do
    cp "$f" "$corpus/fixtures/$(echo "${f#tests/fixtures/}" | tr / _)"
  done
  touch "$corpus/.complete"
fi

# One JSON value per line, without the audit's run time, so that a diff
# shows the finding that differs.
normalize() {
  python3 -c '
import json, sys
text = open(sys.argv[1]).read()
try:
    value = json.loads(text)
except ValueError:
    sys.stdout.write(text)
    sys.exit()
if isinstance(value, dict):
    value.pop("seconds", None)
json.dump(value, sys.stdout, indent=1, ensure_ascii=False)
' "$1" > "$1.n"
  mv "$1.n" "$1"
}

status=0
compare() {
  local name="$1"
  shift
  # Exit codes are compared too: 0, 1 (findings) or 2 (input errors).
  local rc_base=0 rc_cand=0
  (cd "$corpus" && "$base" "$@") > "$out/$name.base" 2>&1 || rc_base=$?
  (cd "$corpus" && "$cand" "$@") > "$out/$name.cand" 2>&1 || rc_cand=$?
  normalize "$out/$name.base"
  normalize "$out/$name.cand"
  if [ "$rc_base" != "$rc_cand" ]; then
    echo "$name: exit code $rc_base (baseline) against $rc_cand (candidate)"
    status=1
  elif ! cmp -s "$out/$name.base" "$out/$name.cand"; then
    echo "$name: output differs"
    diff "$out/$name.base" "$out/$name.cand" | head -20 | cut -c1-300
    status=1
  else
    echo "$name: OK ($(wc -l < "$out/$name.base") lines)"
  fi
}

compare json-2026 check --no-config --format json --as-of 2026-03-02 .
compare json-2028 check --no-config --format json --as-of 2028-06-30 .
compare text check --no-config --as-of 2027-01-15 .
compare audit audit --quiet --as-of 2027-01-15 --json /dev/stdout generated
exit "$status"
