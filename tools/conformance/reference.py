#!/usr/bin/env python3
"""A second, independent reading of the imp/1 contract (plan-format.md and
imp-rules.md in ../shared/spec), written straight from the spec's words in
plain Python, without the rule language: a differential oracle for the
built-in pack, not a replacement for it. compare.py runs both over plans
(fuzz_plans.py makes hostile ones) and prints every finding only one of them
reports, as FILE RULE POINTER WAIVED.

Usage: reference.py AS_OF FILE...   (prints FILE\tRULE\tPOINTER\tWAIVED)
Environment: PLANLINT_SPEC (folder of imp-rules.md; default the first
shared/spec above this file), CASEFOLDING (default
/usr/share/unicode/CaseFolding.txt).

Readings that the spec leaves open follow the pack's recorded decisions
(tests/fixtures/rules/*/notes.md). Input errors are not modelled: give it
valid JSON whose top level is an object.
"""
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
def _find_spec():
    d = HERE
    while True:
        candidate = os.path.join(d, "shared", "spec")
        if os.path.exists(os.path.join(candidate, "imp-rules.md")):
            return candidate
        if os.path.dirname(d) == d:
            return os.path.join(HERE, "..", "..", "..", "shared", "spec")
        d = os.path.dirname(d)


SPEC = os.environ.get("PLANLINT_SPEC") or _find_spec()
CASEFOLDING = os.environ.get("CASEFOLDING", "/usr/share/unicode/CaseFolding.txt")

# ---------------------------------------------------------------- text
WS = "\t\n\x0b\x0c\r \u00a0\ufeff\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"
WS_RE = "[" + re.escape(WS) + "]"


def trim(s):
    return s.strip(WS)


def collapse(s):
    return re.sub(WS_RE + "+", " ", trim(s))


