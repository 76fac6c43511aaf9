#!/usr/bin/env python3
"""Writes a random hostile imp/1 plan to stdout: every key of the format with
values of the right and of wrong types, nulls, empty containers, blank and
Unicode-spaced strings, placeholders, valid and invalid dates, shared task
ids and dependencies, duplicate keys, unknown keys and waivers.
Usage: fuzz_plans.py SEED > plan.json (see compare.py)."""
import json, random, sys
S = {
 "Plan": {"format":"string","document":"Document","version_history":"[VersionEntry]","introduction":"string","assumptions":"[Assumption]","constraints":"[Constraint]","system_overview":"SystemOverview","system_organization":"SystemOrganization","glossary":"[GlossaryEntry]","management_overview":"string","points_of_contact":"[Contact]","major_tasks":"[MajorTask]","schedule":"[ScheduleEntry]","security":"Security","support":"Support","known_issues":"[KnownIssue]","sites":"[Site]","risks":"[Risk]","acceptance":"Acceptance","waivers":"[Waiver]"},
 "Document":{"title":"string","project":"string","department":"string","system_name":"string","version":"string","date":"date","owner":"string","status":"string"},
 "VersionEntry":{"version":"string","date":"date","author":"string","description":"string"},
 "Assumption":{"assumption":"string","description":"string"},
 "Constraint":{"constraint":"string","description":"string","deadline":"date","budget":"number"},
 "SystemOverview":{"description":"string","version":"string","criticality":"string","business_processes":"[string]","interfaces":"[Interface]"},
 "Interface":{"system":"string","description":"string"},
 "SystemOrganization":{"description":"string","layers":"[Layer]"},
 "Layer":{"name":"string","functions":"[string]","hardware":"[LayerHardware]","software":"[LayerSoftware]","cloud":"[Cloud]"},
 "LayerHardware":{"manufacturer":"string","type":"string","model":"string","configuration":"string"},
 "LayerSoftware":{"publisher":"string","title":"string","function":"string","version":"string"},
 "Cloud":{"provider":"string","service_type":"string"},
 "GlossaryEntry":{"term":"string","definition":"string"},
 "Contact":{"role":"string","name":"string","organization":"string","email":"string","phone":"phone"},
 "MajorTask":{"task":"string","resources":"[string]","key_staff":"[KeyStaff]","success_criteria":"string"},
 "KeyStaff":{"name":"string","role":"string"},
 "ScheduleEntry":{"id":"string","task":"string","planned_start":"date","planned_finish":"date","depends_on":"[string]","actual_start":"date","actual_finish":"date","percent_complete":"number"},
 "Security":{"sensitive_data":"[string]","description":"string","controls":"[string]"},
 "Support":{"hardware":"[HardwareItem]","software":"[SoftwareItem]","facilities":"[Facility]","materials":"[Material]","documentation":"[Documentation]","personnel":"[Personnel]"},
 "HardwareItem":{"id":"string","type":"string","model":"string","location":"string","owner":"string","maintenance":"Maintenance","licenses":"number"},
 "SoftwareItem":{"id":"string","type":"string","version":"string","origin":"string","location":"string","owner":"string","maintenance":"Maintenance","licenses":"string"},
 "Maintenance":{"contract":"string","contact":"string","level":"string","expiration":"date"},
 "Facility":{"purpose":"string","size":"string","resources":"[string]","hours":"string","start":"date","finish":"date"},
 "Material":{"item":"string","identification":"string","version":"string","owner":"string"},
 "Documentation":{"title":"string","description":"string","version":"string","owner":"string"},
 "Personnel":{"staffing_type":"string","skills":"string","security_clearance":"boolean","fte":"number","start":"date","finish":"date"},
 "KnownIssue":{"id":"string","description":"string","status":"string","owner":"string","logged":"boolean"},
 "Site":{"location":"string","contact":"SiteContact","site_visits":"[SiteVisit]","preparation":"string","readiness_verification":"string"},
 "SiteContact":{"name":"string","phone":"string"},
 "SiteVisit":{"date":"date","purpose":"string"},
 "Risk":{"id":"string","trigger":"string","response":"[string]","owner":"string","probability":"string","impact":"string"},
 "Acceptance":{"process":"string","discrepancies":"string","criteria":"[Criterion]"},
 "Criterion":{"id":"string","criterion":"string","measure":"string","status":"string","evidence":"string","verified_by":"string","verified_on":"date"},
 "Waiver":{"rule":"string","path":"string","reason":"string","approved_by":"string","expires":"date"},
}
R = random.Random(int(sys.argv[1]))
STR = ["T1","T2","T3","T1","T2","A","B","2027-01-04","2027-01-09","2027-01-10","2027-03-05","2027-03-04","2026-12-31","2027-06-30","2027-01-14","2027-01-15","2027-01-16", "CMS and SQL", "The UAT of the ETL", "API (Application Programming Interface)", "SQL", "uat", "Zebra", "apple", "Apple", " apple", "Éclair", "\u00a0T1", "Jane Doe", "Bob", "bob", "B\u00f6b", "/schedule/0", "/schedule/1", "/points_of_contact", "/glossary/0", "", "SCH009", "SCH001", "DOC006", "DAT001", "TPL002", "TSK004", "GLO001", "POC002", "incomplete-contact", "undated-task", 
"", " ", "\u00a0", "\u3000x\u3000", "T1", "T2", "T1 ", "t1", "A", "B", "C", "Jane Doe", "jane  doe", "JANE\tDOE", "Name", "XX/XX/XXXX", "[Name]", "[A](b)", "TBD", "TODO x", "X.X", "1.2", "1.2 ", "v1", "2027-01-15", "2027-02-29", "02/28/2027", "2028-02-29", "01/05/2027", " 2027-01-05", "9999-12-31", "0001-01-01", "2027-13-01", "open", " OPEN ", "closed", "met", "not_met", " Pending", "pending", "low", "Medium", "HIGH", "hi", "IaaS", "paas", "SaaS ", "FaaS", "COTS", "custom", "Legacy", "legacy ", "Time", "cost", "SCOPE", "\u017fcope", "Project Sponsor", "Business Sponsor", "QA Manager", "DBA", "Security Officer", "Project Manager", "Configuration  Management Manager", "a@b.co", "a@b", "xxxx@xxx.xxxx", "916-555-0100", "+44 20 7946 0958", "555-0100 (cell)", "xxx.xxx.xxxx", "implemented", "draft", "SCH008", "long-task", "DOC001", "TPL003", "POC005", "WVR003", "/schedule", "/schedule/0", "/", "#/x", "/points_of_contact/0", "The API and CMS use SQL.", "CMS (Case Management System)", "SLA", "imp/1", "\U0001F600", "e\u0301", "\u00e9", "K", "\u212a", "ß", "ẞ", "x"*300]
def rand_scalar():
    c = R.random()
    if c < 0.55: return R.choice(STR)
    if c < 0.65: return R.choice([0, -0.0, 1, 0.5, -1, 1e300, 18446744073709551615, 3])
    if c < 0.75: return R.choice([True, False])
    if c < 0.85: return None
    if c < 0.93: return []
    return {}
