#!/usr/bin/env python3
"""Differential check of planlint's built-in pack against reference.py.

Usage: compare.py PLANLINT AS_OF FILE...
Prints each (file, rule, pointer, waived) that only one side reports, then
the totals; exits 1 when they differ. To fuzz:
  for i in $(seq 1 500); do tools/conformance/fuzz_plans.py $i > /tmp/p$i.json; done
  tools/conformance/compare.py build/cli/planlint 2027-01-15 /tmp/p*.json
"""
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = "DOC,TPL,DAT,POC,TSK,SCH,CON,SYS,GLO,SEC,SUP,ISS,SIT,RSK,ACC,WVR"


def main():
    planlint, as_of, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    out = subprocess.run([planlint, "check", "--format", "json", "--no-config", "--select", RULES,
                          "--as-of", as_of] + files, capture_output=True, text=True)
    report = json.loads(out.stdout)
    ours = collections.Counter(f"{f['file']}\t{f['rule']}\t{f['pointer']}\t{int(f['waived'])}"
                               for f in report["findings"])
    ref = subprocess.run([sys.executable, os.path.join(HERE, "reference.py"), as_of] + files,
                         capture_output=True, text=True)
    if ref.returncode != 0:
        sys.stderr.write(ref.stderr)
        return 2
    theirs = collections.Counter(line for line in ref.stdout.splitlines() if line)
    for k, v in sorted((ours - theirs).items()):
        print("planlint only", v, k)
    for k, v in sorted((theirs - ours).items()):
        print("reference only", v, k)
    print("planlint", sum(ours.values()), "reference", sum(theirs.values()))
    return 0 if ours == theirs else 1


if __name__ == "__main__":
    sys.exit(main())