FOLD = {}
for line in open(CASEFOLDING, encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    code, status, mapping = [x.strip() for x in line.split(";")[:3]]
    if status in ("C", "S"):
        FOLD[int(code, 16)] = chr(int(mapping, 16))


def fold(s):
    return "".join(FOLD.get(ord(c), c) for c in s)


def norm(s):
    return fold(collapse(s))


# ---------------------------------------------------------------- JSON tree
class N:
    __slots__ = ("kind", "v", "ptr", "shadow")

    def __init__(self, kind, v, ptr):
        self.kind, self.v, self.ptr, self.shadow = kind, v, ptr, False

    def get(self, key):
        if self.kind != "obj":
            return None
        for k, n in self.v:
            if k == key and not n.shadow:
                return n
        return None


def esc(k):
    return k.replace("~", "~0").replace("/", "~1")


def build(x, ptr):
    if x is None:
        return N("null", None, ptr)
    if isinstance(x, bool):
        return N("bool", x, ptr)
    if isinstance(x, (int, float)):
        return N("num", x, ptr)
    if isinstance(x, str):
        return N("str", x, ptr)
    if isinstance(x, list) and not isinstance(x, Pairs):
        return N("arr", [build(v, ptr + "/" + str(i)) for i, v in enumerate(x)], ptr)
    pairs = []
    seen = set()
    for k, v in x:
        n = build(v, ptr + "/" + esc(k))
        if k in seen:
            n.shadow = True
        seen.add(k)
        pairs.append((k, n))
    return N("obj", pairs, ptr)


class Pairs(list):
    pass


def load(path):
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    data = json.loads(raw.decode("utf-8"), object_pairs_hook=lambda p: Pairs(p))
    return build(data, "")


# ---------------------------------------------------------------- schema
SCHEMA = {
    "Plan": {"format": "string", "document": "Document", "version_history": "[VersionEntry]", "introduction": "string",
             "assumptions": "[Assumption]", "constraints": "[Constraint]", "system_overview": "SystemOverview",
             "system_organization": "SystemOrganization", "glossary": "[GlossaryEntry]", "management_overview": "string",
             "points_of_contact": "[Contact]", "major_tasks": "[MajorTask]", "schedule": "[ScheduleEntry]",
             "security": "Security", "support": "Support", "known_issues": "[KnownIssue]", "sites": "[Site]",
             "risks": "[Risk]", "acceptance": "Acceptance", "waivers": "[Waiver]"},
    "Document": {"title": "string", "project": "string", "department": "string", "system_name": "string",
                 "version": "string", "date": "date", "owner": "string", "status": "string"},
    "VersionEntry": {"version": "string", "date": "date", "author": "string", "description": "string"},
    "Assumption": {"assumption": "string", "description": "string"},
    "Constraint": {"constraint": "string", "description": "string", "deadline": "date", "budget": "number"},
    "SystemOverview": {"description": "string", "version": "string", "criticality": "string",
                       "business_processes": "[string]", "interfaces": "[Interface]"},
    "Interface": {"system": "string", "description": "string"},
    "SystemOrganization": {"description": "string", "layers": "[Layer]"},
    "Layer": {"name": "string", "functions": "[string]", "hardware": "[LayerHardware]", "software": "[LayerSoftware]",
              "cloud": "[Cloud]"},
    "LayerHardware": {"manufacturer": "string", "type": "string", "model": "string", "configuration": "string"},
    "LayerSoftware": {"publisher": "string", "title": "string", "function": "string", "version": "string"},
    "Cloud": {"provider": "string", "service_type": "string"},
    "GlossaryEntry": {"term": "string", "definition": "string"},
    "Contact": {"role": "string", "name": "string", "organization": "string", "email": "string",
                "phone": "string|[string]"},
    "MajorTask": {"task": "string", "resources": "[string]", "key_staff": "[KeyStaff]", "success_criteria": "string"},
    "KeyStaff": {"name": "string", "role": "string"},
    "ScheduleEntry": {"id": "string", "task": "string", "planned_start": "date", "planned_finish": "date",
                      "depends_on": "[string]", "actual_start": "date", "actual_finish": "date",
                      "percent_complete": "number"},
    "Security": {"sensitive_data": "[string]", "description": "string", "controls": "[string]"},
    "Support": {"hardware": "[HardwareItem]", "software": "[SoftwareItem]", "facilities": "[Facility]",
                "materials": "[Material]", "documentation": "[Documentation]", "personnel": "[Personnel]"},
    "HardwareItem": {"id": "string", "type": "string", "model": "string", "location": "string", "owner": "string",
                     "maintenance": "Maintenance", "licenses": "string|number"},
    "SoftwareItem": {"id": "string", "type": "string", "version": "string", "origin": "string", "location": "string",
                     "owner": "string", "maintenance": "Maintenance", "licenses": "string|number"},
    "Maintenance": {"contract": "string", "contact": "string", "level": "string", "expiration": "date"},
    "Facility": {"purpose": "string", "size": "string", "resources": "[string]", "hours": "string", "start": "date",
                 "finish": "date"},
    "Material": {"item": "string", "identification": "string", "version": "string", "owner": "string"},
    "Documentation": {"title": "string", "description": "string", "version": "string", "owner": "string"},
    "Personnel": {"staffing_type": "string", "skills": "string", "security_clearance": "boolean", "fte": "number",
                  "start": "date", "finish": "date"},
    "KnownIssue": {"id": "string", "description": "string", "status": "string", "owner": "string",
                   "logged": "boolean"},
    "Site": {"location": "string", "contact": "SiteContact", "site_visits": "[SiteVisit]", "preparation": "string",
             "readiness_verification": "string"},
    "SiteContact": {"name": "string", "phone": "string"},
    "SiteVisit": {"date": "date", "purpose": "string"},
    "Risk": {"id": "string", "trigger": "string", "response": "[string]", "owner": "string", "probability": "string",
             "impact": "string"},
    "Acceptance": {"process": "string", "discrepancies": "string", "criteria": "[Criterion]"},
    "Criterion": {"id": "string", "criterion": "string", "measure": "string", "status": "string", "evidence": "string",
                  "verified_by": "string", "verified_on": "date"},
    "Waiver": {"rule": "string", "path": "string", "reason": "string", "approved_by": "string", "expires": "date"},
}


def matches(n, t):
    if "|" in t:
        return any(matches(n, p) for p in t.split("|"))
    if t == "date":
        return True
    if t == "string":
        return n.kind == "str"
    if t == "number":
        return n.kind == "num"
    if t == "boolean":
        return n.kind == "bool"
    if t.startswith("["):
        return n.kind == "arr"
    return n.kind == "obj"


def item_type(t):
    for p in t.split("|"):
        if p.startswith("["):
            return p[1:-1]
    return None


class T:
    """A node seen through its schema type (None: absent or wrong type)."""

    def __init__(self, node, t):
        self.node, self.t = node, t

    def ok(self):
        return self.node is not None and self.node.kind != "null" and matches(self.node, self.t)


def field(parent, key):
    """Typed child: returns (node or None) seen with the schema."""
    if parent is None or parent.node is None or parent.node.kind != "obj" or not parent.ok():
        return T(None, "any")
    t = SCHEMA.get(parent.t, {}).get(key)
    n = parent.node.get(key)
    if t is None:
        return T(None, "any")
    if n is None or n.kind == "null":
        return T(None, t)
    if not matches(n, t):
        return T(None, t)
    return T(n, t)


def items(tv):
    """Visible items of a typed array."""
    if not tv.ok() or tv.node.kind != "arr":
        return []
    it = item_type(tv.t)
    out = []
    for c in tv.node.v:
        if c.kind == "null" or not matches(c, it):
            continue
        out.append(T(c, it))
    return out


def empty(tv):
    n = tv.node
    if n is None or n.kind == "null":
        return True
    if tv.t == "date":
        return (n.kind == "str" and trim(n.v) == "") or (n.kind in ("arr", "obj") and len(n.v) == 0)
    if not matches(n, tv.t):
        return True
    if n.kind == "str":
        return trim(n.v) == ""
    if n.kind == "arr":
        return len(items(tv)) == 0
    if n.kind == "obj":
        return len(n.v) == 0
    return False


def present(tv):
    return not empty(tv)


def sval(tv):
    """The string value, or None."""
    return tv.node.v if tv.node is not None and tv.node.kind == "str" and tv.ok() else None


# ---------------------------------------------------------------- dates, placeholders
def parse_date(s):
    if not isinstance(s, str):
        return None
    m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", s)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = re.fullmatch(r"([0-9]{2})/([0-9]{2})/([0-9]{4})", s)
        if not m:
            return None
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
    if y < 1:
        return None
    try:
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def dval(tv):
    if tv.node is None or tv.node.kind != "str":
        return None
    return parse_date(tv.node.v)


TPL1 = re.compile(r"\[[A-Za-z][^\[\]]*\](?!\()")
SUBS = ["XX/XX/XXXX", "xxxx@xxx.xxxx", "xxx.xxx.xxxx", "#XXXXX", "XX.XXXX"]
WHOLE = ["X.X", "X.XX", "Name", "Name, Number", "Vendor Name", "Publisher Name", "Department Name", "Company Name",
         "Model number", "Title", "Software Title"]


def tpl1(s):
    return TPL1.search(s) is not None


def tpl2(s):
    f = fold(s)
    return any(fold(x) in f for x in SUBS) or fold(trim(s)) in [fold(x) for x in WHOLE]


def placeholder(s):
    return isinstance(s, str) and (tpl1(s) or tpl2(s))


def workdays(a, b):
    if b < a:
        return 0
    n = 0
    d = a
    while d <= b:
        if d.weekday() < 5:
            n += 1
        if d == datetime.date.max:
            break
        d += datetime.timedelta(days=1)
    return n


def enum(tv, values):
    s = sval(tv)
    return s is not None and fold(trim(s)) in [fold(v) for v in values]


# ---------------------------------------------------------------- rules
RULES = {}
for line in open(os.path.join(SPEC, "imp-rules.md"), encoding="utf-8"):
    m = re.match(r"\| ([A-Z]{3}\d{3}) \| ([a-z0-9-]+) \|", line)
    if m:
        RULES[m[1]] = m[2]


def walk(n, fn, key=None):
    fn(n, key)
    if n.kind == "arr":
        for c in n.v:
            walk(c, fn)
    elif n.kind == "obj":
        for k, c in n.v:
            if not c.shadow:
                walk(c, fn, k)


def check(root, as_of):
    F = []

    def add(rule, node_or_ptr):
        F.append([rule, node_or_ptr if isinstance(node_or_ptr, str) else node_or_ptr.ptr])

    P = T(root, "Plan")

    # DOC
    for s in ["introduction", "system_overview", "points_of_contact", "major_tasks", "schedule", "risks", "acceptance"]:
        if empty(field(P, s)):
            add("DOC001", "")
    for s in ["document", "assumptions", "constraints", "system_organization", "glossary", "management_overview",
              "security", "support"]:
        if empty(field(P, s)):
            add("DOC002", "")
    doc = field(P, "document")
    ver = field(doc, "version")
    if present(ver) and not re.fullmatch(r"[0-9]+\.[0-9]+", ver.node.v):
        add("DOC003", ver.node)
    vh = field(P, "version_history")
    if present(ver) and present(vh):
        last = items(vh)[-1]
        lv = field(last, "version")
        if sval(lv) != ver.node.v:
            add("DOC004", last.node)
    fmt = root.get("format")
    if not (fmt is not None and fmt.kind == "str" and fmt.v == "imp/1"):
        add("DOC005", "")

    def types(n, t):
        if n.kind == "null":
            return
        if t == "date":
            return
        if not matches(n, t):
            add("DOC006", n)
            return
        if n.kind == "obj" and t in SCHEMA:
            for k, c in n.v:
                if c.shadow:
                    continue
                if k in SCHEMA[t]:
                    types(c, SCHEMA[t][k])
        elif n.kind == "arr":
            it = item_type(t)
            for c in n.v:
                if c.kind == "null" or not matches(c, it):
                    add("DOC006", c)
                else:
                    types(c, it)

    types(root, "Plan")

    def dups(n, k):
        if n.kind == "obj":
            seen = set()
            for kk, c in n.v:
                if kk in seen:
                    add("DOC007", n)
                seen.add(kk)

    walk(root, dups)

    # TPL / DAT
    DATE_FIELDS = {"date", "deadline", "expiration", "expires", "start", "finish", "planned_start", "planned_finish",
                   "actual_start", "actual_finish", "verified_on"}

    def strings(n, k):
        if n.kind == "str":
            if tpl1(n.v):
                add("TPL001", n)
            if tpl2(n.v):
                add("TPL002", n)
            if re.search(r"\b(?:TBD|TBA|TODO|FIXME)\b", n.v, re.ASCII):
                add("TPL003", n)
        if k in DATE_FIELDS:
            pres = not (n.kind == "null" or (n.kind == "str" and trim(n.v) == "") or (
                    n.kind in ("arr", "obj") and len(n.v) == 0))
            if pres and not placeholder(n.v if n.kind == "str" else None) and (
                    n.kind != "str" or parse_date(n.v) is None):
                add("DAT001", n)

    walk(root, strings)

    # POC
    poc = field(P, "points_of_contact")
    contacts = items(poc)
    aliases = {norm("QA Manager"): norm("Quality Assurance Manager"),
               norm("CM Manager"): norm("Configuration Management Manager"),
               norm("DBA"): norm("Database Administrator"), norm("Business Sponsor"): norm("Project Sponsor")}
    al = lambda s: aliases.get(norm(s), norm(s))
    roles = {al(sval(field(c, "role"))) for c in contacts if sval(field(c, "role")) is not None}
    for r in ["Project Sponsor", "Project Manager", "Quality Assurance Manager", "Configuration Management Manager",
              "Security Officer", "Database Administrator"]:
        if al(r) not in roles:
            add("POC001", poc.node.ptr if present(poc) else "")
    for c in contacts:
        for f in ["name", "organization", "email", "phone"]:
            if empty(field(c, f)):
                add("POC002", c.node)
        em = field(c, "email")
        if present(em) and not placeholder(em.node.v) and not re.search(
                r"^[^@\t\n\f\r ]+@[^@\t\n\f\r ]+\.[A-Za-z]{2,}\Z", em.node.v):
            add("POC003", em.node)
        ph = field(c, "phone")
        phones = []
        if ph.ok():
            phones = [ph] if ph.node.kind == "str" else [x for x in items(ph)]
        for p in phones:
            if p.node.kind != "str" or not present(T(p.node, "string")) or placeholder(p.node.v):
                continue
            body = trim(re.sub(r"\([^()]*\)\Z", "", trim(p.node.v)))
            dg = len(re.findall(r"[0-9]", body))
            if not (dg == 10 or (body.startswith("+") and 8 <= dg <= 15)):
                add("POC004", p.node)
    known = {norm(sval(field(c, "name"))) for c in contacts if sval(field(c, "name")) is not None}
    named = []
    for t in items(field(P, "major_tasks")):
        for k in items(field(t, "key_staff")):
            named.append(field(k, "name"))
    for r in items(field(P, "risks")):
        named.append(field(r, "owner"))
    for c in items(field(field(P, "acceptance"), "criteria")):
        named.append(field(c, "verified_by"))
    for i in items(field(P, "known_issues")):
        named.append(field(i, "owner"))
    for s in items(field(P, "sites")):
        named.append(field(field(s, "contact"), "name"))
    for n in named:
        s = sval(n)
        if s is not None and present(n) and not placeholder(s) and norm(s) not in known:
            add("POC005", n.node)

    # TSK
    sched = items(field(P, "schedule"))
    scheduled = {norm(sval(field(e, "task"))) for e in sched if sval(field(e, "task")) is not None}
    for t in items(field(P, "major_tasks")):
        if empty(field(t, "key_staff")):
            add("TSK001", t.node)
        if empty(field(t, "success_criteria")):
            add("TSK002", t.node)
        if empty(field(t, "resources")):
            add("TSK003", t.node)
        tk = field(t, "task")
        if present(tk) and norm(tk.node.v) not in scheduled:
            add("TSK004", t.node)

    # SCH
    def pid(e):
        s = sval(field(e, "id"))
        return s if s is not None and trim(s) != "" else None

    first = {}
    for i, e in enumerate(sched):
        if pid(e) is not None and pid(e) not in first:
            first[pid(e)] = i
    deps = []
    for i, e in enumerate(sched):
        ds = [d.node.v for d in items(field(e, "depends_on"))]
        deps.append(ds)
    prev_start = None
    for i, e in enumerate(sched):
        for f in ["planned_start", "planned_finish"]:
            tv = field(e, f)
            if empty(tv) or (tv.node.kind == "str" and placeholder(tv.node.v)):
                add("SCH001", e.node)
        s, f = dval(field(e, "planned_start")), dval(field(e, "planned_finish"))
        if s and f and f < s:
            add("SCH002", e.node)
        if empty(field(e, "id")):
            add("SCH003", e.node)
        if pid(e) is not None and first[pid(e)] < i:
            add("SCH004", e.node)
        for d in items(field(e, "depends_on")):
            if d.node.v not in first:
                add("SCH005", d.node)
        if s:
            preds = []
            for d in deps[i]:
                if d in first and first[d] not in preds:
                    preds.append(first[d])
            for p in preds:
                if p == i:
                    continue
                pf = dval(field(sched[p], "planned_finish"))
                if pf and s < pf:
                    add("SCH007", e.node)
        if s and f and workdays(s, f) > 44:
            add("SCH008", e.node)
        if s:
            if prev_start is not None and s < prev_start:
                add("SCH010", e.node)
            prev_start = s
    depended = set()
    for i in range(len(sched)):
        for d in deps[i]:
            if d in first:
                depended.add(first[d])
    if len(sched) >= 2:
        for i, e in enumerate(sched):
            if empty(field(e, "depends_on")) and i not in depended:
                add("SCH009", e.node)
    # SCC (Tarjan, recursive; small plans)
    sys.setrecursionlimit(100000)
    adj = [[first[d] for d in deps[i] if d in first] for i in range(len(sched))]
    index, low, on, st, comps = {}, {}, set(), [], []
    cnt = [0]

    def strong(v):
        index[v] = low[v] = cnt[0]
        cnt[0] += 1
        st.append(v)
        on.add(v)
        for w in adj[v]:
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = st.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    for v in range(len(sched)):
        if v not in index:
            strong(v)
    for comp in comps:
        if len(comp) >= 2 or comp[0] in adj[comp[0]]:
            add("SCH006", sched[min(comp)].node)

    # CON
    cons = field(P, "constraints")
    if present(cons):
        for t in ["Time", "Cost", "Scope"]:
            if not any(enum(field(c, "constraint"), [t]) for c in items(cons)):
                add("CON001", cons.node)
    finishes = [dval(field(e, "planned_finish")) for e in sched if dval(field(e, "planned_finish"))]
    for c in items(cons):
        dl = dval(field(c, "deadline"))
        if enum(field(c, "constraint"), ["Time"]) and dl and any(f > dl for f in finishes):
            add("CON002", c.node)
    for a in items(field(P, "assumptions")):
        if empty(field(a, "description")):
            add("CON003", a.node)

    # SYS
    so = field(P, "system_overview")
    if present(so) and empty(field(so, "version")):
        add("SYS001", so.node)
    for layer in items(field(field(P, "system_organization"), "layers")):
        for h in items(field(layer, "hardware")):
            for f in ["manufacturer", "type", "model", "configuration"]:
                if empty(field(h, f)):
                    add("SYS002", h.node)
        for s in items(field(layer, "software")):
            for f in ["publisher", "title", "version"]:
                if empty(field(s, f)):
                    add("SYS003", s.node)
        for c in items(field(layer, "cloud")):
            if not enum(field(c, "service_type"), ["IaaS", "PaaS", "SaaS"]):
                add("SYS004", c.node)

    # GLO
    ACR = re.compile(r"\b[A-Z][A-Z0-9]{1,7}\b", re.ASCII)
    gl = items(field(P, "glossary"))
    defined = set()
    for e in gl:
        s = sval(field(e, "term"))
        if s is not None:
            defined.update(ACR.findall(s))
    prose = [field(P, "introduction"), field(P, "management_overview"), field(so, "description"),
             field(field(P, "system_organization"), "description"), field(field(P, "security"), "description")]
    prose += [field(a, "description") for a in items(field(P, "assumptions"))]
    prose += [field(c, "description") for c in items(cons)]
    prose += [field(t, "success_criteria") for t in items(field(P, "major_tasks"))]
    prose += [field(field(P, "acceptance"), "process")]
    seen = set()
    allow = {"IT", "ID", "US", "AM", "PM", "OK", "TBD", "TBA", "TODO", "FIXME"}
    for p in prose:
        s = sval(p)
        if s is None:
            continue
        for a in ACR.findall(s):
            if a in seen:
                continue
            seen.add(a)
            if a not in defined and a not in allow:
                add("GLO001", p.node)
    for i in range(1, len(gl)):
        a, b = field(gl[i - 1], "term"), field(gl[i], "term")
        if present(a) and present(b) and fold(trim(b.node.v)) < fold(trim(a.node.v)):
            add("GLO002", gl[i].node)
            break
    terms = set()
    for e in gl:
        t = field(e, "term")
        if present(t):
            k = fold(trim(t.node.v))
            if k in terms:
                add("GLO003", e.node)
            terms.add(k)
        if empty(field(e, "definition")):
            add("GLO004", e.node)

    # SEC
    sec = field(P, "security")
    if present(field(sec, "sensitive_data")) and empty(field(sec, "controls")):
        add("SEC001", sec.node)
    sup = field(P, "support")
    if present(field(sec, "sensitive_data")):
        for p in items(field(sup, "personnel")):
            cl = field(p, "security_clearance")
            if not (cl.ok() and cl.node.kind == "bool"):
                add("SEC002", p.node)

    # SUP
    latest = max(finishes) if finishes else None
    for kind, flds in [("hardware", ["id", "type", "model", "location", "owner"]),
                       ("software", ["id", "type", "version", "owner"])]:
        for it in items(field(sup, kind)):
            ex = field(field(it, "maintenance"), "expiration")
            d = dval(ex)
            if d and d < as_of:
                add("SUP001", ex.node)
            if d and not d < as_of and latest and d < latest:
                add("SUP002", ex.node)
            for f in flds:
                if empty(field(it, f)):
                    add("SUP003", it.node)
            if kind == "software":
                o = field(it, "origin")
                if present(o) and not enum(o, ["COTS", "custom", "legacy"]):
                    add("SUP004", o.node)
    for kind in ["personnel", "facilities"]:
        for it in items(field(sup, kind)):
            s, f = dval(field(it, "start")), dval(field(it, "finish"))
            if s and f and f < s:
                add("SUP005", it.node)
    for it in items(field(sup, "personnel")):
        fte = field(it, "fte")
        if present(fte) and not fte.node.v > 0:
            add("SUP006", fte.node)
    for it in items(field(sup, "documentation")):
        for f in ["title", "version", "owner"]:
            if empty(field(it, f)):
                add("SUP007", it.node)

    # ISS, SIT
    for i in items(field(P, "known_issues")):
        lg = field(i, "logged")
        if not (lg.ok() and lg.node.v is True):
            add("ISS001", i.node)
        if enum(field(i, "status"), ["open"]) and empty(field(i, "owner")):
            add("ISS002", i.node)
    for s in items(field(P, "sites")):
        c = field(s, "contact")
        for f in ["name", "phone"]:
            if empty(field(c, f)):
                add("SIT001", s.node)
        if empty(field(s, "readiness_verification")):
            add("SIT002", s.node)

    # RSK
    rids = set()
    for r in items(field(P, "risks")):
        if empty(field(r, "response")):
            add("RSK001", r.node)
        if empty(field(r, "trigger")):
            add("RSK002", r.node)
        if empty(field(r, "owner")):
            add("RSK003", r.node)
        for f in ["probability", "impact"]:
            if not enum(field(r, f), ["low", "medium", "high"]):
                add("RSK004", r.node)
        rid = pid(r)
        if rid is not None:
            if rid in rids:
                add("RSK005", r.node)
            rids.add(rid)

    # ACC
    acc = field(P, "acceptance")
    if present(acc) and empty(field(acc, "criteria")):
        add("ACC001", acc.node)
    if present(acc) and empty(field(acc, "process")):
        add("ACC007", acc.node)
    implemented = enum(field(doc, "status"), ["implemented"])
    for c in items(field(acc, "criteria")):
        st = field(c, "status")
        if enum(st, ["not_met"]):
            add("ACC002", c.node)
        if empty(st) or enum(st, ["pending"]):
            add("ACC003", c.node)
        if implemented and not enum(st, ["met"]):
            add("ACC004", c.node)
        if empty(field(c, "measure")):
            add("ACC005", c.node)
        if enum(st, ["met"]) and (empty(field(c, "evidence")) or empty(field(c, "verified_by"))):
            add("ACC006", c.node)

    # WVR
    known_rules = set(RULES) | set(RULES.values())
    valid = []
    for w in items(field(P, "waivers")):
        ex = field(w, "expires")
        d = dval(ex)
        if d and d < as_of:
            add("WVR001", w.node)
        if empty(field(w, "reason")):
            add("WVR002", w.node)
        rule = sval(field(w, "rule"))
        pathn = w.node.get("path")
        path_ok = pathn is None or pathn.kind == "null" or (pathn.kind == "str" and (trim(pathn.v) == "" or pathn.v.startswith("/")))
        exp_ok = empty(ex) or d is not None
        if not (rule in known_rules and path_ok and exp_ok):
            add("WVR004", w.node)
        if present(field(w, "reason")) and rule in known_rules and path_ok and exp_ok and not (d and d < as_of):
            whole = pathn is None or pathn.kind == "null" or trim(pathn.v) == ""
            valid.append((w, rule, None if whole else pathn.v))
    for f in F:
        f.append(False)
    for w, rule, path in valid:
        n = 0
        for f in F:
            if f[0].startswith("WVR") or (f[0] != rule and RULES.get(f[0]) != rule):
                continue
            if path is None or f[1] == path or f[1].startswith(path + "/"):
                f[2] = True
                n += 1
        if n == 0:
            F.append(["WVR003", w.node.ptr, False])
    return F


if __name__ == "__main__":
    y, m, d = map(int, sys.argv[1].split("-"))
    as_of = datetime.date(y, m, d)
    for path in sys.argv[2:]:
        root = load(path)
        for r, p, w in sorted(check(root, as_of)):
            print(f"{path}\t{r}\t{p}\t{int(w)}")
