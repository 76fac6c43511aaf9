#!/usr/bin/env python3
"""Summarizes bench/run_all.sh's results as ratios against baselines of the same run.

    bench/summarize.py PACK_JSON CHECK_JSON [PROCESS_JSON]

PACK_JSON and CHECK_JSON are Google Benchmark JSON files (--benchmark_out),
ideally with repetitions (the median is used when present). PROCESS_JSON is
bench/process_timing.sh --json output. Times are CPU times; MB is 10^6 bytes.
"""

import json
import sys

# Targets from issue 2 ("Speed").
PACK_TARGET_MS = 5.0
CHECK_TARGET_MBPS = 300.0
CHECK_TARGET_RATIO = 6.0
PROCESS_TARGET_MS = 10.0

UNIT_TO_SECONDS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def load(path):
    """Benchmark name -> (cpu seconds, counters): the median when repeated."""
    with open(path) as f:
        data = json.load(f)
    runs = {}
    medians = {}
    for b in data["benchmarks"]:
        name = b.get("run_name", b["name"])
        seconds = b["cpu_time"] * UNIT_TO_SECONDS[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = (seconds, b)
        else:
            runs.setdefault(name, (seconds, b))
    runs.update(medians)
    return data.get("context", {}), runs


def verdict(ok):
    return "met" if ok else "NOT met"


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    context, pack = load(argv[1])
    _, check = load(argv[2])

    print("Machine: %s CPUs at %s MHz, load average %s (from Google Benchmark's context)"
          % (context.get("num_cpus", "?"), context.get("mhz_per_cpu", "?"),
             ", ".join("%.2f" % x for x in context.get("load_avg", []))))
    print()
    print("Pack start-up (built-in imp pack, CPU time):")
    rows = [("BM_PackReadYaml", "read embedded YAML (yaml-cpp, old)"),
            ("BM_PackDecode", "decode precompiled PackSpec (now)"),
            ("BM_PackCompile", "compile PackSpec -> RulePack"),
            ("BM_PackLoadAndCompile", "YAML + compile (old cold start)"),
            ("BM_PackDecodeAndCompile", "decode + compile (cold start now)"),
            ("BM_PackBuiltinOverride", "RulePack::Builtin with an override")]
    for name, label in rows:
        if name in pack:
            print("  %-38s %8.2f ms" % (label, pack[name][0] * 1e3))
    for old, new, label in [("BM_PackReadYaml", "BM_PackDecode", "load"),
                            ("BM_PackLoadAndCompile", "BM_PackDecodeAndCompile", "cold start")]:
        if old in pack and new in pack:
            print("  %s: old / now = %.1fx" % (label, pack[old][0] / pack[new][0]))
    cold = "BM_PackDecodeAndCompile" if "BM_PackDecodeAndCompile" in pack else "BM_PackLoadAndCompile"
    if cold in pack:
        ms = pack[cold][0] * 1e3
        print("  target: load + compile under %.0f ms: %s (%.2fx the target)"
              % (PACK_TARGET_MS, verdict(ms < PACK_TARGET_MS), ms / PACK_TARGET_MS))
    print()

    print("Whole imp pack on generated plans (CPU time per plan; MB/s of plan text).")
    print("simdjson = simdjson's DOM parse alone (the baseline); Plan = PlanParser::Parse")
    print("(simdjson + building planlint's Plan); check = the pack on a parsed Plan.")
    cols = ("plan", "simdjson", "Plan", "check", "Plan+check", "simdjson", "check",
            "Plan+check", "check/simdjson", "check/Plan")
    print("  %-9s %9s %9s %9s %11s %9s %9s %11s %15s %11s" % cols)
    print("  %-9s %9s %9s %9s %11s %9s %9s %11s %15s %11s"
          % ("", "us", "us", "us", "us", "MB/s", "MB/s", "MB/s", "", ""))
    sizes = sorted({int(n.split("/")[1]) for n in check if n.startswith("BM_Parse/")})
    at_60k = None
    for size in sizes:
        raw = check.get("BM_SimdjsonParse/%d" % size)
        parse = check.get("BM_Parse/%d" % size)
        chk = check.get("BM_Check/%d" % size)
        text = check.get("BM_CheckText/%d" % size)
        if not (raw and parse and chk and text):
            continue
        nbytes = parse[1].get("plan_bytes", size)
        mbps = [nbytes / t[0] / 1e6 for t in (raw, chk, text)]
        print("  %-9s %9.1f %9.1f %9.1f %11.1f %9.0f %9.1f %11.1f %14.1fx %10.1fx"
              % ("%d B" % nbytes, raw[0] * 1e6, parse[0] * 1e6, chk[0] * 1e6, text[0] * 1e6,
                 mbps[0], mbps[1], mbps[2], chk[0] / raw[0], chk[0] / parse[0]))
        if size == 60000:
            at_60k = (mbps[1], chk[0] / raw[0], chk[0] / parse[0], text[0] / raw[0])
    if at_60k:
        print("  target on 60 KB: check >= %.0f MB/s: %s (%.1f MB/s, %.1fx short)"
              % (CHECK_TARGET_MBPS, verdict(at_60k[0] >= CHECK_TARGET_MBPS), at_60k[0],
                 CHECK_TARGET_MBPS / at_60k[0]))
        print("  target on 60 KB: check <= %.0fx simdjson's parse: %s (%.1fx; %.1fx the Plan "
              "parse; Plan+check is %.1fx simdjson)"
              % (CHECK_TARGET_RATIO, verdict(at_60k[1] <= CHECK_TARGET_RATIO), at_60k[1],
                 at_60k[2], at_60k[3]))
    print()

    if len(argv) == 4:
        with open(argv[3]) as f:
            p = json.load(f)
        print("Whole process (median wall time of %d runs with %s, plan of %d bytes;"
              " CPU = user + system):" % (p["runs"], p["tool"], p["plan_bytes"]))

        def cpu(key):
            v = p.get(key)
            return "%8.2f ms CPU" % v if v is not None else ""

        print("  %-22s %8.2f ms wall %s" % ("/bin/true", p["true_ms"], cpu("true_cpu_ms")))
        print("  %-22s %8.2f ms wall %s  %5.1fx /bin/true"
              % ("planlint --version", p["version_ms"], cpu("version_cpu_ms"),
                 p["version_ms"] / p["true_ms"]))
        print("  %-22s %8.2f ms wall %s  %5.1fx /bin/true, %.1fx --version"
              % ("planlint check PLAN", p["check_ms"], cpu("check_cpu_ms"),
                 p["check_ms"] / p["true_ms"], p["check_ms"] / p["version_ms"]))
        print("  target: check under %.0f ms: %s" % (PROCESS_TARGET_MS,
                                                   verdict(p["check_ms"] < PROCESS_TARGET_MS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
