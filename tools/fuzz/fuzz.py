#!/usr/bin/env python3
"""Fuzz driver for planlint: byte-level and structure-aware mutations of plans,
hostile rule packs and expressions, run through check/audit/eval. Reports
crashes (signals, sanitizer reports), hangs, bad exit codes, input errors
without FILE:LINE:COL, changed inputs, bad output documents and large RSS.
Usage: fuzz.py --planlint BIN --seconds N [--seed S] [--out DIR]"""
import argparse, hashlib, json, os, random, re, shutil, subprocess, sys, time
import xml.etree.ElementTree as ET

ap = argparse.ArgumentParser()
ap.add_argument("--planlint", required=True)
ap.add_argument("--seconds", type=float, default=600)
ap.add_argument("--seed", type=int, default=int(time.time()))
ap.add_argument("--out", default="/tmp/fuzz/out")
ap.add_argument("--timeout", type=float, default=20)
ap.add_argument("--repo", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
ap.add_argument("--kinds", default="")
A = ap.parse_args()
R = random.Random(A.seed)
WORK = os.path.join(A.out, "work")
CRASH = os.path.join(A.out, "findings")
os.makedirs(WORK, exist_ok=True); os.makedirs(CRASH, exist_ok=True)
ENV = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:allocator_may_return_null=1",
           UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
SEEDS = []
for d, _, fs in os.walk(os.path.join(A.repo, "examples")):
    for f in fs:
        if f.endswith(".json"): SEEDS.append(open(os.path.join(d, f), "rb").read())
GOOD = open(os.path.join(A.repo, "examples/draft/permit-portal-draft.json"), "rb").read()
FP = os.path.join(A.repo, "tools/conformance/fuzz_plans.py")
for s in range(8):
    SEEDS.append(subprocess.run([sys.executable, FP, str(s)], capture_output=True).stdout)

# ---------- values ----------
ODD_STR = ["", " ", "\u00a0", "\u0000", "\ud7ff", "\ufeff", "\u2028x\u2029", "e\u0301", "\u212a",
           "ß", "ẞ", "İ", "ı", "ﬀ", "\U0001F600", "XX/XX/XXXX", "TBD", "[Name]", "%s%n", "{id}",
           "{", "}", "${x}", "\\", "\"", "/", "~0~1", "/schedule/0", "#", "../../etc/passwd"]
ODD_DATES = ["2027-01-15", "2027-02-29", "2028-02-29", "0000-01-01", "0001-01-01", "9999-12-31",
             "10000-01-01", "-2027-01-01", "2027-1-5", "2027-01-05T00:00", " 2027-01-05", "2027-01-05 ",
             "02/30/2027", "13/01/2027", "01/01/0000", "00/00/0000", "XX/XX/XXXX", "2027-00-00",
             "２０２７-01-01", "2027\u201001\u201001", "2027-01-0\u0661", "99999999999-01-01",
             "2027-02-31", "1900-02-29", "2000-02-29", "2027/01/15", "", "2027-01-15\u0000"]
ODD_PATHS = ["", " ", "/", "//", "/schedule", "/schedule/0", "/schedule/-1", "/schedule/99999999999999999999",
             "/~", "/~2", "/~0~1", "schedule", "#/schedule", "/sch\u00e9dule", "/\u0000", "/" + "a/" * 5000]
ODD_RULES = ["SCH001", "sch001", "undated-task", "", "WVR001", "*", "SCH", "S", "DOC007", "x" * 10000]

def rand_scalar(depth=0):
    c = R.random()
    if c < 0.3: return R.choice(ODD_STR)
    if c < 0.45: return R.choice(ODD_DATES)
    if c < 0.6: return R.choice([0, -0.0, 1, -1, 2**63 - 1, -2**63, 2**64 - 1, 1e308, 5e-324, 0.1, 3])
    if c < 0.7: return R.choice([True, False, None])
    if c < 0.8: return "".join(chr(R.choice([R.randint(32, 126), R.randint(0x80, 0x2fff), R.randint(0x10000, 0x10ffff)])) for _ in range(R.randint(0, 30)))
    if c < 0.9 and depth < 4: return [rand_scalar(depth + 1) for _ in range(R.randint(0, 4))]
    if depth < 4: return {R.choice(["id", "date", "x", "depends_on", "name", "role", "é", ""]): rand_scalar(depth + 1) for _ in range(R.randint(0, 4))}
    return "x"

def walk(v, path=()):
    yield path, v
    if isinstance(v, dict):
        for k, x in list(v.items()): yield from walk(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v): yield from walk(x, path + (i,))

def setp(root, path, val):
    if not path: return val
    cur = root
    # An earlier change in the same pass may have replaced a container on
    # the path with a scalar (walk() listed the paths before the changes).
    for p in path[:-1]:
        if not isinstance(cur, (dict, list)): return root
        cur = cur[p]
    if not isinstance(cur, (dict, list)): return root
    cur[path[-1]] = val
    return root

def other_type(v):
    choices = [{}, [], "s", 1, 1.5, None, True, {"a": v}, [v], str(v)[:50]]
    return R.choice(choices)

def nest(n, kind, inner="1"):
    if kind == "obj": return '{"a":' * n + inner + "}" * n
    return "[" * n + inner + "]" * n

def load_seed():
    for _ in range(10):
        try: return json.loads(R.choice(SEEDS))
        except Exception: pass
    return json.loads(GOOD)

def dumps(v):
    return json.dumps(v, ensure_ascii=R.random() < 0.5, indent=R.choice([None, 1, 2])).encode("utf-8", "surrogatepass")

# ---------- byte mutations ----------
BYTE_INS = [b"\x00", b"\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xef\xbb\xbf",
            b"\r", b"\n", b"\r\n", b"\\ud800", b"\\udc00", b"\\ud800\\u0041", b"\\u0000", b"-0", b"1e400",
            b"-1e400", b"1" * 100, b"-" + b"9" * 100, b"1e-400", b"0.0000000000000000000000001e-330",
            b"18446744073709551616", b"-9223372036854775809", b"1.7976931348623157e309", b"NaN", b"Infinity",
            b"\"", b",", b"{", b"}", b"[", b"]", b":", b"\\", b"\t", b"\x0b", b"\xe2\x80\xa8", b"/*c*/", b"//"]

def byte_mutate(data):
    b = bytearray(data)
    for _ in range(R.randint(1, 6)):
        op = R.randrange(10)
        n = len(b)
        p = R.randint(0, n)
        if op == 0 and n: b[min(p, n - 1)] ^= 1 << R.randrange(8)
        elif op == 1: b[p:p] = bytes([R.randrange(256)])
        elif op == 2 and n: del b[p:p + R.randint(1, 50)]
        elif op == 3: del b[R.randint(0, n):]
        elif op == 4 and n:
            q = R.randint(p, min(n, p + 200)); b[p:p] = b[p:q] * R.randint(1, 20)
        elif op == 5: b[p:p] = R.choice(BYTE_INS)
        elif op == 6:
            b = bytearray(re.sub(rb"\n", lambda m: R.choice([b"\r", b"\r\n", b"\n", b"\n\r"]), bytes(b)))
        elif op == 7:
            nums = [m for m in re.finditer(rb"(?<=[:\[,]) ?-?\d+(\.\d+)?([eE][-+]?\d+)?", b)]
            if nums:
                m = R.choice(nums); b[m.start():m.end()] = R.choice(BYTE_INS[14:26])
        elif op == 8:
            strs = [m for m in re.finditer(rb'"[^"\\]{0,40}"', b)]
            if strs:
                m = R.choice(strs); b[m.start() + 1:m.start() + 1] = R.choice(BYTE_INS[:14])
        else:
            b[0:0] = b"\xef\xbb\xbf" if R.random() < 0.7 else b"\xef\xbb\xbf\xef\xbb\xbf"
    return bytes(b)

# ---------- structure mutations ----------
def struct_mutate():
    plan = load_seed()
    k = R.randrange(16)
    if k == 0:
        nodes = list(walk(plan))
        for _ in range(R.randint(1, 5)):
            path, v = R.choice(nodes)
            plan = setp(plan, path, other_type(v))
            nodes = list(walk(plan))
        return dumps(plan), "retype"
    if k == 1:
        nodes = [p for p, v in walk(plan) if isinstance(v, str)] or [("introduction",)]
        plan = setp(plan, R.choice(nodes), R.choice(["x", "é", "XX/XX/XXXX ", " ", "TBD "]) * (1 << 20 // 4))
        return dumps(plan), "longstring"
    if k == 2:
        nodes = [p for p, v in walk(plan) if isinstance(v, list)] or [("schedule",)]
        item = R.choice([1, "x", {}, {"id": "T"}, None, "2027-01-01", {"id": "T1", "depends_on": ["T1"]}])
        plan = setp(plan, R.choice(nodes), [item] * 100000)
        return dumps(plan), "longarray"
    if k == 3:
        n = R.choice([1022, 1023, 1024, 1025, 1026, 3000, 100000])
        kind = R.choice(["obj", "arr"])
        if R.random() < 0.5:
            txt = dumps(plan).decode()
            key = R.choice(['"introduction":', '"schedule":', '"document":', '"waivers":', '"zz":'])
            i = txt.find(key)
            if i < 0: txt = '{"zz":' + nest(n, kind) + "," + txt[1:]
            else:
                j = i + len(key)
                txt = txt[:j] + nest(n, kind) + ", \"zz2\":" + txt[j:]
            return txt.encode(), "deep-field-%d" % n
        return nest(n, kind).encode() if kind == "arr" else ('{"format":"imp/1","x":' + nest(n - 1, "obj") + "}").encode(), "deep-top-%d" % n
    if k == 4:
        key = R.choice(["format", "schedule", "é", "", "id", "\\u0000"])
        n = R.choice([1000, 10000, 100000])
        body = ",".join('"%s":%s' % (key, R.choice(["1", '"x"', "[]", "{}"])) for _ in range(n))
        if R.random() < 0.5:
            return ('{"format":"imp/1","document":{' + body + "}}").encode(), "dupkeys"
        return ('{' + body + ',"format":"imp/1"}').encode(), "dupkeys-top"
    if k == 5:
        n = R.choice([10, 1000, 20000, 100000])
        sched = []
        shape = R.randrange(5)
        for i in range(n):
            deps = []
            if shape == 0: deps = ["T%d" % (i + 1) if i + 1 < n else "T0"]  # one big cycle
            elif shape == 1: deps = ["T%d" % i]  # self
            elif shape == 2: deps = ["T%d" % j for j in range(max(0, i - 20), i)]
            elif shape == 3: deps = ["T0"] * 5 + ["TX%d" % i]
            else: deps = ["T%d" % (i - 1)] if i else []
            sched.append({"id": "T%d" % (i % (n if shape != 3 else max(1, n // 2))), "task": "t", "planned_start": "2027-01-01",
                          "planned_finish": "2027-02-01", "depends_on": deps})
        plan["schedule"] = sched
        return dumps(plan), "tasks-%d-shape%d" % (n, shape)
    if k == 6:
        nodes = list(walk(plan))
        for _ in range(30):
            path, v = R.choice(nodes)
            if path and isinstance(path[-1], str):
                try: setp(plan, path, R.choice(ODD_DATES))
                except Exception: pass
        plan.setdefault("document", {})
        if isinstance(plan["document"], dict): plan["document"]["date"] = R.choice(ODD_DATES)
        return dumps(plan), "dates"
    if k == 7:
        plan["waivers"] = [{"rule": R.choice(ODD_RULES), "path": R.choice(ODD_PATHS + [None, 1, [], {}]),
                            "reason": R.choice(["ok", "", None, 5]), "approved_by": "x",
                            "expires": R.choice(ODD_DATES + [None, 0, []])} for _ in range(R.randint(1, 200))]
        return dumps(plan), "waivers"
    if k == 8:
        nodes = [(p, v) for p, v in walk(plan) if isinstance(v, dict)]
        for _ in range(10):
            p, v = R.choice(nodes)
            v[R.choice(["é", "e\u0301", "\u0000", "\ud800", "a\"b", "/", "~", "\u212a", "𝔁", "\\", "id\u00a0", "ID"])] = rand_scalar()
        return dumps(plan), "unicode-keys"
    if k == 9:
        names = ["Jane Doe", "JANE DOE", "jane\u00a0doe", "Jane Do\u0301e", "ǅane", "ß", "SS", "ẞ", "ﬃ", "İstanbul", "\u212aelvin", "Kelvin",
                 "QA Manager", "Quality Assurance Manager", "qa\u3000manager", "Proj\u0065\u0301ct Manager", "\u0000", "\U0001F600" * 50]
        for p, v in list(walk(plan)):
            if p and p[-1] in ("name", "role", "owner", "approved_by", "verified_by", "author", "contact") and R.random() < 0.7:
                setp(plan, p, R.choice(names))
        plan.setdefault("points_of_contact", [])
        if isinstance(plan["points_of_contact"], list):
            plan["points_of_contact"] += [{"role": R.choice(names), "name": R.choice(names)} for _ in range(50)]
        return dumps(plan), "names"
    if k == 10:
        return b'{"format":"imp/1","schedule":[' + b",".join(b'{"id":"T%d","depends_on":[%s]}' % (i, b",".join(b'"T%d"' % j for j in range(i))) for i in range(R.choice([50, 300, 800]))) + b"]}", "dense-deps"
    if k == 11:
        return R.choice([b"", b" ", b"null", b"[]", b"1", b'"x"', b"{}", b"\xef\xbb\xbf{}", b"{}{}", b"{} x", b"{\"a\":1}\x00",
                         b"\xef\xbb\xbf", b"\xfe\xff{}", b"\xff\xfe{\x00}\x00", b"{" * 5, b'{"a":"\\ud800"}', b'{"a":"\\udc00\\ud800"}',
                         b'{"a":1e400}', b'{"a":-0}', b'{"a":' + b"9" * 400 + b"}", b'{"a":0.' + b"0" * 5000 + b"1}",
                         b'{"\\u0000":1}', b'{"a":"\x01"}', b"\r\r\r{\r\"a\":\r[}", b"\n" * 100000 + b"{,}"]), "tiny"
    if k == 12:
        # many top-level sections of wrong types, and every date field with odd values deep inside unknown keys
        v = rand_scalar()
        for i in range(50):
            v = {R.choice(["deadline", "expires", "start", "finish", "x", "date"]): v, "date": R.choice(ODD_DATES)}
        plan["unknown"] = v
        return dumps(plan), "deep-dates"
    if k == 13:
        n = R.choice([10000, 50000])
        plan["glossary"] = [{"term": "T%d" % (i % 100), "definition": "d"} for i in range(n)]
        plan["points_of_contact"] = [{"role": "R%d" % i, "name": "N%d" % (i % 7), "email": "a@b.co"} for i in range(n // 10)]
        return dumps(plan), "many-entries"
    if k == 14:
        s = "".join(R.choice(["TBD ", "XX/XX/XXXX ", "[Name] ", "API ", "SQL ", "é", "K", "\u212a", "2027-01-01 ", "{", "("]) for _ in range(200000))
        plan["introduction"] = s
        return dumps(plan), "longstring-placeholders"
    plan2 = load_seed()
    nodes = list(walk(plan))
    for _ in range(R.randint(1, 8)):
        p, v = R.choice(nodes)
        if p:
            try: setp(plan, p, R.choice([x for _, x in walk(plan2)]))
            except Exception: pass
    return byte_mutate(dumps(plan)) if R.random() < 0.3 else dumps(plan), "splice"

# ---------- packs ----------
PACK_HEAD = "pack: fz\nextends: imp\n"
def rule(expr_assert, for_="$.schedule[*]", extra=""):
    return ("  - id: FZ%03d\n    name: fz-rule-%d\n    severity: error\n    summary: s\n    description: d\n"
            "    for: %s\n    assert: %s\n    message: m {id}\n%s") % (R.randrange(1000), R.randrange(1000), json.dumps(for_), json.dumps(expr_assert), extra)

def hostile_expr():
    n = R.choice([100, 249, 250, 251, 1000, 10000, 100000])
    c = R.randrange(14)
    if c == 0: return "(" * n + "1" + ")" * n + " == 1"
    if c == 1: return "!" * n + "true"
    if c == 2: return "+".join(["1"] * n) + " > 0"
    if c == 3: return "-" * n + "1 > 0"
    if c == 4: return "size(" * n + "self" + ")" * n + " > 0"
    if c == 5: return "[" * n + "]" * n + " != []"
    if c == 6: return "self" + ".a" * n + " == 1"
    if c == 7: return "nosuchfunction(self) && " + R.choice(["x", "self.y"])
    if c == 8: return "self.id.matches(%s)" % json.dumps(R.choice(["(a*)*b", "(?P<n>", "\\", "[", "a{100000}", "(((a{100}){100}){100})", "\\C", "(?<!x)", "\\1", "x" * 100000, "(" * 1000 + ")" * 1000, "[\\x{110000}]"]))
    if c == 9: return "self.id.matches('a') ? " * min(n, 5000) + "true" + " : false" * min(n, 5000)
    if c == 10: return "true && " * n + "true"
    if c == 11: return "{" + ",".join('"k%d": %d' % (i, i) for i in range(min(n, 20000))) + "}.size() > 0"
    if c == 12: return "'" + "\\u" * 5 + "'" + R.choice(["", " == 'x'", "\\xff", "\\U00110000'"])
    return "self.depends_on.all(x, " * min(n, 3000) + "true" + ")" * min(n, 3000)

def hostile_pack():
    c = R.randrange(14)
    if c == 0 and "bomb" in os.environ.get("FUZZ_SKIP", ""): c = 1
    if c == 0:
        lines = [PACK_HEAD + "options:\n"]
        prev = None
        width = R.choice([5, 10, 20]); depth = R.choice([6, 9, 12])
        for i in range(depth):
            name = "l%d" % i
            items = ",".join(['"xxxxxxxx"'] * width) if prev is None else ",".join(["*" + prev] * width)
            lines.append("  %s: &%s [%s]\n" % (name, name, items)); prev = name
        return "".join(lines), "yaml-bomb-options"
    if c == 1:
        n = R.choice([100, 1000, 5000, 100000])
        return PACK_HEAD + "options:\n  x: " + "[" * n + "]" * n + "\n", "yaml-deep-flow-%d" % n
    if c == 2:
        n = R.choice([100, 500, 3000])
        s = PACK_HEAD + "options:\n"
        for i in range(n): s += "  " * (i + 1) + "k%d:\n" % i
        return s + "  " * (n + 1) + "v\n", "yaml-deep-block-%d" % n
    if c == 3:
        return PACK_HEAD + "rules:\n" + rule(hostile_expr()), "deep-expr"
    if c == 4:
        bad = R.choice(["rules: [", "rules:\n  - id: [\n", "\t- x", "a: b: c", "pack: x\n pack: y", "%YAML 9.9\n---\nx", "&a [*a]", "*a", "pack: !!binary xx", "{" * 50, "---\n---\n---", "pack: '\\", "\xff\xfe", "pack: \"\\ud800\""])
        return bad, "bad-yaml"
    if c == 5:
        return PACK_HEAD + "include:\n  - " + R.choice(["pack.yaml", "/etc/passwd", "/dev/zero", "/dev/urandom", "/proc/self/mem", "..", "/nonexistent", "", "../../../../../../etc/shadow", "a" * 5000, "/tmp", "\x00"]) + "\n", "include"
    if c == 6:
        sel = R.choice(["$..*", "$..[*]", "$" + "..*" * 50, "$" + "[*]" * 1000, "$['" + "a" * 100000 + "']", "$[", "$.a[99999999999999999999]", "$[-1]", "", "x", "$" + ".a" * 100000, "$..depends_on[*]"])
        return PACK_HEAD + "rules:\n" + rule("true", sel), "selector"
    if c == 7:
        return PACK_HEAD + "functions:\n  f(x): f(x)\n  g(x): h(x)\n  h(x): g(x)\nrules:\n" + rule(R.choice(["f(self)", "g(self)", "f(f(f(self)))"])), "recursive-fn"
    if c == 8:
        rs = "".join(rule("true") for _ in range(R.choice([2, 500])))
        return PACK_HEAD + "rules:\n" + rs, "many-rules"
    if c == 9:
        msg = R.choice(["{" * 10000, "{id", "{}", "{nosuch}", "{" + "a." * 5000 + "b}", "%s%n%x", "{item}{path}{id}" * 2000])
        return PACK_HEAD + "rules:\n" + rule("false", extra="") .replace("message: m {id}", "message: " + json.dumps(msg)), "message"
    if c == 10:
        return "pack: fz\nextends: " + R.choice(["fz", "imp", "nosuch", "", "[1]", "../x"]) + "\noverrides:\n  " + R.choice(["SCH001: {severity: bogus}", "nosuch: {enabled: false}", "SCH001: [1,2]", "'*': {}", "SCH001: {options: {x: " + "[" * 3000 + "]" * 3000 + "}}"]) + "\n", "overrides"
    if c == 11:
        return PACK_HEAD + "schema:\n  root: Plan\n  types:\n    Plan: {a: " + R.choice(["A", "'[[[[A]]]]'", "'[' ", "Plan", "string", "'" + "[" * 1000 + "string" + "]" * 1000 + "'"]) + "}\n    A: {b: Plan}\n", "schema"
    if c == 12:
        return PACK_HEAD + "rules:\n" + rule("true") + rule("true").replace("FZ", "FZ").replace("fz-rule", "fz-rule"), "dup"
    # anchors on rules, aliases repeated
    n = R.choice([10, 1000, 50000])
    return PACK_HEAD + "x: &r\n  id: FZ001\nrules:\n" + "  - *r\n" * n, "alias-rules-%d" % n

EXPRS = ["plan.major_tasks.map(t, t.id)", "has(plan.a.b.c.d.e.f)", "size(plan.introduction)", "plan", "plan.schedule.filter(t, t.id == 'T1')",
         "plan.schedule.map(t, t.depends_on).size()", "plan.schedule.all(t, t.depends_on.all(d, plan.schedule.exists(u, u.id == d)))",
         "size(plan)", "plan.waivers.map(w, w.path)", "plan.document.date", "string(plan)", "plan['\\u0000']", "plan.x.y[0][1]",
         "plan.schedule[99999999999999999]", "plan.schedule[-1]", "1/0", "9223372036854775807 + 1", "-9223372036854775808 / -1",
         "-9223372036854775808 % -1", "'x' * 3", "plan.introduction.matches('(a+)+$')", "date(plan.document.date)", "as_of",
         "plan.schedule.map(t, t.planned_start).filter(d, isDate(d))", "1.0/0.0", "int(1e300)", "uint(-1)", "double('nan')",
         "plan.zz", "plan.unknown"]

# ---------- running ----------
stats = {}
cpu_total = [0.0]
bugs = [0]

def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()

def save(kind, why, files, argv, out, err):
    bugs[0] += 1
    d = os.path.join(CRASH, "%s-%d-%d" % (kind, A.seed, bugs[0]))
    os.makedirs(d, exist_ok=True)
    for f in files:
        if os.path.isfile(f): shutil.copy(f, d)
        elif os.path.isdir(f): shutil.copytree(f, os.path.join(d, os.path.basename(f)), dirs_exist_ok=True)
    open(os.path.join(d, "cmd"), "w").write(" ".join(repr(a) for a in argv) + "\n" + why + "\n")
    open(os.path.join(d, "stdout"), "wb").write(out[:200000]); open(os.path.join(d, "stderr"), "wb").write(err[:200000])
    print("BUG", kind, why, d, flush=True)

def run(kind, argv, files, check_out=None, size=0):
    t0 = time.time()
    rss_file = os.path.join(WORK, "rss")
    hashes = {}
    for f in files:
        if os.path.isfile(f): hashes[f] = sha(f)
        elif os.path.isdir(f):
            for g in os.listdir(f): hashes[os.path.join(f, g)] = sha(os.path.join(f, g))
    tmo = A.timeout if size < 2_000_000 else A.timeout * 3
    try:
        p = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + argv, capture_output=True, env=ENV, timeout=tmo, cwd=WORK)
        out, err, rc = p.stdout, p.stderr, p.returncode
    except subprocess.TimeoutExpired as e:
        save(kind, "TIMEOUT %.0fs" % tmo, files, argv, e.stdout or b"", e.stderr or b"")
        return None
    el = time.time() - t0
    try:
        rss, u, s = open(rss_file).read().split()[-3:]
        rss = int(rss); cpu_total[0] += float(u) + float(s)
    except Exception:
        rss = 0
    st = stats.setdefault(kind, [0, 0.0, 0]); st[0] += 1; st[1] = max(st[1], el); st[2] = max(st[2], rss)
    why = None
    if b"Sanitizer" in err or b"runtime error:" in err or b"AddressSanitizer" in err: why = "SANITIZER"
    elif rc not in (0, 1, 2): why = "EXIT %d" % rc
    elif rss > 3_000_000: why = "RSS %d KB" % rss
    elif el > 10 and size < 2_000_000: why = "SLOW %.1fs" % el
    for f, h in hashes.items():
        if os.path.exists(f) and sha(f) != h: why = "INPUT CHANGED " + f
    if why is None and check_out: why = check_out(rc, out, err)
    if why: save(kind, why, files, argv, out, err)
    return rc, out, err

POS = re.compile(rb"([^\s:]+\.json):(\d+):(\d+): ")

def checker_for(fmt, files, bad_expected=None):
    def chk(rc, out, err):
        if b"terminate called" in err or b"std::" in err or b"what():" in err: return "EXCEPTION TEXT in stderr"
        if rc == 2 and not out.strip() and not err.strip(): return "rc 2 without message"
        if fmt == "json" or fmt == "sarif":
            try: doc = json.loads(out.decode("utf-8"))
            except Exception as e: return "OUTPUT NOT JSON/UTF-8: %s" % e
            if fmt == "json":
                for e in doc.get("errors", []):
                    if not e.get("line") or not e.get("column") or not e.get("file"): return "input error without position: %r" % e
                names = {os.path.basename(e["file"]) for e in doc.get("errors", [])}
                if bad_expected is not None:
                    for g in bad_expected.get("good", []):
                        if os.path.basename(g) in names: return "good file reported as input error"
                    found = {os.path.basename(f["file"]) for f in doc.get("findings", [])}
                    for g in bad_expected.get("good", []):
                        if os.path.basename(g) not in found: return "good file %s not checked" % g
                    if doc["summary"].get("files") != len(files) and doc["summary"].get("files", 0) + doc["summary"].get("input_errors", 0) != len(files):
                        return "summary files count %r for %d files" % (doc["summary"], len(files))
        elif fmt == "junit":
            try: ET.fromstring(out)
            except Exception as e: return "OUTPUT NOT XML: %s" % e
        elif fmt == "text":
            try: out.decode("utf-8")
            except Exception: return "text output not UTF-8"
            for line in (out + err).splitlines():
                if b"input error" in line and not POS.search(line): return "input error line without FILE:L:C: %r" % line[:200]
        return None
    return chk

def write(name, data):
    p = os.path.join(WORK, name)
    open(p, "wb").write(data)
    return p

FMTS = ["text", "json", "sarif", "junit", "github"]

def one(i):
    c = R.random()
    kinds = A.kinds.split(",") if A.kinds else None
    which = None
    if c < 0.35: which = "byte"
    elif c < 0.65: which = "struct"
    elif c < 0.75: which = "multi"
    elif c < 0.8: which = "audit"
    elif c < 0.9: which = "eval"
    else: which = "pack"
    if kinds and which not in kinds: which = R.choice(kinds)
    P = A.planlint
    if which in ("byte", "struct"):
        if which == "byte": data, sub = byte_mutate(R.choice(SEEDS)), "byte"
        else: data, sub = struct_mutate()
        f = write("plan.json", data)
        fmt = R.choice(FMTS)
        run(which + ":" + sub.split("-")[0], [P, "check", "--no-config", "--format", fmt, "--as-of", "2027-01-15", "-j", "1", f], [f], checker_for(fmt, [f]), len(data))
        if R.random() < 0.15:
            run("eval-on-" + which, [P, "eval", R.choice(EXPRS), f, "--as-of", "2027-01-15"], [f], checker_for("text", [f]), len(data))
    elif which == "multi":
        g1 = write("g1.json", GOOD); g2 = write("g2.json", GOOD)
        data = byte_mutate(R.choice(SEEDS)) if R.random() < 0.5 else struct_mutate()[0]
        if R.random() < 0.5: data = b"{\"format\":\"imp/1\",\n  x}" 
        b = write("bad.json", data)
        fmt = "json"
        run("multi", [P, "check", "--no-config", "--format", fmt, "--as-of", "2027-01-15", "-j", R.choice(["1", "2"]), g1, b, g2], [g1, b, g2],
            checker_for(fmt, [g1, b, g2], {"good": [g1, g2]}), len(data))
    elif which == "audit":
        d = os.path.join(WORK, "aud")
        shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
        for j in range(R.randint(1, 5)):
            data = byte_mutate(R.choice(SEEDS)) if R.random() < 0.5 else struct_mutate()[0]
            open(os.path.join(d, "p%d.json" % j), "wb").write(data)
        open(os.path.join(d, "good.json"), "wb").write(GOOD)
        outj = os.path.join(WORK, "audit.json")
        r = run("audit", [P, "audit", "--as-of", "2027-01-15", "-q", "-j", "2", "--json", outj, "--html", os.path.join(WORK, "a.html"), "--csv", os.path.join(WORK, "a.csv"), d], [d])
        if r and r[0] in (0, 1):
            try: json.loads(open(outj, "rb").read().decode("utf-8"))
            except Exception as e: save("audit", "audit json invalid: %s" % e, [d], [], b"", b"")
    elif which == "eval":
        data, sub = (struct_mutate() if R.random() < 0.7 else (R.choice(SEEDS), "seed"))
        f = write("plan.json", data)
        e = R.choice(EXPRS) if R.random() < 0.7 else hostile_expr()
        if len(e) > 100000: e = e[:100000]
        run("eval", [P, "eval", e, f, "--as-of", "2027-01-15"], [f], checker_for("text", [f]), len(data))
    else:
        text, sub = hostile_pack()
        pk = write("pack.yaml", text.encode("utf-8", "surrogatepass"))
        f = write("plan.json", GOOD)
        def chk(rc, out, err):
            if rc == 2 and b"pack.yaml" in err:
                for line in err.splitlines()[1:]:
                    if line.strip() and not re.match(rb"\S+:\d+:\d+: |\S+: cannot read", line): return "pack error line without pack.yaml:L:C: %r" % line[:200]
            if rc == 2 and not err.strip(): return "rc 2 without message"
            return None
        run("pack:" + sub.split("-")[0] if not sub.startswith("yaml") else "pack:" + sub, [P, "check", "--no-config", "--rules", pk, "--as-of", "2027-01-15", f], [pk, f], chk, len(text))

t_end = time.time() + A.seconds
i = 0
while time.time() < t_end:
    try: one(i)
    except Exception as e:
        import traceback; traceback.print_exc()
    i += 1
    if i % 50 == 0:
        print("... %d runs, cpu %.0fs, bugs %d" % (i, cpu_total[0], bugs[0]), flush=True)
print("runs", i, "child cpu %.0fs" % cpu_total[0], "bugs", bugs[0])
for k, (n, mx, rss) in sorted(stats.items()):
    print("%-28s n=%-5d max %.1fs  max rss %d KB" % (k, n, mx, rss))