def gen(t, depth=0):
    if R.random() < 0.12 and depth > 0:
        return rand_wrong(depth)
    if t == "string": return R.choice(STR)
    if t == "date": return R.choice(["2027-01-04","2027-01-09","2027-01-10","2027-03-05","2027-03-04","2026-12-31","2027-06-30","2027-01-14","2027-01-15","2027-01-16","01/15/2027","02/29/2028","2027-02-29","XX/XX/XXXX", "", " ", None, [], {}, 5, ["x"], True, "TBD", "[Date]"])
    if t == "number": return R.choice([0, 1, -1, 0.5, -0.0, 1e10, 100])
    if t == "boolean": return R.choice([True, False])
    if t == "phone":
        if R.random() < 0.5: return R.choice(STR)
        return [gen("string", depth+1) for _ in range(R.randint(0,3))]
    if t.startswith("["):
        inner = t[1:-1]
        if inner == "string" and R.random() < 0.5:
            return [R.choice(["T1","T2","T3","A","B","",1,None]) for _ in range(R.randint(0, 3))]
        return [gen(inner, depth+1) for _ in range(R.randint(0, 5))]
    fields = S[t]
    o = {}
    for k, v in fields.items():
        if R.random() < 0.7: o[k] = gen(v, depth+1)
    if R.random() < 0.1: o["x_" + R.choice(["date","start","note"])] = rand_scalar()
    if R.random() < 0.05:
        o["x_unknown"] = {"start": rand_scalar(), "deep": [{"date": rand_scalar(), "t": R.choice(STR)}]}
    if o and R.random() < 0.08:
        k = R.choice(list(o))
        pairs = list(o.items())
        pairs.insert(R.randint(0, len(pairs)), (k, gen(fields.get(k, "string"), depth+1) if k in fields else rand_scalar()))
        return Dup(pairs)
    return o
class Dup:
    def __init__(self, pairs): self.pairs = pairs
def ser(x):
    if isinstance(x, Dup):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + ser(v) for k, v in x.pairs) + "}"
    if isinstance(x, dict):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + ser(v) for k, v in x.items()) + "}"
    if isinstance(x, list):
        return "[" + ", ".join(ser(v) for v in x) + "]"
    return json.dumps(x, ensure_ascii=R.random() < 0.5)
def rand_wrong(depth):
    c = R.random()
    if c < 0.7: return rand_scalar()
    if c < 0.85: return [rand_scalar() for _ in range(R.randint(0,3))]
    return {"date": rand_scalar(), "k": rand_scalar()}
p = gen("Plan")
if isinstance(p, Dup): p = dict(p.pairs)
if R.random() < 0.8: p["format"] = "imp/1"
if R.random() < 0.5:
    p["waivers"] = [{"rule": R.choice(["SCH009","SCH001","DOC006","DAT001","TPL002","POC002","undated-task","DOC001","GLO001","WVR003","TSK004"]),
                     "path": R.choice([None, "", " ", "/schedule/0", "/schedule/1", "/points_of_contact", "/points_of_contact/0", "/glossary", "/sched", 5]),
                     "reason": R.choice(["ok", "", " ", None]), "expires": R.choice(["2027-01-15", "2027-01-14", "", "XX/XX/XXXX", None, "2028-01-01"])} for _ in range(R.randint(1, 4))]
print(ser(p))
